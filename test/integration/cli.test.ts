// The `podlab` CLI end to end, as a user runs it: real processes, the supervisor daemon the first
// apply starts, exit codes, stdout/stderr, --json shapes, and Docker checked independently.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodDescription } from '../../electron/engine/pods/describe.js';
import type { PodStatus } from '../../electron/engine/pods/sync/status.js';
import { querySupervisor } from '../../electron/engine/pods/supervisor/socket.js';
import { dockerExec, httpGet as get, run } from './pod-harness.js';

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
    expect(help.stdout).toMatch(/podlab pod apply -f FILE/);
    const bad = await podlab('pod', 'frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown pod command "frobnicate"/);
    expect(bad.stderr).toMatch(/→ use apply, plan, ls, describe, logs, ps, ns or rm/);
    const noFile = await podlab('pod', 'apply');
    expect(noFile.code).toBe(2);
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
    const which = await podlab('pod', 'logs', 'lab');
    expect(which.code).toBe(2);
    expect(which.stderr).toMatch(/choose one of: write, check, web, shell/);
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
    const waitFor = (re: RegExp) => until(`terminal shows ${re}`, async () => (re.test(out) ? true : undefined), 20_000);
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
    await run('docker', ['kill', before!.sandbox!.id]);
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
});
