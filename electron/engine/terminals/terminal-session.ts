// One terminal session: a source (exec or pty) whose output is batched, mirrored into the replay
// screen and fanned out to viewers under flow control; and its lifecycle — the exit banner, Enter
// to reconnect (to the Pod's new container after a rebuild), and reconnecting by itself.
import path from 'node:path';
import { PodlabError } from '../base/errors.js';
import type { PodRuntime } from '../pods/runtime.js';
import { OutputBatcher } from './batcher.js';
import { startExec } from './exec-source.js';
import { FlowWindow, type FlowOptions } from './flow.js';
import { loginShell, startPty } from './pty-source.js';
import { resolveContainer, runningContainer } from '../pods/resolve.js';
import { Resizer } from './resizer.js';
import { ReplayScreen } from './screen.js';
import type { SessionEvent, SessionInfo, SessionSize, SessionStream, SessionTarget } from './session.js';
import type { ResourceCounts, SourceEnd, TerminalSource } from './source.js';
import { Timers, type TimerHandle } from './timers.js';

export interface SessionOptions {
  flow?: FlowOptions;
  /** How long an autoReconnect session waits for its container to run again (default 2 min). */
  autoReconnectGiveUpMs?: number;
}

export interface FlowStats {
  paused: boolean;
  pauses: number;
  resumes: number;
  /** Bytes sent to viewers (and the replay screen) so far. */
  bytesOut: number;
  /** Unacknowledged bytes of the slowest consumer plus output waiting in the batch. */
  level: number;
}

type Listener = (e: SessionEvent) => void;

interface Viewer {
  listeners: Set<Listener>;
}

const CR = 0x0d;
const encoder = new TextEncoder();

export class TerminalSession {
  readonly kind: SessionInfo['kind'];
  title: string;
  state: SessionInfo['state'] = 'starting';
  exitCode: number | undefined;
  containerId: string | undefined;
  readonly timers = new Timers();

  private source: TerminalSource | undefined;
  private generation = 0;
  private readonly screen: ReplayScreen;
  /** Screen writes not yet parsed: part of the replay until xterm has taken them in. */
  private readonly screenBacklog: Uint8Array[] = [];
  private readonly screenConsumer = {};
  private readonly flow: FlowWindow<object>;
  private readonly batcher: OutputBatcher;
  private readonly resizer: Resizer;
  private readonly viewers = new Set<Viewer>();
  private busy = false;
  private closed = false;
  private autoTimer: TimerHandle | undefined;
  private bytesOut = 0;

  constructor(
    readonly id: string,
    private readonly target: SessionTarget,
    size: SessionSize,
    private readonly rt: PodRuntime,
    private readonly counts: ResourceCounts,
    private readonly opts: SessionOptions = {},
  ) {
    this.kind = target.kind;
    this.title = target.kind === 'container' ? `${target.pod}/${target.container ?? ''}` : 'shell';
    this.screen = new ReplayScreen(size);
    counts.headless++;
    this.flow = new FlowWindow(
      () => this.source?.pause(),
      () => this.source?.resume(),
      opts.flow,
    );
    this.flow.add(this.screenConsumer);
    this.batcher = new OutputBatcher((d) => this.deliver(d), this.timers);
    this.resizer = new Resizer(
      size,
      (s) => {
        this.source?.resize(s);
        this.screen.resize(s);
      },
      this.timers,
    );
  }

  private get reconnectable(): boolean {
    return this.target.reconnectable !== false;
  }

  info(): SessionInfo {
    return {
      id: this.id,
      kind: this.kind,
      title: this.title,
      state: this.state,
      ...(this.exitCode !== undefined ? { exitCode: this.exitCode } : {}),
      size: this.resizer.current,
      ...(this.containerId ? { containerId: this.containerId } : {}),
    };
  }

  flowStats(): FlowStats {
    return { paused: this.flow.paused, pauses: this.flow.pauses, resumes: this.flow.resumes, bytesOut: this.bytesOut, level: this.flow.level(this.batcher.pending) };
  }

  get listenerCount(): number {
    let n = 0;
    for (const v of this.viewers) n += v.listeners.size;
    return n;
  }

  /** Opens the first source; rejects (with a PodlabError) when the target cannot be reached. */
  async start(): Promise<void> {
    await this.connect();
  }

  attach(): SessionStream {
    const viewer: Viewer = { listeners: new Set() };
    const backlog = this.screenBacklog.length ? new TextDecoder().decode(Buffer.concat(this.screenBacklog)) : '';
    const replay = this.screen.serialize() + backlog;
    this.viewers.add(viewer);
    this.flow.add(viewer);
    let attached = true;
    return {
      sessionId: this.id,
      replay,
      onEvent: (l) => {
        if (!attached) return () => undefined;
        viewer.listeners.add(l);
        return () => viewer.listeners.delete(l);
      },
      write: (d) => this.input(d),
      resize: (s) => this.resize(s),
      ack: (n) => this.flow.acked(viewer, n, this.batcher.pending),
      detach: () => {
        if (!attached) return;
        attached = false;
        viewer.listeners.clear();
        this.viewers.delete(viewer);
        this.flow.remove(viewer, this.batcher.pending);
      },
    };
  }

  input(data: string | Uint8Array): void {
    if (this.closed) return;
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (this.state === 'exited') {
      if (this.reconnectable && !this.busy && bytes.includes(CR)) {
        this.autoTimer?.cancel();
        void this.reconnect();
      }
      return;
    }
    if (!this.source) return;
    this.source.write(bytes);
    this.batcher.afterInput();
  }

