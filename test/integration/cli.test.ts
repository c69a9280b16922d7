// The `podlab` CLI end to end, as a user runs it: real processes, the supervisor daemon the first
// apply starts, exit codes, stdout/stderr, --json shapes, and Docker checked independently.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodDescription } from '../../electron/engine/pods/describe.js';
import type { PodStatus } from '../../electron/engine/pods/sync/status.js';
import { querySupervisor } from '../../electron/engine/pods/supervisor/socket.js';
import { dockerExec, httpGet as get, run } from './pod-harness.js';
import { visibleText } from './terminal-text.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin', 'podlab.js');
const PORT = 25000 + (process.pid % 5000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'podlab-cli-'));
const env: NodeJS.ProcessEnv = { ...process.env, PODLAB_STATE_DIR: path.join(dir, 'state') };
delete env.PODLAB_NO_SUPERVISOR;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function podlab(...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function json<T>(...args: string[]): Promise<T> {
  const r = await podlab(...args, '--json');
  if (r.code !== 0) throw new Error(`podlab ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A CLI process that keeps running (`logs -f`, `ls -w`): its output so far, and how it ended. */
function podlabRunning(...args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, out: () => stdout, err: () => stderr };
}

/** A Pod of sleeping toolbox containers, `init` ones first; each says its name when it starts. */
function podYaml(name: string, containers: string[], o: { init?: string[]; annotations?: Record<string, string> } = {}): string {
  const ctr = (c: string, run: string) => `  - {name: ${c}, image: podlab/toolbox:1, command: [sh, -c, 'echo i-am-${c}${run}']}`;
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    ...(o.annotations ? ['  annotations:', ...Object.entries(o.annotations).map(([k, v]) => `    ${k}: ${v}`)] : []),
    'spec:',
    '  terminationGracePeriodSeconds: 0',
    ...(o.init ? ['  initContainers:', ...o.init.map((c) => ctr(c, ''))] : []),
    '  containers:',
    // `& wait` keeps sh as PID 1 (busybox would exec a last command), so /proc/1/cmdline names the container.
    ...containers.map((c) => ctr(c, '; sleep 100000 & wait')),
    '',
  ].join('\n');
}

// The Pod of the "done when": two init containers writing to an emptyDir in order,
// shareProcessNamespace, two containers and one hostPort.
const LAB = `apiVersion: v1
kind: Pod
metadata:
  name: lab
spec:
  shareProcessNamespace: true
  terminationGracePeriodSeconds: 1
  volumes:
  - name: www
    emptyDir: {}
  initContainers:
  - name: write
    image: podlab/toolbox:1
    command: [sh, -c, 'echo "1 write" >> /www/order; echo served-by-podlab > /www/index.html']
    volumeMounts: [{name: www, mountPath: /www}]
  - name: check
    image: podlab/toolbox:1
    command: [sh, -c, 'grep -q "1 write" /www/order && echo "2 check" >> /www/order']
    volumeMounts: [{name: www, mountPath: /www}]
  containers:
  - name: web
    image: podlab/toolbox:1
    command: [httpd, -f, -v, -p, '8080', -h, /www]
    ports: [{containerPort: 8080, hostPort: ${PORT}}]
    volumeMounts: [{name: www, mountPath: /www}]
  - name: shell
    image: podlab/toolbox:1
    command: [sleep, '100000']
    volumeMounts: [{name: www, mountPath: /www}]
`;

beforeAll(() => undefined);
afterAll(async () => {
  await podlab('pod', 'rm', '--all', '--grace', '0');
  const daemon = await querySupervisor(env.PODLAB_STATE_DIR as string);
  if (daemon) process.kill(daemon.pid, 'SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('podlab CLI', () => {
  it('prints help, and exits 2 on usage errors with the next step', async () => {
    const help = await podlab('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}pod apply\s+create Pods from manifests/m);
    const bad = await podlab('pod', 'frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown pod command "frobnicate"/);
    expect(bad.stderr).toMatch(/→ the pod commands: apply, plan, ls, describe, logs, rm, ps, ns, infra; see `podlab pod --help`/);
    const noFile = await podlab('pod', 'apply');
    expect(noFile.code).toBe(2);
  });

  it('each command has its own help; --version; bare `podlab pod` lists the pod commands (exit 0)', async () => {
    const logs = await podlab('pod', 'logs', '--help');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/^Usage:\n {2}podlab pod logs NAME /m);
    expect(logs.stdout).toMatch(/^ {2}-f, --follow /m);
    expect(logs.stdout).not.toMatch(/--grace/);
    expect(logs.stdout).toMatch(/^Examples:\n {2}podlab pod logs /m);
    expect((await podlab('pod', 'rm', '-h')).stdout).toMatch(/--grace SEC/);
    const version = await podlab('--version');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatchObject({ code: 0, stdout: `podlab ${pkg.version}\n` });
    const group = await podlab('pod');
    expect(group.code).toBe(0);
    expect(group.stdout).toMatch(/^ {2}logs\s+what the containers of a Pod wrote/m);
    expect(group.stdout).toMatch(/^ {2}infra\s+/m);
  });

  it('"did you mean" for a misspelled flag and sub-command (exit 2); a flag of another command is unknown', async () => {
    const flag = await podlab('pod', 'logs', 'x', '--follw');
    expect(flag).toMatchObject({ code: 2, stderr: 'error: unknown flag --follw for `podlab pod logs`; did you mean --follow?\n→ see `podlab pod logs --help` for its options\n' });
    const sub = await podlab('pod', 'desribe', 'x');
    expect(sub.code).toBe(2);
    expect(sub.stderr).toMatch(/^error: unknown pod command "desribe"; did you mean "describe"\?$/m);
    const other = await podlab('pod', 'logs', 'x', '--grace', '1');
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/unknown flag --grace for `podlab pod logs`/);
  });

  it('a numeric option that is not a number of 0 or more is a usage error (exit 2)', async () => {
    const tail = await podlab('pod', 'logs', 'x', '--tail', 'abc');
    expect(tail.code).toBe(2);
    expect(tail.stderr).toMatch(/--tail takes a number of lines, got "abc"/);
    const grace = await podlab('pod', 'rm', 'x', '--grace=-1');
    expect(grace.code).toBe(2);
    expect(grace.stderr).toMatch(/--grace takes a number of seconds, got "-1"\n→ /);
  });

  it('doctor reports the engine and both images', async () => {
    const r = await podlab('doctor');
    expect(r.code).toBe(0);
    const { stdout: version } = await run('docker', ['version', '--format', '{{.Server.Version}}']);
    expect(r.stdout).toContain(version.trim());
    const report = await json<{ reachable: boolean; images: { ref: string; present: boolean }[] }>('doctor');
    expect(report.reachable).toBe(true);
    expect(report.images.map((i) => [i.ref, i.present])).toEqual([
      ['podlab/pause:3.10', true],
      ['podlab/toolbox:1', true],
    ]);
  });

  it('images build and ls: the offline pause image, rebuilt with a progress line per phase', async () => {
    const r = await podlab('images', 'build', '--offline', '--only', 'pause');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^built podlab\/pause:3\.10 \(pause, offline\) [0-9a-f]{12}\n$/);
    expect(r.stderr).toMatch(/podlab\/pause:3\.10: compile/);
    const ls = await json<{ name: string; present: boolean }[]>('images', 'ls');
    expect(ls.filter((i) => i.present).map((i) => i.name)).toEqual(expect.arrayContaining(['podlab/pause:3.10', 'podlab/toolbox:1']));
  });

  it('apply --wait builds the Pod: init containers in order, shared PID with pause as PID 1, the hostPort answers', async () => {
    const r = await podlab('pod', 'apply', '-f', file('lab.yaml', LAB), '--wait');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('pod/lab created\n');
    const [pod] = await json<PodStatus[]>('pod', 'ls');
    expect(pod).toMatchObject({ name: 'lab', phase: 'Running', ready: '2/2', sandboxAttempt: 0, restarts: 0 });
    const shell = pod!.containerStatuses.find((c) => c.name === 'shell')!.containerId as string;
    expect(await dockerExec(shell, ['cat', '/www/order'])).toBe('1 write\n2 check\n');
    expect(await dockerExec(shell, ['cat', '/proc/1/comm'])).toBe('pause\n');
    expect(await get(PORT)).toBe('served-by-podlab\n');
    const table = await podlab('pod', 'ls');
    expect(table.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+SANDBOX\s+GROUP\nlab\s+2\/2\s+Running\s+0\s+/);
  });

  it('a second apply of the same file is unchanged; a supervisor daemon now runs', async () => {
    const r = await podlab('pod', 'apply', '-f', path.join(dir, 'lab.yaml'));
    expect(r).toMatchObject({ code: 0, stdout: 'pod/lab unchanged\n' });
    const status = await podlab('supervisor', 'status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^supervisor running, pid \d+/);
  });

  it('describe shows the init containers, the events and the Docker containers behind the Pod', async () => {
    const r = await podlab('pod', 'describe', 'lab');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+lab$/m);
    expect(r.stdout).toMatch(/Init Containers:\n\s+write:/);
    expect(r.stdout).toMatch(/Exit Code:\s+0/);
    expect(r.stdout).toMatch(/pid shared \(pause is PID 1\)/);
    const d = await json<PodDescription>('pod', 'describe', 'lab');
    expect(d.events.map((e) => e.reason)).toEqual(expect.arrayContaining(['Pulled', 'SandboxReady', 'Created', 'Started', 'Applied']));
    expect(d.events.find((e) => e.reason === 'Pulled' && e.object === 'web')?.message).toBe('Container image "podlab/toolbox:1" already present on machine');
    expect(d.docker.map((c) => c.podContainer)).toEqual(['POD', 'write', 'check', 'web', 'shell']);
  });

  it('pod ps --tree draws each container like pstree -g, pause first, in one PID namespace', async () => {
    const r = await podlab('pod', 'ps', 'lab', '--tree');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('pod/lab — one PID namespace for the whole Pod: pause is PID 1');
    expect(lines[1]).toBe('├─POD───pause(1)');
    expect(lines).toContain('├─write (init) [exited]');
    expect(lines.some((l) => /^├─web───httpd\(\d+\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /^└─shell───sleep\(\d+\)$/.test(l))).toBe(true);
  });

  it('pod ps --json and pod ns --json have the documented shapes, and the matrix matches /proc', async () => {
    const ps = await json<{ pod: string; containers: { name: string; processes: Record<string, unknown>[] }[] }>('pod', 'ps', 'lab');
    expect(ps.pod).toBe('lab');
    expect(ps.containers.map((c) => c.name)).toEqual(['POD', 'write', 'check', 'web', 'shell']);
    const pause = ps.containers[0]!.processes[0]!;
    expect(Object.keys(pause)).toEqual(expect.arrayContaining(['pid', 'nspid', 'ppid', 'pgid', 'sid', 'state', 'comm', 'args']));
    expect(pause).toMatchObject({ nspid: 1, comm: 'pause', args: '/pause' });
    const ns = await json<{ pod: string; containers: { name: string; pid: number; namespaces: Record<string, number> }[] }>('pod', 'ns', 'lab');
    expect(ns.pod).toBe('lab');
    const [infra, , , web] = ns.containers;
    expect(typeof infra!.namespaces.net).toBe('number');
    expect(web!.namespaces.net).toBe(infra!.namespaces.net);
    expect(web!.namespaces.pid).toBe(infra!.namespaces.pid);
    expect(web!.namespaces.uts).not.toBe(infra!.namespaces.uts);
    const { readlinkSync } = await import('node:fs');
    for (const c of [infra!, web!]) {
      for (const t of ['net', 'ipc', 'pid', 'uts', 'mnt']) {
        expect(readlinkSync(`/proc/${c.pid}/ns/${t}`)).toBe(`${t}:[${c.namespaces[t]}]`);
      }
    }
    const text = await podlab('pod', 'ns', 'lab');
    expect(text.stdout).toMatch(/^web\s+\d+ ✓\s+\d+ ✓\s+\d+ ✓\s+\d+\s+\d+\s/m);
    expect(text.stdout).toMatch(/uts: Docker cannot join a UTS namespace/);
  });

  it('logs prints what a container wrote', async () => {
    await get(PORT);
    const r = await until('httpd logged a request', async () => {
      const x = await podlab('pod', 'logs', 'lab', '-c', 'web');
      return /response:200/.test(x.stdout + x.stderr) ? x : undefined;
    });
    expect(r.code).toBe(0);
    // No -c: the first app container, said as kubectl says it (init containers listed last).
    const which = await podlab('pod', 'logs', 'lab');
    expect(which.code).toBe(0);
    expect(which.stdout + which.stderr).toMatch(/response:200/);
    expect(which.stderr.split('\n')[0]).toBe('Defaulted container "web" out of: web, shell, write (init), check (init)');
    const exec = await podlab('exec', 'lab', '--', 'cat', '/proc/1/comm');
    expect(exec).toMatchObject({ code: 0, stdout: 'pause\n', stderr: 'Defaulted container "web" out of: web, shell, write (init), check (init)\n' });
    const named = await podlab('exec', 'lab', '-c', 'shell', '--', 'true');
    expect(named).toMatchObject({ code: 0, stderr: '' });
  });

  it('logs -f follows: a line the container prints later arrives, until the CLI is stopped', async () => {
    const follow = podlabRunning('pod', 'logs', 'lab', '-c', 'web', '-f', '--tail', '0');
    try {
      // The follower is attached once a request made now shows up: retry until one does.
      await until('a request logged while following', async () => {
        await get(PORT);
        return /response:200/.test(follow.out() + follow.err()) ? true : undefined;
      }, 30_000);
      expect(follow.err()).not.toMatch(/error/);
    } finally {
      follow.child.kill('SIGINT');
    }
    expect(await follow.exited).toMatchObject({ signal: 'SIGINT' });
  });

  it('the default-container annotation picks the container quietly; --all-containers --prefix shows every one, init first', async () => {
    const yaml = podYaml('annotated', ['first', 'second'], { init: ['setup'], annotations: { 'kubectl.kubernetes.io/default-container': 'second' } });
    expect((await podlab('pod', 'apply', '-f', file('annotated.yaml', yaml), '--wait')).code).toBe(0);
    try {
      const logs = await podlab('pod', 'logs', 'annotated');
      expect(logs).toMatchObject({ code: 0, stdout: 'i-am-second\n', stderr: '' });
      // PID 1 of the container exec lands in is its `sh -c 'echo i-am-second; …'`.
      const exec = await podlab('exec', 'annotated', '--', 'cat', '/proc/1/cmdline');
      expect(exec).toMatchObject({ code: 0, stderr: '' });
      expect(exec.stdout).toContain('i-am-second');
      const all = await podlab('pod', 'logs', 'annotated', '--all-containers', '--prefix');
      expect(all).toMatchObject({
        code: 0,
        stdout: '[pod/annotated/setup] i-am-setup\n[pod/annotated/first] i-am-first\n[pod/annotated/second] i-am-second\n',
      });
      const both = await podlab('pod', 'logs', 'annotated', '--all-containers', '-c', 'first');
      expect(both.code).toBe(2);
      // Followed together: every container's lines, each whole, while they run — until stopped.
      const follow = podlabRunning('pod', 'logs', 'annotated', '--all-containers', '--prefix', '-f');
      try {
        await until('every container followed', async () => (follow.out().split('\n').length > 3 ? true : undefined), 30_000);
        expect(follow.out().split('\n').sort()).toEqual(['', '[pod/annotated/first] i-am-first', '[pod/annotated/second] i-am-second', '[pod/annotated/setup] i-am-setup']);
      } finally {
        follow.child.kill('SIGINT');
      }
      expect(await follow.exited).toMatchObject({ signal: 'SIGINT' });
    } finally {
      await podlab('pod', 'rm', 'annotated', '--grace', '0');
    }
  });

  it('apply takes several files and a directory, and a broken second file leaves nothing created', async () => {
    const one = file('multi-1.yaml', podYaml('multi-1', ['app']));
    const two = file('multi-2.yaml', podYaml('multi-2', ['app']));
    try {
      const r = await podlab('pod', 'apply', '-f', one, '-f', two);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['pod/multi-1 created', 'pod/multi-2 created']);
      const manifests = path.join(dir, 'manifests');
      mkdirSync(path.join(manifests, 'deeper'), { recursive: true });
      writeFileSync(path.join(manifests, 'a.yml'), podYaml('multi-1', ['app']));
      writeFileSync(path.join(manifests, 'b.yaml'), podYaml('multi-2', ['app']));
      writeFileSync(path.join(manifests, 'notes.txt'), 'not a manifest');
      writeFileSync(path.join(manifests, 'deeper', 'c.yaml'), podYaml('multi-3', ['app']));
      const fromDir = await podlab('pod', 'apply', '-f', manifests);
      expect(fromDir.code).toBe(0);
      expect(fromDir.stdout.split('\n').filter(Boolean).sort()).toEqual(['pod/multi-1 unchanged', 'pod/multi-2 unchanged']);
      const plan = await podlab('pod', 'plan', '-f', manifests, '-R');
      expect((JSON.parse(plan.stdout) as { pod: { name: string } }[]).map((p) => p.pod.name)).toEqual(['multi-1', 'multi-2', 'multi-3']);

      const fresh = file('multi-4.yaml', podYaml('multi-4', ['app']));
      const broken = file('multi-broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: multi-5\nspec:\n  contianers: []\n');
      const bad = await podlab('pod', 'apply', '-f', fresh, '-f', broken);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`${broken}:6:3 spec.contianers: unknown field`);
      const { stdout } = await run('docker', ['ps', '-aq', '--filter', 'label=io.kubernetes.pod.name=multi-4']);
      expect(stdout.trim()).toBe('');
    } finally {
      await podlab('pod', 'rm', 'multi-1', 'multi-2', '--grace', '0');
    }
  });

  it('pod ls -w prints the table, then a line when a Pod changes (its process killed), until Ctrl-C (exit 0)', async () => {
    expect((await podlab('pod', 'apply', '-f', file('watched.yaml', podYaml('watched', ['app'])), '--group', 'watch', '--wait')).code).toBe(0);
    const watch = podlabRunning('pod', 'ls', '-w', '--group', 'watch');
    try {
      await until('the table', async () => (/^watched\s+1\/1\s+Running\s+0\s/m.test(watch.out()) ? true : undefined), 30_000);
      const [pod] = await json<PodStatus[]>('pod', 'ls', '--group', 'watch');
      await run('docker', ['kill', pod!.containerStatuses[0]!.containerId as string]);
      await until('a changed row', async () => (/^watched\s+\S+\s+\S+\s+1\s/m.test(watch.out()) ? true : undefined), 60_000);
      const lines = watch.out().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
      expect(lines.filter((l) => l.startsWith('NAME'))).toHaveLength(1);
    } finally {
      watch.child.kill('SIGINT');
      await podlab('pod', 'rm', '--all', '--group', 'watch', '--grace', '0');
    }
    expect(await watch.exited).toEqual({ code: 0, signal: null });
  });

  it('exec runs a command: stdout and stderr apart, stdin with -i, the exit code comes back', async () => {
    const r = await podlab('exec', 'lab', '-c', 'shell', '--', 'sh', '-c', 'echo out; echo err >&2; exit 7');
    expect(r).toMatchObject({ code: 7, stdout: 'out\n', stderr: 'err\n' });
    const withInput = await new Promise<Ran>((resolve) => {
      const child = execFile(process.execPath, [CLI, 'exec', 'lab', '-c', 'shell', '-i', '--', 'tr', 'a-z', 'A-Z'], { env }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, stdout, stderr }),
      );
      child.stdin?.end('中文 and ascii\n');
    });
    expect(withInput).toMatchObject({ code: 0, stdout: '中文 AND ASCII\n' });
    const noCmd = await podlab('exec', 'lab', '-c', 'shell');
    expect(noCmd.code).toBe(2);
  });

  it('exec -it gives a real TTY: size from the outer terminal, Ctrl-C reaches the process, the exit code comes back', async () => {
    const pty = await import('node-pty');
    const term = pty.spawn(process.execPath, [CLI, 'exec', 'lab', '-c', 'shell', '-it'], { cols: 91, rows: 27, env: env });
    let out = '';
    term.onData((d) => (out += d));
    const exited = new Promise<number>((resolve) => term.onExit((e) => resolve(e.exitCode)));
    // The screen so far goes into the failure message: a timeout then says what the terminal showed.
    const waitFor = (re: RegExp) => until(`terminal shows ${re}`, async () => (re.test(visibleText(out)) ? true : undefined), 20_000).catch((e: Error) => {
      throw new Error(`${e.message}; it shows ${JSON.stringify(out.slice(-400))}`);
    });
    await waitFor(/#\s*$/);
    term.write('stty size; echo 中文\r');
    await waitFor(/27 91/);
    await waitFor(/中文\r*\n.*中文/s);
    term.write('sleep 1000\r');
    await new Promise((r) => setTimeout(r, 300));
    term.write('\x03');
    term.write('echo after-interrupt\r');
    await waitFor(/after-interrupt\r*\n/);
    term.resize(100, 30);
    await new Promise((r) => setTimeout(r, 300));
    term.write('stty size\r');
    await waitFor(/30 100/);
    term.write('exit 3\r');
    expect(await exited).toBe(3);
    expect(out).not.toMatch(/press Enter to reconnect/);
  });

  it('docker kill of the pause container: the daemon rebuilds the Pod (attempt 1) and describe says why', async () => {
    const [before] = await json<PodStatus[]>('pod', 'ls');
    // `podlab pod infra` prints just the infra's Docker name, for `docker kill $(podlab pod infra lab)`.
    const infra = await podlab('pod', 'infra', 'lab');
    expect(infra).toMatchObject({ code: 0, stdout: `${before!.sandbox!.dockerName}\n` });
    await run('docker', ['kill', infra.stdout.trim()]);
    const after = await until('sandbox attempt 1 ready', async () => {
      const [p] = await json<PodStatus[]>('pod', 'ls');
      return p && p.sandboxAttempt === 1 && p.ready === '2/2' ? p : undefined;
    });
    expect(after.uid).toBe(before!.uid);
    const d = await json<PodDescription>('pod', 'describe', 'lab');
    expect(d.events.find((e) => e.reason === 'SandboxChanged')?.message).toMatch(/exited with code 137.*attempt 1/);
    const text = await podlab('pod', 'describe', 'lab');
    expect(text.stdout).toMatch(/Attempt:\s+1\s+— SandboxChanged: infra container k8s_POD_lab_default_\S+_0 exited with code 137/);
    expect(await get(PORT)).toBe('served-by-podlab\n');
  });

  it('a broken manifest fails with file:line:column and field for each problem, and creates nothing', async () => {
    const broken = file(
      'broken.yaml',
      `apiVersion: v1
kind: Pod
metadata:
  name: broken
spec:
  contianers:
  - name: app
    image: podlab/toolbox:1
`,
    );
    const r = await podlab('pod', 'apply', '-f', broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${broken}:6:3 spec.contianers: unknown field \`contianers\`; did you mean \`containers\`?`);
    const j = await podlab('pod', 'apply', '-f', broken, '--json');
    expect(JSON.parse(j.stdout)).toMatchObject({ error: { code: 'MANIFEST_INVALID' } });
    const { stdout } = await run('docker', ['ps', '-aq', '--filter', 'label=io.kubernetes.pod.name=broken']);
    expect(stdout.trim()).toBe('');
  });

  it('a missing image names the image and the next step, and creates nothing', async () => {
    const r = await podlab('pod', 'apply', '-f', file('noimg.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: noimg}\nspec:\n  containers:\n  - {name: a, image: "podlab-test/nope:1"}\n'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/podlab-test\/nope:1/);
    expect(r.stderr).toMatch(/→ /);
    const { stdout } = await run('docker', ['ps', '-aq', '--filter', 'label=io.kubernetes.pod.name=noimg']);
    expect(stdout.trim()).toBe('');
  });

  it('rm removes the Pod and its volume, and says so for a Pod that is not there', async () => {
    const [pod] = await json<PodStatus[]>('pod', 'ls');
    const r = await podlab('pod', 'rm', 'lab');
    expect(r).toMatchObject({ code: 0, stdout: 'pod/lab removed\n' });
    const c = await run('docker', ['ps', '-aq', '--filter', `label=io.kubernetes.pod.uid=${pod!.uid}`]);
    const v = await run('docker', ['volume', 'ls', '-q', '--filter', `label=io.kubernetes.pod.uid=${pod!.uid}`]);
    expect(c.stdout.trim() + v.stdout.trim()).toBe('');
    const again = await podlab('pod', 'rm', 'lab');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no Pod "lab"/);
  });

  it('rm says on stderr what its grace-period wait is for (PID 1 ignores SIGTERM), and --json keeps stdout clean', async () => {
    const deaf = file('deaf.yaml', "apiVersion: v1\nkind: Pod\nmetadata: {name: deaf}\nspec:\n  terminationGracePeriodSeconds: 2\n  containers:\n  - {name: web, image: podlab/toolbox:1, command: [sh, -c, 'sleep 1000 & wait']}\n");
    expect((await podlab('pod', 'apply', '-f', deaf, '--wait')).code).toBe(0);
    const r = await podlab('pod', 'rm', 'deaf', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ name: 'deaf' }]);
    expect(r.stderr).toMatch(/^pod\/deaf: sh is PID 1 in container web and ignores SIGTERM\b.* waiting up to 2 s\b.*; `--grace 0` ends it now$/m);
    expect(r.stderr).toMatch(/^pod\/deaf: web was killed \(SIGKILL\) after \d+ s$/m);
  });
});
