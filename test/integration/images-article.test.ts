// The images as the article pictures them, against the real engine: a pause image of "100~200 KB"
// or less, and the toolbox's rsyslogd stand-in as the real `pstree -g` draws it inside a Pod.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../electron/engine/base/config.js';
import { doctor } from '../../electron/engine/doctor.js';
import { buildFromDirectory } from '../../electron/engine/images/docker-build.js';
import { isImageCurrent } from '../../electron/engine/images/roles.js';
import { testDocker } from './docker.js';
import { dockerExec, dockerInspect, run, startHarness, type Harness } from './pod-harness.js';

const config = loadConfig();
const GROUP = 'test-images-article';
const RUN = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness(GROUP);
});
afterAll(async () => {
  await h?.close();
});

describe('the pause image', () => {
  it('is as small as the article says: 200 KB or less (docker image inspect Size)', async () => {
    const size = Number((await run('docker', ['image', 'inspect', '--format', '{{.Size}}', config.pauseImage])).stdout.trim());
    expect(size).toBeGreaterThan(0);
    // Static against musl it is ~30 kB; glibc's gcc -static made ~700 kB.
    expect(size).toBeLessThanOrEqual(200_000);
  });
});

describe('the rsyslogd stand-in', () => {
  // One PID namespace: the shell container sees rsyslogd, as the article's `pstree -g` sees all.
  const POD = `{apiVersion: v1, kind: Pod, metadata: {name: rsyslogd}, spec: {shareProcessNamespace: true, terminationGracePeriodSeconds: 0,
  containers: [{name: rsyslogd, image: ${config.toolboxImage}, command: [rsyslogd]}, {name: shell, image: ${config.toolboxImage}, command: [sleep, '3600']}]}}
`;
  let shell = '';
  beforeAll(async () => {
    await h.apply(POD);
    const s = await h.waitFor('rsyslogd', (x) => x.ready === '2/2', 'Running');
    shell = s.containerStatuses.find((c) => c.name === 'shell')?.containerId as string;
  });

  it("shows in pstree -g inside the Pod as the article's picture: {imklog}, {imuxsock}, {main} and one PGID", async () => {
    const pid = (await dockerExec(shell, ['pidof', 'rsyslogd'])).trim();
    expect(pid).toMatch(/^\d+$/);
    const pgid = (await dockerExec(shell, ['ps', '-o', 'pgid=', '-p', pid])).trim();
    const pad = ' '.repeat(`rsyslogd(${pgid})─`.length);
    const picture = [`rsyslogd(${pgid})─┬─{imklog}(${pgid})`, `${pad}├─{imuxsock}(${pgid})`, `${pad}└─{main}(${pgid})`].join('\n');
    // The threads name themselves as they start: wait for all three. psmisc ≥ 22.21 names threads
    // after their process unless -t; -U draws the same lines whatever the locale.
    let tree = '';
    for (let i = 0; i < 50 && tree !== picture; i++) {
      if (i) await new Promise((r) => setTimeout(r, 100));
      tree = (await dockerExec(shell, ['pstree', '-g', '-t', '-U', pid])).trimEnd();
    }
    expect(tree).toBe(picture);
    // It idles in the kernel: all four tasks are asleep.
    const states = await dockerExec(shell, ['sh', '-c', `for t in /proc/${pid}/task/*/stat; do cut -d' ' -f3 "$t"; done`]);
    expect(states.trim().split('\n')).toEqual(['S', 'S', 'S', 'S']);
  });

  it('exits 0 on docker stop, even as PID 1 of its own container (it waits for SIGTERM)', async () => {
    const name = `podlab-test-rsyslogd-${RUN}`;
    const labels = ['--label', 'io.podlab.owned=true', '--label', `io.podlab.group=${GROUP}`];
    await run('docker', ['run', '-d', '--name', name, '--network', 'none', ...labels, config.toolboxImage, 'rsyslogd']);
    try {
      await run('docker', ['stop', '-t', '10', name]);
      // Without waiting for it, PID 1 ignores SIGTERM and the engine would SIGKILL it: 137.
      expect((await dockerInspect(name)).State.ExitCode).toBe(0);
      const { stderr } = await run('docker', ['logs', name]);
      expect(stderr).toContain('rsyslogd: got SIGTERM, shutting down');
    } finally {
      await run('docker', ['rm', '-f', name]).catch(() => undefined);
    }
  });
});

describe('an image an older Podlab built', () => {
  it('is not current, so the doctor says to rebuild it (and the test setup rebuilds it)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'podlab-test-old-'));
    const old = `podlab-test/old-toolbox-${RUN}:1`;
    try {
      // The labels of a toolbox from before the rsyslogd stand-in: no revision.
      await fs.writeFile(path.join(dir, 'Dockerfile'), `FROM ${config.pauseImage}\n`);
      const labels = { 'io.podlab.owned': 'true', 'io.podlab.image-role': 'toolbox', 'io.podlab.image-revision': '' };
      await buildFromDirectory(testDocker(), { image: old, contextDir: dir, entries: ['Dockerfile'], labels, networkMode: 'none', hint: 'test' });
      const current = await testDocker().getImage(config.pauseImage).inspect();
      expect(isImageCurrent('pause', current.Config.Labels)).toBe(true);

      const report = await doctor({ ...config, toolboxImage: old });
      expect(report.images.map((i) => [i.role, i.outdated ?? false])).toEqual([
        ['pause', false],
        ['toolbox', true],
      ]);
      expect(report.problems).toContainEqual({
        severity: 'warning',
        message: `the toolbox image ${old} was built by an older Podlab`,
        hint: 'run `podlab images build`',
      });
    } finally {
      await testDocker().getImage(old).remove().catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
