// The pause and toolbox images against the real engine: what pause does as PID 1 (and not), that
// the toolbox carries the real tools, and how ensureImages/listImages/buildImages behave.
// Registry traffic only ever goes to 127.0.0.1:1 (a closed loopback port), never the network.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type PodlabConfig } from '../../electron/engine/base/config.js';
import { PodlabError } from '../../electron/engine/base/errors.js';
import { buildImages } from '../../electron/engine/images/build.js';
import { buildFromDirectory } from '../../electron/engine/images/docker-build.js';
import { ensureImages } from '../../electron/engine/images/ensure.js';
import { listImages } from '../../electron/engine/images/list.js';
import type { ImageProgress } from '../../electron/engine/images/progress.js';
import { IMAGE_REVISIONS } from '../../electron/engine/images/roles.js';
import { testDocker } from './docker.js';

const docker = testDocker();
const config = loadConfig();
const RUN = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const LABELS = { 'io.podlab.owned': 'true', 'io.podlab.group': 'test-images' };
/** A registry address that refuses at once, on loopback. */
const NO_REGISTRY = '127.0.0.1:1';

let containers: Docker.Container[] = [];
const testTags: string[] = [];

afterEach(async () => {
  // Reverse order: containers that joined another's PID namespace go before the namespace owner.
  for (const c of containers.reverse()) await c.remove({ force: true }).catch(() => undefined);
  containers = [];
});

afterAll(async () => {
  for (const tag of testTags) await docker.getImage(tag).remove().catch(() => undefined);
});

let seq = 0;
async function start(opts: Docker.ContainerCreateOptions): Promise<Docker.Container> {
  const c = await docker.createContainer({
    ...opts,
    name: `podlab-test-images-${RUN}-${++seq}`,
    Labels: LABELS,
    HostConfig: { NetworkMode: 'none', ...opts.HostConfig },
  });
  containers.push(c);
  await c.start();
  return c;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function exec(c: Docker.Container, cmd: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const e = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await e.start({ hijack: true, stdin: false });
  const out = collector();
  const err = collector();
  docker.modem.demuxStream(stream, out.stream, err.stream);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const info = await e.inspect();
  return { exitCode: info.ExitCode ?? -1, stdout: out.text(), stderr: err.text() };
}

/** Container logs without a TTY come framed: 8-byte headers (stream type, length). */
async function logs(c: Docker.Container): Promise<{ stdout: string; stderr: string }> {
  const buf = await c.logs({ stdout: true, stderr: true, follow: false });
  let stdout = '';
  let stderr = '';
  for (let at = 0; at + 8 <= buf.length; ) {
    const len = buf.readUInt32BE(at + 4);
    const text = buf.subarray(at + 8, at + 8 + len).toString('utf8');
    if (buf[at] === 2) stderr += text;
    else stdout += text;
    at += 8 + len;
  }
  return { stdout, stderr };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
}

/** Every process of the container's PID namespace, read from /proc/<pid>/stat inside it. */
async function processes(c: Docker.Container): Promise<ProcStat[]> {
  const { stdout } = await exec(c, ['sh', '-c', 'for f in /proc/[0-9]*/stat; do cat "$f" 2>/dev/null; echo; done']);
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      // comm may contain spaces and parentheses: it ends at the last ')'.
      const open = line.indexOf('(');
      const close = line.lastIndexOf(')');
      const [state, ppid] = line.slice(close + 2).split(' ');
      return { pid: Number(line.slice(0, open)), comm: line.slice(open + 1, close), state: state!, ppid: Number(ppid) };
    });
}

/**
 * Starts `sleep 1000` as an orphan in `c` (its subshell exits at once, so the sleep is re-parented
 * to PID 1 of the namespace), checks that it was re-parented to PID 1, kills it, and returns its pid.
 */
async function killAnOrphan(c: Docker.Container): Promise<number> {
  const orphan = await waitFor('the orphaned sleep to be re-parented to PID 1', async () =>
    (await processes(c)).find((p) => p.comm === 'sleep' && p.ppid === 1 && p.state !== 'Z'),
  );
  const killed = await exec(c, ['kill', '-KILL', String(orphan.pid)]);
  expect(killed.exitCode).toBe(0);
  return orphan.pid;
}

const ORPHAN_MAKER = ['sh', '-c', '(sleep 1000 &); exec sleep 60'];

