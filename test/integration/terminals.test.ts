// Terminal sessions against real containers: a Pod's container through Docker exec and a host
// shell through node-pty, each driven by a headless xterm viewer that acknowledges as a view does.
// Facts are checked around the host where possible: `ps` in the container, `docker inspect`.
import xtermHeadless from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_CAP } from '../../electron/engine/terminals/batcher.js';
import { AckCounter, HIGH_WATERMARK } from '../../electron/engine/terminals/flow.js';
import { TerminalHost } from '../../electron/engine/terminals/host.js';
import type { ContainerTarget, SessionEvent, SessionSize, SessionStream } from '../../electron/engine/terminals/session.js';
import { run, sharedPidPod, startHarness, type Harness } from './pod-harness.js';

/** A test viewer as the real views do it: a headless xterm fed bytes, acknowledging from its write callback. */
class Consumer {
  readonly term: InstanceType<typeof xtermHeadless.Terminal>;
  readonly events: SessionEvent[] = [];
  received = 0;
  acked = 0;
  /** Largest received-but-unacknowledged count seen on arrival of data. */
  maxUnacked = 0;
  /** While true, processed bytes are kept back instead of acknowledged (a stalled view). */
  holdAcks = false;
  private held = 0;
  private readonly counter: AckCounter;
  private readonly off: () => void;

  constructor(
    readonly stream: SessionStream,
    size: SessionSize = { cols: 80, rows: 24 },
    /** Write every byte separately: multi-byte characters arrive split at each boundary. */
    private readonly splitBytes = false,
  ) {
    this.term = new xtermHeadless.Terminal({ cols: size.cols, rows: size.rows, scrollback: 1000, allowProposedApi: true });
    this.counter = new AckCounter((n) => {
      this.acked += n;
      stream.ack(n);
    });
    if (stream.replay) this.term.write(stream.replay);
    this.off = stream.onEvent((e) => {
      this.events.push(e);
      if (e.type !== 'data') return;
      const n = e.data.length;
      this.received += n;
      this.maxUnacked = Math.max(this.maxUnacked, this.received - this.acked);
      if (this.splitBytes) {
        for (let i = 0; i < n; i++) this.term.write(e.data.subarray(i, i + 1), i === n - 1 ? () => this.processed(n) : undefined);
      } else {
        this.term.write(e.data, () => this.processed(n));
      }
    });
  }

  private processed(n: number): void {
    if (this.holdAcks) this.held += n;
    else this.counter.processed(n);
  }

  releaseAcks(): void {
    this.holdAcks = false;
    const n = this.held;
    this.held = 0;
    this.counter.processed(n);
  }

  /** The whole buffer (scrollback and screen) as text, trailing spaces trimmed, wrapped lines joined. */
  text(): string {
    const b = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      const text = line?.translateToString(!b.getLine(i + 1)?.isWrapped) ?? ''; // keep a space at the wrap
      if (line?.isWrapped && lines.length) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    return lines.join('\n');
  }

