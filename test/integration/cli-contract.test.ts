// `pod logs`, `exec` (plain and -it) and `images build | ls` through the contract, end to end: the
// bundled CLI next to a real `podlab supervisor run` process, the CLI given a Docker endpoint that
// does not exist — so all of it must run in the supervisor. What a stopped or killed CLI leaves
// behind is checked from outside: dockerd's open log files, the supervisor's terminal sessions.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pty from 'node-pty';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectContract } from '../../electron/contract/socket-client.js';
import type { SessionInfo } from '../../electron/engine/model.js';
import { lockPath, querySupervisor } from '../../electron/engine/pods/supervisor/socket.js';
import { run } from './pod-harness.js';
import { visibleText } from './terminal-text.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin', 'podlab.js');
const GROUP = 'it-cli-contract';
const POD = 'cli-contract';
const SLOW = { timeout: 30_000, interval: 100 };

// JSON is YAML too.
const YAML = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: POD },
  spec: {
    terminationGracePeriodSeconds: 0,
    containers: [
      { name: 'talk', image: 'podlab/toolbox:1', command: ['sh', '-c', 'echo hello-out; echo hello-err >&2; sleep 100000 & wait'] },
      { name: 'quiet', image: 'podlab/toolbox:1', command: ['sleep', '100000'] },
    ],
  },
});

/** A `podlab supervisor run` process of its own state directory, and a CLI environment that can reach Docker only through it. */
class SupervisorProcess {
  readonly stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-it-cli-contract-'));
  /** The CLI's: no Docker engine answers at this endpoint. */
  readonly cliEnv: NodeJS.ProcessEnv = { ...process.env, PODLAB_STATE_DIR: this.stateDir, PODLAB_DOCKER_HOST: 'unix:///nonexistent/podlab-it-cli-contract.sock' };
  private proc: ChildProcess | undefined;

  async start(env: NodeJS.ProcessEnv = {}): Promise<this> {
    const proc = spawn(process.execPath, [CLI, 'supervisor', 'run'], { env: { ...process.env, ...env, PODLAB_STATE_DIR: this.stateDir }, stdio: 'ignore' });
    this.proc = proc;
    await vi.waitFor(async () => expect((await querySupervisor(this.stateDir))?.pid).toBe(proc.pid), SLOW);
    return this;
  }

  /** A contract call of the test's own, as the window would make it. */
  async call<T>(method: string, params: unknown): Promise<T> {
    const info = await querySupervisor(this.stateDir);
    const c = await connectContract(lockPath(this.stateDir), info?.build ?? '');
    if (!c) throw new Error('the supervisor does not serve the contract');
    try {
      return (await c.call(method, params)) as T;
    } finally {
      c.close();
    }
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (proc && proc.exitCode === null) await new Promise((resolve) => proc.once('exit', resolve).kill('SIGTERM'));
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

function podlab(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 120_000 }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });
}

/** The bundled CLI under a real pty, as a user runs `podlab exec -it`. */
class Terminal {
  readonly term: pty.IPty;
  readonly exited: Promise<number>;
  private text = '';

  constructor(env: NodeJS.ProcessEnv, args: string[]) {
    this.term = pty.spawn(process.execPath, [CLI, ...args], { cols: 91, rows: 27, env });
    this.term.onData((d) => (this.text += d));
    this.exited = new Promise((resolve) => this.term.onExit((e) => resolve(e.exitCode)));
  }

  get out(): string {
    return this.text;
  }

  shows(re: RegExp): Promise<void> {
    return vi.waitFor(() => expect(visibleText(this.text)).toMatch(re), SLOW);
  }
}

/** How many files dockerd holds open on a container's json log: its writer, plus one per reader (`logs -f`). */
async function logFilesOpen(containerId: string): Promise<number> {
  const { stdout } = await run('pgrep', ['-o', 'dockerd']);
  const fds = `/proc/${stdout.trim()}/fd`;
  const targets = readdirSync(fds).map((fd) => {
    try {
      return readlinkSync(path.join(fds, fd));
    } catch {
      return ''; // closed meanwhile
    }
  });
  return targets.filter((t) => t.endsWith(`${containerId}-json.log`)).length;
}

let sup: SupervisorProcess;
let talk: string;

beforeAll(async () => {
  sup = await new SupervisorProcess().start();
  const file = path.join(sup.stateDir, 'pod.yaml');
  writeFileSync(file, YAML);
  const applied = await podlab(sup.cliEnv, 'pod', 'apply', '-f', file, '--group', GROUP, '--wait');
  expect(applied, applied.stderr).toMatchObject({ code: 0 });
  const { stdout } = await run('docker', ['ps', '-q', '--no-trunc', '--filter', `label=io.kubernetes.pod.name=${POD}`, '--filter', 'label=io.kubernetes.container.name=talk']);
  talk = stdout.trim();
}, 120_000);

afterAll(async () => {
  await podlab(sup.cliEnv, 'pod', 'rm', '--all', '--group', GROUP, '--grace', '0');
  await sup.stop();
}, 120_000);