describe('pause image', () => {
  it('runs as PID 1 and exits 0 on docker stop (it handles SIGTERM)', async () => {
    const pause = await start({ Image: config.pauseImage });
    const peek = await start({ Image: config.toolboxImage, Cmd: ['sleep', '60'], HostConfig: { PidMode: `container:${pause.id}` } });
    const cmdline = await exec(peek, ['cat', '/proc/1/cmdline']);
    expect(cmdline.stdout.split('\0')[0]).toBe('/pause');
    const status = (await processes(peek)).find((p) => p.pid === 1);
    expect(status?.comm).toBe('pause');

    await peek.remove({ force: true });
    await pause.stop({ t: 10 });
    const info = await pause.inspect();
    // Without a handler, PID 1 ignores SIGTERM and the engine would SIGKILL it: 137.
    expect(info.State.ExitCode).toBe(0);
    expect((await logs(pause)).stderr).toMatch(/SIGTERM/);
  });

  it('prints its version with -v and exits 0', async () => {
    const c = await start({ Image: config.pauseImage, Cmd: ['-v'] });
    const result = (await c.wait()) as { StatusCode: number };
    expect(result.StatusCode).toBe(0);
    expect((await logs(c)).stdout.trim()).toMatch(/^podlab-pause \d+\.\d+/);
  });

  it('warns when it is not PID 1, and only then', async () => {
    const first = await start({ Image: config.pauseImage });
    const second = await start({ Image: config.pauseImage, HostConfig: { PidMode: `container:${first.id}` } });
    const warning = await waitFor('the warning in the logs', async () => {
      const { stderr } = await logs(second);
      return /not running as PID 1/.test(stderr) ? stderr : undefined;
    });
    expect(warning).toMatch(/warning/);
    expect((await logs(first)).stderr).not.toMatch(/not running as PID 1/);
  });

  it('reaps the orphans of containers that share its PID namespace', async () => {
    const pause = await start({ Image: config.pauseImage });
    const joined = await start({ Image: config.toolboxImage, Cmd: ORPHAN_MAKER, HostConfig: { PidMode: `container:${pause.id}` } });
    const pid = await killAnOrphan(joined);
    // Gone from /proc means reaped; an unreaped child would stay a zombie (Z) for good.
    await waitFor('the killed orphan to be reaped', async () =>
      (await processes(joined)).some((p) => p.pid === pid) ? undefined : true,
    );
    expect((await processes(joined)).filter((p) => p.state === 'Z')).toEqual([]);
  });

  it('…whereas a PID 1 that does not reap leaves the orphan a zombie', async () => {
    const notAReaper = await start({ Image: config.toolboxImage, Cmd: ['sleep', '60'] });
    const joined = await start({ Image: config.toolboxImage, Cmd: ORPHAN_MAKER, HostConfig: { PidMode: `container:${notAReaper.id}` } });
    const pid = await killAnOrphan(joined);
    const zombie = await waitFor('the killed orphan to become a zombie', async () =>
      (await processes(joined)).find((p) => p.pid === pid && p.state === 'Z'),
    );
    expect(zombie.ppid).toBe(1);
  });
});

describe('toolbox image', () => {
  it('carries the real pstree, ps, ip, ss, nsenter, lsns and bash, plus busybox nc/httpd/wget', async () => {
    const box = await start({ Image: config.toolboxImage, Cmd: ['sleep', '60'] });

    const pstree = await exec(box, ['pstree', '-g', '-p']);
    expect(pstree.exitCode).toBe(0);
    expect(pstree.stdout).toMatch(/sleep\(1,1\)/); // pid 1 in process group 1

    const ps = await exec(box, ['ps', '-eo', 'pid,pgid,comm']);
    expect(ps.exitCode).toBe(0);
    expect(ps.stdout).toMatch(/PID\s+PGID\s+COMMAND/);
    expect(ps.stdout).toMatch(/^\s*1\s+1\s+sleep$/m);

    const ip = await exec(box, ['ip', 'addr']);
    expect(ip.exitCode).toBe(0);
    expect(ip.stdout).toMatch(/\blo\b[\s\S]*inet 127\.0\.0\.1\/8/);

    // ss from iproute2 (the labs list listening sockets with `ss -lnt`); busybox has none.
    const ss = await exec(box, ['ss', '-lnt']);
    expect(ss.exitCode).toBe(0);
    expect(ss.stdout).toMatch(/^State\s+Recv-Q\s+Send-Q\s+Local Address:Port/);

    const nsenter = await exec(box, ['nsenter', '--help']);
    expect(nsenter.exitCode).toBe(0);
    expect(nsenter.stdout).toMatch(/--target/);

    const lsns = await exec(box, ['lsns']);
    expect(lsns.exitCode).toBe(0);
    expect(lsns.stdout).toMatch(/\bnet\b/);
    expect(lsns.stdout).toMatch(/\bpid\b/);

    const bash = await exec(box, ['bash', '-c', 'echo "bash $BASH_VERSION"']);
    expect(bash.stdout).toMatch(/^bash \d+\.\d+/);

    // Through the shell too: busybox's own shell would run its ps/ip applets instead.
    const versions = await exec(box, ['sh', '-c', 'ps --version; ip -V; nsenter --version; timeout 5 ps --version']);
    expect(versions.exitCode).toBe(0);
    expect(versions.stdout).toMatch(/^ps from procps-ng/);
    expect(versions.stdout).toMatch(/iproute2/);
    expect(versions.stdout).toMatch(/util-linux/);
    expect(versions.stdout.match(/procps-ng/g)).toHaveLength(2);
    expect(versions.stdout + versions.stderr).not.toMatch(/BusyBox/);

    // httpd, wget and nc on the container's own loopback (its network mode is none).
    const web = await exec(box, [
      'sh',
      '-c',
      'mkdir -p /tmp/www && echo hello-podlab > /tmp/www/index.html && httpd -p 127.0.0.1:8080 -h /tmp/www && ' +
        'wget -qO- http://127.0.0.1:8080/index.html && ' +
        "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 5 127.0.0.1 8080",
    ]);
    expect(web.exitCode).toBe(0);
    expect(web.stdout).toMatch(/^hello-podlab\n/);
    expect(web.stdout).toMatch(/HTTP\/1\.[01] 200[\s\S]*hello-podlab/);

    const tmp = await exec(box, ['stat', '-c', '%a', '/tmp']);
    expect(tmp.stdout.trim()).toBe('1777');
  });
});