  async waitText(re: RegExp, what: string, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await new Promise<void>((r) => this.term.write('', r)); // let queued writes parse
      const m = re.exec(this.text());
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`${what}: ${re} never appeared; screen:\n${this.text().split('\n').slice(-15).join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async waitEvent<T extends SessionEvent['type']>(type: T, timeoutMs = 30_000, from = 0): Promise<Extract<SessionEvent, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const e = this.events.slice(from).find((x) => x.type === type);
      if (e) return e as Extract<SessionEvent, { type: T }>;
      if (Date.now() > deadline) throw new Error(`no ${type} event; screen:\n${this.text().split('\n').slice(-10).join('\n')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  dispose(): void {
    this.off();
    this.stream.detach();
    this.term.dispose();
  }
}

const TOOLBOX = 'podlab/toolbox:1';
const POD = 'term';
let h: Harness;
let host: TerminalHost;
const consumers: Consumer[] = [];

const yaml = `
apiVersion: v1
kind: Pod
metadata: {name: ${POD}}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: shell, image: ${TOOLBOX}, command: [sleep, '100000']}
  - {name: side, image: ${TOOLBOX}, command: [sleep, '100001']}
`;

const target = (extra: Partial<ContainerTarget> = {}): ContainerTarget => ({ kind: 'container', pod: POD, container: 'shell', ...extra });

async function openConsumer(t: Parameters<TerminalHost['open']>[0], size = { cols: 80, rows: 24 }, split = false, on = host) {
  const info = await on.open(t, size);
  const c = new Consumer(on.attach(info.id), size, split);
  consumers.push(c);
  // Type only once the shell shows its prompt: input that arrives earlier is echoed by the TTY
  // before the prompt, and the command's output would then share the prompt's line.
  if (!t.command || t.kind === 'host') await c.waitText(/[#$] $/m, 'prompt');
  return { info, c };
}

async function runningId(container = 'shell', pod = POD): Promise<string> {
  const s = await h.status(pod);
  return s?.containerStatuses.find((c) => c.name === container)?.containerId ?? '';
}

/** Commands running in the container, as `docker top` sees them (around the session host). */
async function psIn(id: string): Promise<string> {
  const { stdout } = await run('docker', ['top', id, '-o', 'pid,args']);
  return stdout;
}

async function until<T>(f: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not happen`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ready = (s: { phase: string; ready: string }) => s.phase === 'Running' && s.ready === '2/2';

beforeAll(async () => {
  h = await startHarness('it-terminals');
  await h.apply(yaml);
  await h.waitFor(POD, ready, 'Pod running');
  host = new TerminalHost(h.engine.rt, { autoReconnectGiveUpMs: 60_000 });
}, 60_000);

afterAll(async () => {
  for (const c of consumers) c.dispose();
  await host?.dispose();
  await h?.close();
}, 60_000);

describe('container session', () => {
  it('runs bash (the image has it), echoes, and reports the exit code', async () => {
    const { info, c } = await openConsumer(target());
    expect(info).toMatchObject({ kind: 'container', title: `${POD}/shell`, state: 'running', containerId: await runningId() });
    c.stream.write('echo "hel""lo-$((40+2)) ${BASH_VERSION:+bash}"\r');
    await c.waitText(/^hello-42 bash$/m, 'echo');
    c.stream.write('exit 3\r');
    const exit = await c.waitEvent('exit');
    expect(exit).toEqual({ type: 'exit', exitCode: 3, reason: 'process exited with code 3' });
    await c.waitText(/\[process exited with code 3 — press Enter to reconnect\]/, 'exit banner');
    expect(host.info(info.id)).toMatchObject({ state: 'exited', exitCode: 3 });
    // Enter reconnects to the same (still running) container.
    c.stream.write('\r');
    await c.waitEvent('reconnected');
    c.stream.write('echo again-$((1+1))\r');
    await c.waitText(/^again-2$/m, 'echo after reconnect');
    await host.close(info.id);
  });

  it('uses the working directory and environment it was given, with TERM set', async () => {
    const { info, c } = await openConsumer(target({ cwd: '/tmp', env: { LAB_STEP: 'two' } }));
    c.stream.write('echo "[$(pwd)|$LAB_STEP|$TERM]"\r');
    await c.waitText(/^\[\/tmp\|two\|xterm-256color\]$/m, 'cwd and env');
    await host.close(info.id);
  });

  it('applies resizes: `stty size` in the container follows rows and columns', async () => {
    const { info, c } = await openConsumer(target(), { cols: 80, rows: 24 });
    c.stream.write('stty size\r');
    await c.waitText(/^24 80$/m, 'initial size');
    c.stream.resize({ cols: 132, rows: 40 });
    c.term.resize(132, 40);
    const deadline = Date.now() + 10_000;
    let n = 0;
    // Columns are debounced: ask until the new size shows (each answer is tagged to tell them apart).
    for (;;) {
      c.stream.write(`echo "q${n}:$(stty size)"\r`);
      const seen = await c.waitText(new RegExp(`^q${n}:(\\d+ \\d+)$`, 'm'), 'stty answer');
      if (seen[1] === '40 132') break;
      if (Date.now() > deadline) throw new Error(`size stayed ${seen[1]}`);
      n++;
    }
    expect(host.info(info.id).size).toEqual({ cols: 132, rows: 40 });
    await host.close(info.id);
  });

  it('Ctrl-C interrupts a foreground `sleep 1000` and the prompt comes back', async () => {
    const { info, c } = await openConsumer(target());
    const id = await runningId();
    c.stream.write('sleep 1000\r');
    await until(async () => /sleep 1000$/m.test(await psIn(id)), 'sleep 1000 running');
    c.stream.write('\x03');
    await until(async () => !/sleep 1000$/m.test(await psIn(id)), 'sleep 1000 gone');
    c.stream.write('echo after-$((2+3))\r');
    await c.waitText(/^after-5$/m, 'prompt back after Ctrl-C');
    await host.close(info.id);
  });

  it('keeps CJK intact both ways when every byte arrives on its own', async () => {
    const { info, c } = await openConsumer(target(), { cols: 80, rows: 24 }, true);
    // Output: the command line is ASCII, the output is UTF-8 (中文终端).
    c.stream.write("printf 'out:\\344\\270\\255\\346\\226\\207\\347\\273\\210\\347\\253\\257\\n'\r");
    await c.waitText(/^out:中文终端$/m, 'CJK output');
    // Input: CJK bytes typed one byte at a time reach the process intact.
    c.stream.write('head -n 1 | od -An -tx1\r');
    await new Promise((r) => setTimeout(r, 200));
    for (const b of new TextEncoder().encode('中文输入\r')) c.stream.write(Uint8Array.of(b));
    await c.waitText(/e4 b8 ad e6 96 87 e8 be 93 e5 85 a5 0a/, 'CJK input bytes');
    expect(c.text()).toMatch(/^中文输入$/m); // the TTY's echo, rendered from split bytes
    await host.close(info.id);
  });

  it('keeps memory bounded under a flood: the source pauses, a stalled view caps what is in flight', async () => {
    const { info, c } = await openConsumer(target());
    const id = await runningId();
    c.holdAcks = true;
    c.stream.write('seq 1 3000000; echo flood-$((6*7))\r');
    // The view stops acknowledging: what arrives stops growing, and seq is blocked, not done.
    await until(async () => host.stats(info.id).paused, 'source paused');
    let last = -1;
    await until(async () => {
      const stable = c.received === last;
      last = c.received;
      await new Promise((r) => setTimeout(r, 300));
      return stable && c.received === last;
    }, 'output stopped growing');
    expect(c.received).toBeLessThanOrEqual(HIGH_WATERMARK + BATCH_CAP);
    expect(await psIn(id)).toMatch(/seq 1 3000000/);
    expect(c.text()).not.toMatch(/flood-42/);
    // The view catches up: everything arrives, in order, with the bound held throughout.
    c.releaseAcks();
    await c.waitText(/^3000000\nflood-42$/m, 'end of the flood', 60_000);
    const stats = host.stats(info.id);
    expect(stats.pauses).toBeGreaterThan(1);
    expect(stats.resumes).toBeGreaterThan(1);
    expect(c.maxUnacked).toBeLessThanOrEqual(HIGH_WATERMARK + BATCH_CAP);
    expect(c.received).toBeGreaterThan(20_000_000); // seq 1 3000000 writes 20.9 MB (plus \r)
    await host.close(info.id);
  }, 90_000);

  it('replays the current screen to a viewer that attaches later', async () => {
    const { info, c } = await openConsumer(target());
    c.stream.write('echo "marker-$((3*3))"; stty size\r');
    await c.waitText(/^marker-9$/m, 'marker');
    c.dispose();
    const later = new Consumer(host.attach(info.id));
    consumers.push(later);
    expect(later.stream.replay).toContain('marker-9');
    await later.waitText(/^marker-9\n24 80$/m, 'replayed screen');
    later.stream.write('echo live-$((5+5))\r');
    await later.waitText(/^live-10$/m, 'live after replay');
    await host.close(info.id);
  });

  it('says the container exited when the Pod is rebuilt, and Enter reconnects to the new container', async () => {
    const { info, c } = await openConsumer(target());
    const oldId = info.containerId as string;
    const before = await h.status(POD);
    await run('docker', ['kill', before?.sandbox?.id as string]);
    const exit = await c.waitEvent('exit');
    expect(exit).toMatchObject({ containerGone: true, reason: expect.stringMatching(/^container shell exited \(\d+\): the Pod's sandbox (died|was rebuilt)$/) });
    await c.waitText(/\[container shell exited \(\d+\): the Pod's sandbox (died|was rebuilt) — press Enter to reconnect\]/, 'banner');
    await h.waitFor(POD, (s) => ready(s) && s.sandboxAttempt === 1, 'Pod rebuilt');
    c.stream.write('\r');
    await c.waitEvent('reconnected');
    const now = host.info(info.id);
    expect(now.containerId).not.toBe(oldId);
    expect(now.containerId).toBe(await runningId());
    c.stream.write('echo rebuilt-$((1+6))\r');
    await c.waitText(/^rebuilt-7$/m, 'echo in the new container');
    await host.close(info.id);
  }, 60_000);

  it('autoReconnect: reconnects by itself when the rebuilt Pod runs again', async () => {
    const { info, c } = await openConsumer(target({ autoReconnect: true }));
    const oldId = info.containerId as string;
    const before = await h.status(POD);
    await run('docker', ['kill', before?.sandbox?.id as string]);
    await c.waitEvent('exit');
    await c.waitEvent('reconnected', 60_000);
    const now = host.info(info.id);
    expect(now.state).toBe('running');
    expect(now.containerId).not.toBe(oldId);
    expect(now.containerId).toBe(await runningId());
    c.stream.write('echo auto-$((4+4))\r');
    await c.waitText(/^auto-8$/m, 'echo after autoReconnect');
    await host.close(info.id);
  }, 60_000);

  it('refuses a container the Pod does not have, with a hint', async () => {
    await expect(host.open(target({ container: 'nope' }), { cols: 80, rows: 24 })).rejects.toMatchObject({ hint: expect.stringMatching(/shell, side/) });
    await expect(host.open({ kind: 'container', pod: 'no-such-pod' }, { cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'POD_NOT_FOUND' });
  });
});

// Docker 20.10 keeps an exec's stream open for good once the PID namespace's pause was killed (when
// the shell had read a line): the end must come from the engine's events, and the stream be closed.
describe('a shared-PID Pod whose sandbox is killed under a session', () => {
  const PID_POD = 'term-pid';
  const pidYaml = sharedPidPod(PID_POD, ['web', 'side']);
  const pidTarget = (extra: Partial<ContainerTarget> = {}): ContainerTarget => ({ kind: 'container', pod: PID_POD, container: 'web', ...extra });
  const sandboxDied = /^container web exited \(137\): the Pod's sandbox (died|was rebuilt)$/;

  /** The shell has read a line (what makes the engine keep the stream open), then the infra is killed. */
  async function killInfraUnder(c: Consumer): Promise<number> {
    const s = await h.waitFor(PID_POD, ready, 'shared-PID Pod running');
    c.stream.write('echo before-$((1+1))\r');
    await c.waitText(/^before-2$/m, 'echo before the kill');
    await run('docker', ['kill', s.sandbox?.id as string]);
    return s.sandboxAttempt;
  }

  beforeAll(async () => {
    await h.apply(pidYaml);
  }, 60_000);

  it('says the container died with its sandbox, then Enter reconnects to the new container', async () => {
    const own = new TerminalHost(h.engine.rt);
    try {
      const { info, c } = await openConsumer(pidTarget(), { cols: 80, rows: 24 }, false, own);
      const attempt = await killInfraUnder(c);
      const exit = await c.waitEvent('exit', 15_000);
      expect(exit).toEqual({ type: 'exit', exitCode: 137, reason: expect.stringMatching(sandboxDied), containerGone: true });
      await c.waitText(/\[container web exited \(137\): the Pod's sandbox (died|was rebuilt) — press Enter to reconnect\]/, 'banner');
      expect(own.info(info.id)).toMatchObject({ state: 'exited', exitCode: 137 });
      // The dead stream was closed by the session, and no session needs the event stream now.
      await until(async () => own.counts().sockets === 0, 'exec socket closed');
      expect(own.counts()).toMatchObject({ sessions: 1, eventStreams: 0 });
      await h.waitFor(PID_POD, (s) => ready(s) && s.sandboxAttempt === attempt + 1, 'Pod rebuilt');
      c.stream.write('\r');
      await c.waitEvent('reconnected');
      const newId = await runningId('web', PID_POD);
      expect(own.info(info.id)).toMatchObject({ state: 'running', containerId: newId });
      expect(newId).not.toBe(info.containerId);
      await c.waitText(/reconnect\][\s\S]*[#$] ?\n*$/, 'prompt after reconnect');
      c.stream.write('sleep 4711 & echo after-$((3+4))\r');
      await c.waitText(/^after-7$/m, 'echo in the new container');
      expect(await psIn(newId)).toMatch(/sleep 4711/); // the command ran in the NEW container
    } finally {
      await own.dispose();
    }
  }, 90_000);

  it('a session that does not reconnect (podlab exec -it) ends with an exit event instead of hanging', async () => {
    const own = new TerminalHost(h.engine.rt);
    try {
      const { info, c } = await openConsumer(pidTarget({ reconnectable: false }), { cols: 80, rows: 24 }, false, own);
      expect(own.counts()).toMatchObject({ sockets: 1, eventStreams: 1 });
      await killInfraUnder(c);
      const exit = await c.waitEvent('exit', 15_000);
      expect(exit).toEqual({ type: 'exit', exitCode: 137, reason: expect.stringMatching(sandboxDied), containerGone: true });
      expect(c.text()).not.toMatch(/press Enter/);
      expect(own.info(info.id)).toMatchObject({ state: 'exited', exitCode: 137 });
      await until(async () => own.counts().sockets === 0, 'exec socket closed');
      expect(own.counts().eventStreams).toBe(0);
    } finally {
      await own.dispose();
    }
    expect(own.counts()).toEqual({ sessions: 0, sockets: 0, ptys: 0, headless: 0, listeners: 0, timers: 0, eventStreams: 0 });
  }, 90_000);

  it('says the Pod was deleted when it is removed under the session', async () => {
    const own = new TerminalHost(h.engine.rt);
    try {
      await h.waitFor(PID_POD, ready, 'shared-PID Pod running');
      const { c } = await openConsumer(pidTarget(), { cols: 80, rows: 24 }, false, own);
      await h.engine.remove({ name: PID_POD }, { graceSeconds: 0 });
      const exit = await c.waitEvent('exit', 15_000);
      expect(exit).toMatchObject({ containerGone: true, reason: expect.stringMatching(/^container web (exited \(\d+\)|was removed): the Pod was deleted$/) });
      await c.waitText(/: the Pod was deleted — press Enter to reconnect\]/, 'banner');
    } finally {
      await own.dispose();
    }
  }, 60_000);
});

describe('host session (node-pty)', () => {
  it('echoes, resizes, reports the exit code, and Enter restarts it', async () => {
    const { info, c } = await openConsumer({ kind: 'host', command: ['/bin/sh'], env: { PS1: '$ ' } }, { cols: 90, rows: 30 });
    expect(info).toMatchObject({ kind: 'host', title: 'sh', state: 'running' });
    c.stream.write('echo host-$((20+1)); stty size\r');
    await c.waitText(/^host-21\n30 90$/m, 'echo and size');
    c.stream.resize({ cols: 100, rows: 20 });
    let n = 0;
    for (;;) {
      c.stream.write(`echo "q${n}:$(stty size)"\r`);
      const seen = await c.waitText(new RegExp(`^q${n}:(\\d+ \\d+)$`, 'm'), 'stty answer');
      if (seen[1] === '20 100') break;
      if (++n > 50) throw new Error(`size stayed ${seen[1]}`);
    }
    c.stream.write('exit 4\r');
    expect(await c.waitEvent('exit')).toEqual({ type: 'exit', exitCode: 4, reason: 'process exited with code 4' });
    await c.waitText(/\[process exited with code 4 — press Enter to restart\]/, 'banner');
    c.stream.write('\r');
    await c.waitEvent('reconnected');
    c.stream.write('echo again-$((3+3))\r');
    await c.waitText(/^again-6$/m, 'restarted shell');
    await host.close(info.id);
  });

  it('runs the login shell by default', async () => {
    const { info, c } = await openConsumer({ kind: 'host' });
    c.stream.write('echo "pid=$$"\r');
    const m = await c.waitText(/pid=(\d+)$/m, 'login shell answers');
    const args = (await run('ps', ['-o', 'args=', '-p', m[1] as string])).stdout.trim();
    expect(args).toMatch(/^-|\s-l\b/); // a login shell
    await host.close(info.id);
  });
});

describe('resources', () => {
  it('leaves nothing behind: counts() is all zeros after dispose and no shell stays in the container', async () => {
    const id = await runningId();
    // Connections to the engine (a unix socket each): every one the sessions opened must close.
    const pipes = () => process.getActiveResourcesInfo().filter((r) => r === 'PipeWrap' || r === 'TCPSocketWrap').length;
    const before = pipes();
    const host = new TerminalHost(h.engine.rt);
    const opened = await Promise.all([host.open(target(), { cols: 80, rows: 24 }), host.open(target({ container: 'side' }), { cols: 80, rows: 24 }), host.open({ kind: 'host' }, { cols: 80, rows: 24 })]);
    const cs = opened.map((i) => {
      const c = new Consumer(host.attach(i.id));
      consumers.push(c);
      return c;
    });
    cs[0]?.stream.write('sleep 999\r');
    await until(async () => /sleep 999$/m.test(await psIn(id)), 'sleep 999 running');
    // Two container sessions, one subscription to Docker's events.
    expect(host.counts()).toMatchObject({ sessions: 3, sockets: 2, ptys: 1, headless: 3, listeners: 3, eventStreams: 1 });
    await host.dispose();
    expect(host.counts()).toEqual({ sessions: 0, sockets: 0, ptys: 0, headless: 0, listeners: 0, timers: 0, eventStreams: 0 });
    // Including the hang-up exec's reply, which kept a CLI alive for minutes after `~.`.
    await until(async () => pipes() <= before, 'connections to the engine closed', 10_000);
    // Closing the exec's socket hangs up its TTY: the shell and its job are gone in the container.
    await until(async () => !/bash|sleep 999$|sh -c/m.test(await psIn(id)), 'exec processes gone');
  });
});