  resize(size: SessionSize): void {
    if (!Number.isInteger(size.cols) || !Number.isInteger(size.rows) || size.cols < 1 || size.rows < 1) return;
    this.resizer.request(size);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.autoTimer?.cancel();
    this.resizer.dispose();
    this.batcher.dispose();
    const src = this.source;
    this.source = undefined;
    this.generation++;
    await src?.close();
    if (this.state !== 'exited') this.emit({ type: 'exit', exitCode: null, reason: 'session closed' });
    this.state = 'exited';
    for (const v of this.viewers) v.listeners.clear();
    this.viewers.clear();
    this.timers.cancelAll();
    this.screen.dispose();
    this.counts.headless--;
  }

  private async connect(): Promise<void> {
    const t = this.target;
    let src: TerminalSource;
    let title: string;
    let containerId: string | undefined;
    const size = this.resizer.current;
    if (t.kind === 'container') {
      const r = await runningContainer(this.rt, t.pod, t.namespace, t.container);
      src = await startExec(this.rt, r.id, { size, ...(t.command ? { command: t.command } : {}), ...(t.cwd ? { cwd: t.cwd } : {}), ...(t.env ? { env: t.env } : {}) }, this.counts);
      title = `${t.pod}/${r.container}`;
      containerId = r.id;
    } else {
      const command = t.command?.length ? t.command : loginShell();
      src = startPty({ size, command, ...(t.cwd ? { cwd: t.cwd } : {}), ...(t.env ? { env: t.env } : {}) }, this.counts);
      title = path.basename(command[0] as string);
    }
    if (this.closed) {
      await src.close();
      return;
    }
    const gen = ++this.generation;
    src.onData((chunk) => {
      if (gen !== this.generation) return;
      this.batcher.push(chunk);
      this.flow.check(this.batcher.pending);
    });
    src.onEnd((end) => {
      if (gen === this.generation) void this.ended(end);
    });
    if (this.flow.paused) src.pause(); // the consumers still lag behind the previous source
    this.source = src;
    this.title = title;
    this.containerId = containerId;
    this.exitCode = undefined;
    this.state = 'running';
  }

  private deliver(data: Uint8Array): void {
    const n = data.length;
    this.bytesOut += n;
    this.flow.sent(n);
    this.screenBacklog.push(data);
    this.screen.write(data, () => {
      this.screenBacklog.shift();
      this.flow.acked(this.screenConsumer, n, this.batcher.pending);
    });
    this.emit({ type: 'data', data });
    this.flow.check(this.batcher.pending);
  }

  private emit(e: SessionEvent): void {
    for (const v of this.viewers) for (const l of v.listeners) l(e);
  }

  /** A visible line in the screen (and every view), after whatever output came before it. */
  private banner(text: string): void {
    this.batcher.flush();
    this.deliver(encoder.encode(`\r\n${text}\r\n`));
  }

  private async ended(end: SourceEnd): Promise<void> {
    if (this.closed) return;
    this.busy = true;
    this.state = 'exited';
    this.source = undefined;
    this.batcher.flush();
    this.exitCode = end.exitCode ?? undefined;
    const code = end.exitCode === null ? 'unknown' : String(end.exitCode);
    let reason = `process exited with code ${code}`;
    let died = false;
    const t = this.target;
    if (t.kind === 'container') {
      // A killed container can end the exec's stream a moment before the engine marks the
      // container exited: when the exit looks like a signal, look again briefly before saying why.
      const bySignal = end.exitCode === null || end.exitCode >= 128;
      for (let i = 0; ; i++) {
        try {
          const r = await resolveContainer(this.rt, t.pod, t.namespace, t.container);
          died = !(r.id === this.containerId && r.running);
          if (died) reason = 'container exited';
        } catch (err) {
          died = true;
          reason = err instanceof PodlabError && err.code === 'POD_NOT_FOUND' ? 'Pod deleted' : 'container exited';
        }
        if (died || !bySignal || i >= 4 || this.closed) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    if (this.closed) return;
    if (this.reconnectable) {
      const action = t.kind === 'host' ? 'press Enter to restart' : 'press Enter to reconnect';
      this.banner(`[${reason} — ${action}]`);
    }
    this.busy = false;
    this.emit({ type: 'exit', exitCode: end.exitCode, reason });
    if (t.kind === 'container' && t.autoReconnect && died && this.reconnectable) this.waitAndReconnect(Date.now(), 250);
  }

  /** autoReconnect: poll the Pod (one list call) with a back-off until its container runs again. */
  private waitAndReconnect(since: number, delay: number): void {
    const t = this.target;
    if (t.kind !== 'container') return;
    this.autoTimer = this.timers.after(delay, () => {
      this.autoTimer = undefined;
      void (async () => {
        if (this.closed || this.state !== 'exited' || this.busy) return;
        const r = await resolveContainer(this.rt, t.pod, t.namespace, t.container).catch(() => undefined);
        if (this.closed || this.state !== 'exited') return;
        if (r?.running && (await this.reconnect())) return;
        if (Date.now() - since > (this.opts.autoReconnectGiveUpMs ?? 120_000)) {
          this.banner(`[gave up waiting for ${this.title} to run again — press Enter to reconnect]`);
          return;
        }
        this.waitAndReconnect(since, Math.min(delay * 1.5, 2000));
      })();
    });
  }

  private async reconnect(): Promise<boolean> {
    if (this.busy || this.closed) return false;
    this.busy = true;
    try {
      await this.connect();
      if (this.closed) return false;
      this.emit({ type: 'reconnected', title: this.title });
      return true;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.banner(`[cannot reconnect: ${msg} — press Enter to try again]`);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