describe('pod logs through the supervisor', () => {
  it("prints stdout and stderr apart, with kubectl's notice for the default container", async () => {
    const r = await podlab(sup.cliEnv, 'pod', 'logs', POD);
    expect(r).toMatchObject({ code: 0, stdout: 'hello-out\n' });
    expect(r.stderr.split('\n')).toEqual(['Defaulted container "talk" out of: talk, quiet', 'hello-err', '']);
  });

  it.each([
    ['Ctrl-C (the call cancelled)', 'SIGINT'],
    ['a killed CLI (its socket closed)', 'SIGKILL'],
  ] as const)('-f follows a line written later; %s ends it and dockerd closes the log it read', async (_how, signal) => {
    const readers = await logFilesOpen(talk);
    const follow = spawn(process.execPath, [CLI, 'pod', 'logs', POD, '-c', 'talk', '-f', '--tail', '0'], { env: sup.cliEnv });
    let out = '';
    follow.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const ended = new Promise<NodeJS.Signals | null>((resolve) => follow.on('exit', (_code, sig) => resolve(sig)));
    try {
      // Written to the container's stdout from outside until the follower shows it: it is attached then.
      await vi.waitFor(async () => {
        await run('docker', ['exec', talk, 'sh', '-c', `echo later-${signal} > /proc/1/fd/1`]);
        expect(out).toContain(`later-${signal}\n`);
      }, SLOW);
      expect(await logFilesOpen(talk)).toBe(readers + 1);
    } finally {
      follow.kill(signal);
    }
    expect(await ended).toBe(signal);
    await vi.waitFor(async () => expect(await logFilesOpen(talk)).toBe(readers), SLOW);
  });
});

describe('exec through the supervisor', () => {
  it("runs a command: stdout and stderr apart, the exit code; a missing Pod's error keeps its hint", async () => {
    const r = await podlab(sup.cliEnv, 'exec', POD, '-c', 'quiet', '--', 'sh', '-c', 'echo out; echo 中文 >&2; exit 7');
    expect(r).toMatchObject({ code: 7, stdout: 'out\n', stderr: '中文\n' });
    const missing = await podlab(sup.cliEnv, 'exec', 'no-such-pod', '--', 'true');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no-such-pod/);
    expect(missing.stderr).toMatch(/→ /);
  });

  it('-it: echo, CJK, the size of the outer terminal and its resize, the exit code; the session ends with it', async () => {
    const t = new Terminal(sup.cliEnv, ['exec', POD, '-c', 'quiet', '-it']);
    try {
      await t.shows(/#\s*$/);
      expect(await sup.call<SessionInfo[]>('terminals.list', {})).toHaveLength(1);
      t.term.write('stty size; echo 中文\r');
      await t.shows(/27 91\r*\n中文\r*\n/);
      t.term.resize(100, 30);
      await vi.waitFor(async () => expect((await sup.call<SessionInfo[]>('terminals.list', {}))[0]?.size).toEqual({ cols: 100, rows: 30 }), SLOW);
      t.term.write('stty size\r');
      await t.shows(/30 100\r*\n/);
      t.term.write('exit 3\r');
      expect(await t.exited).toBe(3);
    } finally {
      t.term.kill();
    }
    expect(t.out).not.toMatch(/press Enter/);
    await vi.waitFor(async () => expect(await sup.call<SessionInfo[]>('terminals.list', {})).toEqual([]), SLOW);
  });

  it('-it: ~. leaves at once though the shell answers nothing; a killed CLI leaves no session behind', async () => {
    const quits = new Terminal(sup.cliEnv, ['exec', POD, '-c', 'quiet', '-it']);
    try {
      await quits.shows(/#\s*$/);
      quits.term.write('kill -STOP $$\r');
      quits.term.write('~.');
      expect(await quits.exited).toBe(255);
      expect(quits.out).toMatch(/podlab: session closed \(~\.\)/);
    } finally {
      quits.term.kill();
    }
    const killed = new Terminal(sup.cliEnv, ['exec', POD, '-c', 'quiet', '-it']);
    await killed.shows(/#\s*$/);
    await vi.waitFor(async () => expect(await sup.call<SessionInfo[]>('terminals.list', {})).toHaveLength(1), SLOW);
    killed.term.kill('SIGKILL');
    await killed.exited;
    await vi.waitFor(async () => expect(await sup.call<SessionInfo[]>('terminals.list', {})).toEqual([]), SLOW);
  });

  it('-it: a container killed under the shell ends it non-zero, saying why and how to get back in', async () => {
    const t = new Terminal(sup.cliEnv, ['exec', POD, '-c', 'quiet', '-it']);
    try {
      await t.shows(/#\s*$/);
      const { stdout } = await run('docker', ['ps', '-q', '--filter', `label=io.kubernetes.pod.name=${POD}`, '--filter', 'label=io.kubernetes.container.name=quiet']);
      await run('docker', ['kill', stdout.trim()]);
      expect(await t.exited).toBe(137);
    } finally {
      t.term.kill();
    }
    expect(t.out).toMatch(/podlab: container quiet exited \(137\)/);
    expect(t.out).toMatch(/→ to get back in, run the same command again: podlab exec cli-contract -c quiet -it\r*\n/);
  });
});

describe('images through the supervisor', () => {
  it("build runs there, into the supervisor's own image name, with a progress line per phase; ls lists it", async () => {
    const tag = `podlab-it/pause:cli-contract-${process.pid}`;
    const builder = await new SupervisorProcess().start({ PODLAB_PAUSE_IMAGE: tag });
    try {
      const r = await podlab(builder.cliEnv, 'images', 'build', '--offline', '--only', 'pause');
      expect(r, r.stderr).toMatchObject({ code: 0 });
      expect(r.stdout).toMatch(new RegExp(`^built ${tag.replace(/[/.]/g, '\\$&')} \\(pause, offline\\) [0-9a-f]{12}\\n$`));
      expect(r.stderr).toContain(`${tag}: compile`);
      await run('docker', ['image', 'inspect', tag]);
      const ls = await podlab(builder.cliEnv, 'images', 'ls', '--json');
      expect(JSON.parse(ls.stdout)).toContainEqual(expect.objectContaining({ name: tag, role: 'pause', present: true }));
    } finally {
      await run('docker', ['rmi', tag]).catch(() => undefined);
      await builder.stop();
    }
  });
});