describe('ensureImages', () => {
  it('passes for a present image', async () => {
    await expect(ensureImages(docker, [{ image: config.pauseImage, pullPolicy: 'IfNotPresent' }], undefined, { config })).resolves.toEqual({
      warnings: [],
    });
  });

  it('reports a missing image that cannot be pulled as IMAGE_MISSING, naming it', async () => {
    const image = `${NO_REGISTRY}/podlab-test-missing-${RUN}:1`;
    const err = await ensureImages(docker, [{ image, pullPolicy: 'IfNotPresent', field: 'spec.containers[0].image' }], undefined, {
      config,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodlabError);
    const e = err as PodlabError;
    expect(e.code).toBe('IMAGE_MISSING');
    expect(e.message).toContain(`image "${image}" is not on this engine and could not be pulled: `);
    expect(e.message).toMatch(/connection refused/);
    expect(e.hint).toBe('check the image name, or build/pull it with docker');
    expect(e.location?.field).toBe('spec.containers[0].image');
  });

  it('collects every missing image into one error, with the build hint for our own images', async () => {
    const ownPause = `podlab-test/pause-missing-${RUN}:1`;
    const other = `podlab-test/other-missing-${RUN}:1`;
    const err = (await ensureImages(
      docker,
      [
        { image: ownPause, pullPolicy: 'Never' },
        { image: other, pullPolicy: 'Never' },
        { image: other, pullPolicy: 'Never' }, // deduplicated
        { image: config.pauseImage, pullPolicy: 'IfNotPresent' },
      ],
      undefined,
      { config: { ...config, pauseImage: ownPause } },
    ).catch((e: unknown) => e)) as PodlabError;
    expect(err.code).toBe('IMAGE_MISSING');
    expect(err.message).toContain(ownPause);
    expect(err.message).toContain(other);
    expect(err.details).toHaveLength(2);
    const byImage = (name: string): PodlabError | undefined => err.details.find((d) => d.message.includes(name));
    expect(byImage(ownPause)?.hint).toBe('run `podlab images build`');
    expect(byImage(other)?.hint).toBe('check the image name, or build/pull it with docker');
  });

  it('falls back to the local copy with a warning when an Always pull fails', async () => {
    const tag = `${NO_REGISTRY}/podlab-test-local-${RUN}`;
    await docker.getImage(config.pauseImage).tag({ repo: tag, tag: '1' });
    testTags.push(`${tag}:1`);
    const progress: ImageProgress[] = [];
    const result = await ensureImages(docker, [{ image: `${tag}:1`, pullPolicy: 'Always' }], (p) => progress.push(p), { config });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(`could not pull "${tag}:1"`);
    expect(result.warnings[0]).toContain('using the copy already on this engine');
    expect(progress.map((p) => p.phase)).toContain('pull');
  });
});

describe('listImages and buildImages', () => {
  it('lists the pause and toolbox images', async () => {
    const rows = await listImages(docker, config);
    for (const [role, name] of [['pause', config.pauseImage], ['toolbox', config.toolboxImage]] as const) {
      const row = rows.find((r) => r.role === role && r.name === name);
      expect(row, `${role} row`).toMatchObject({ present: true });
      expect(row?.id).toMatch(/^sha256:/);
      expect(row?.sizeBytes).toBeGreaterThan(0);
      expect(row?.labels?.['io.podlab.owned']).toBe('true');
    }
  });

  it('builds both images offline with progress, labelled, under the configured tags', async () => {
    const cfg: PodlabConfig = { ...config, pauseImage: `podlab-test/pause-${RUN}:1`, toolboxImage: `podlab-test/toolbox-${RUN}:1` };
    testTags.push(cfg.pauseImage, cfg.toolboxImage);
    const events: ImageProgress[] = [];
    const built = await buildImages(docker, cfg, { mode: 'offline', onProgress: (e) => events.push(e) });
    expect(built.map((b) => [b.role, b.image, b.mode])).toEqual([
      ['pause', cfg.pauseImage, 'offline'],
      ['toolbox', cfg.toolboxImage, 'offline'],
    ]);
    const phases = (image: string): Set<string> => new Set(events.filter((e) => e.image === image).map((e) => e.phase));
    expect([...phases(cfg.pauseImage)]).toEqual(expect.arrayContaining(['compile', 'build', 'done']));
    // The toolbox compiles its rsyslogd stand-in; musl here, so no fallback warning.
    expect([...phases(cfg.toolboxImage)]).toEqual(expect.arrayContaining(['collect', 'compile', 'build', 'done']));
    expect(events.filter((e) => e.message?.startsWith('warning:'))).toEqual([]);

    const pause = await docker.getImage(cfg.pauseImage).inspect();
    expect(pause.Config.Labels).toMatchObject({ 'io.podlab.owned': 'true', 'io.podlab.image-role': 'pause', 'io.podlab.image-revision': String(IMAGE_REVISIONS.pause) });
    expect(pause.Size).toBeLessThanOrEqual(200_000);
    expect(pause.Config.Entrypoint).toEqual(['/pause']);
    expect(pause.Config.User).toBe('65535:65535');
    const toolbox = await docker.getImage(cfg.toolboxImage).inspect();
    expect(toolbox.Config.Labels).toMatchObject({ 'io.podlab.owned': 'true', 'io.podlab.image-role': 'toolbox', 'io.podlab.image-revision': String(IMAGE_REVISIONS.toolbox) });
    expect(toolbox.Config.Cmd).toEqual(['sh']);
  });

  it('a failing build step fails the build (the stream itself ends normally) and tags nothing', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'podlab-test-context-'));
    const image = `podlab-test/failing-${RUN}:1`;
    try {
      await fs.writeFile(path.join(dir, 'Dockerfile'), `FROM ${config.toolboxImage}\nRUN exit 3\n`);
      const err = (await buildFromDirectory(docker, {
        image,
        contextDir: dir,
        entries: ['Dockerfile'],
        labels: LABELS,
        networkMode: 'none',
        hint: 'test hint',
      }).catch((e: unknown) => e)) as PodlabError;
      expect(err).toBeInstanceOf(PodlabError);
      expect(err.code).toBe('IMAGE_BUILD_FAILED');
      expect(err.message).toMatch(/returned a non-zero code: 3/);
      expect(err.hint).toBe('test hint');
      await expect(docker.getImage(image).inspect()).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a failed build leaves no image and no temporary directory', async () => {
    const assets = await fs.mkdtemp(path.join(os.tmpdir(), 'podlab-test-assets-'));
    const privateTmp = await fs.mkdtemp(path.join(os.tmpdir(), 'podlab-test-tmp-'));
    const savedTmp = process.env.TMPDIR;
    try {
      await fs.mkdir(path.join(assets, 'pause'));
      await fs.writeFile(path.join(assets, 'pause', 'pause.c'), 'int main(void) { return oops; }\n');
      process.env.TMPDIR = privateTmp; // the build's temp dirs land here
      const image = `podlab-test/broken-${RUN}:1`;
      const err = (await buildImages(docker, { ...config, pauseImage: image }, { mode: 'offline', only: ['pause'], assetsDir: assets }).catch(
        (e: unknown) => e,
      )) as PodlabError;
      expect(err).toBeInstanceOf(PodlabError);
      expect(err.code).toBe('IMAGE_BUILD_FAILED');
      expect(err.message).toMatch(/compiling .*pause\.c failed: .*oops/s);
      await expect(docker.getImage(image).inspect()).rejects.toMatchObject({ statusCode: 404 });
      expect(await fs.readdir(privateTmp)).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      await fs.rm(assets, { recursive: true, force: true });
      await fs.rm(privateTmp, { recursive: true, force: true });
    }
  });
});
