// A session's lifecycle: connecting its source (a docker exec into the Pod's container, or a host
// pty), the end with its banner, and reconnecting — on Enter, or by itself after a Pod rebuild.
// A container's end comes from the engine's events (container-watch.ts), and the exec's stream,
// which may never end by itself then, is closed here.
import path from 'node:path';
import { resolveContainer, runningContainer } from '../pods/resolve.js';
import type { PodRuntime } from '../pods/runtime.js';
import type { ContainerEvents } from '../docker/container-events.js';
import { ContainerWatch } from './container-watch.js';
import { startExec } from './exec-source.js';
import { loginShell, startPty } from './pty-source.js';
import type { SessionInfo, SessionSize, SessionTarget } from './session.js';
import type { SessionOutput } from './session-output.js';
import type { ResourceCounts, SourceEnd, TerminalSource } from './source.js';
import type { TimerHandle, Timers } from './timers.js';

export interface LifecycleDeps {
  rt: PodRuntime;
  /** The host's one subscription to container ends. */
  events: ContainerEvents;
  counts: ResourceCounts;
  output: SessionOutput;
  timers: Timers;
  /** The size the program is to start with (the last one it was told). */
  size: () => SessionSize;
  /** How long an autoReconnect session waits for its container to run again. */
  autoReconnectGiveUpMs: number;
}

const CR = 0x0d;

export class SessionLifecycle {
  title: string;
  state: SessionInfo['state'] = 'starting';
  exitCode: number | undefined;
  containerId: string | undefined;
  closed = false;

  private source: TerminalSource | undefined;
  /** The current container source's watch on its container. */
  private watch: ContainerWatch | undefined;
  /** A source closed because its container died: released before close() resolves. */
  private retiring: Promise<void> = Promise.resolve();
  private generation = 0;
  private busy = false;
  private autoTimer: TimerHandle | undefined;
  private readonly output: SessionOutput;

  constructor(
    private readonly target: SessionTarget,
    private readonly deps: LifecycleDeps,
  ) {
    this.output = deps.output;
    this.title = target.kind === 'container' ? `${target.pod}/${target.container ?? ''}` : 'shell';
  }

  private get reconnectable(): boolean {
    return this.target.reconnectable !== false;
  }

  /** Input from a viewer; true when it reached the process (once it exited, Enter reconnects). */
  input(bytes: Uint8Array): boolean {
    if (this.state === 'exited') {
      if (this.reconnectable && !this.busy && bytes.includes(CR)) {
        this.autoTimer?.cancel();
        void this.reconnect();
      }
      return false;
    }
    if (!this.source) return false;
    this.source.write(bytes);
    return true;
  }

  resize(size: SessionSize): void {
    this.source?.resize(size);
  }

  pause(): void {
    this.source?.pause();
  }

  resume(): void {
    this.source?.resume();
  }

  /** Ends the source; the session emits its last `exit` unless it had exited already. */
  async close(): Promise<void> {
    this.closed = true;
    this.autoTimer?.cancel();
    this.output.stop();
    const src = this.source;
    this.source = undefined;
    this.watch?.close();
    this.watch = undefined;
    this.generation++;
    await Promise.all([src?.close(), this.retiring]);
    if (this.state !== 'exited') this.output.emit({ type: 'exit', exitCode: null, reason: 'session closed' });
    this.state = 'exited';
  }

  /** Opens a source for the target; rejects (with a PodlabError) when it cannot be reached. */
  async connect(): Promise<void> {
    const t = this.target;
    const { rt, counts } = this.deps;
    let src: TerminalSource;
    let title: string;
    let containerId: string | undefined;
    let watch: ContainerWatch | undefined;
    const size = this.deps.size();
    if (t.kind === 'container') {
      const r = await runningContainer(rt, t.pod, t.namespace, t.container);
      // Watching before the exec starts: a death from now on is seen, even one during the start.
      watch = await ContainerWatch.open(this.deps.events, rt, this.deps.timers, r);
      try {
        src = await startExec(rt, r.id, { size, ...(t.command ? { command: t.command } : {}), ...(t.cwd ? { cwd: t.cwd } : {}), ...(t.env ? { env: t.env } : {}) }, counts);
      } catch (err) {
        watch.close();
        throw err;
      }
      title = `${t.pod}/${r.container}`;
      containerId = r.id;
    } else {
      const command = t.command?.length ? t.command : loginShell();
      src = startPty({ size, command, ...(t.cwd ? { cwd: t.cwd } : {}), ...(t.env ? { env: t.env } : {}) }, counts);
      title = path.basename(command[0] as string);
    }
    if (this.closed) {
      watch?.close();
      await src.close();
      return;
    }
    const gen = ++this.generation;
    src.onData((chunk) => {
      if (gen === this.generation) this.output.push(chunk);
    });
    src.onEnd((end) => {
      if (gen === this.generation) void this.ended(end);
    });
    if (this.output.paused) src.pause(); // the consumers still lag behind the previous source
    this.source = src;
    this.watch = watch;
    watch?.onGone(() => {
      if (gen === this.generation) this.containerGone();
    });
    this.title = title;
    this.containerId = containerId;
    this.exitCode = undefined;
    this.state = 'running';
  }

  /** The container died under a running exec: end the session now, not when (if) its stream ends. */
  private containerGone(): void {
    if (this.closed || this.state !== 'running') return;
    const src = this.source;
    this.generation++; // what the dead stream still does is no longer news
    if (src) this.retiring = Promise.all([this.retiring, src.close().catch(() => undefined)]).then(() => undefined);
    void this.ended({ exitCode: null });
  }

  private async ended(end: SourceEnd): Promise<void> {
    if (this.closed) return;
    this.busy = true;
    this.state = 'exited';
    this.source = undefined;
    const watch = this.watch;
    this.watch = undefined;
    this.output.flush();
    let exitCode = end.exitCode;
    let reason = `process exited with code ${exitCode === null ? 'unknown' : String(exitCode)}`;
    const gone = await watch?.ended(end.exitCode);
    if (watch && gone) {
      reason = await watch.reason(gone);
      exitCode = gone.exitCode ?? exitCode;
    }
    watch?.close();
    if (this.closed) return;
    this.exitCode = exitCode ?? undefined;
    const t = this.target;
    if (this.reconnectable) {
      const action = t.kind === 'host' ? 'press Enter to restart' : 'press Enter to reconnect';
      this.output.banner(`[${reason} — ${action}]`);
    }
    this.busy = false;
    this.output.emit({ type: 'exit', exitCode, reason, ...(gone ? { containerGone: true as const } : {}) });
    if (t.kind === 'container' && t.autoReconnect && gone && this.reconnectable) this.waitAndReconnect(Date.now(), 250);
  }

  /** autoReconnect: poll the Pod (one list call) with a back-off until its container runs again. */
  private waitAndReconnect(since: number, delay: number): void {
    const t = this.target;
    if (t.kind !== 'container') return;
    this.autoTimer = this.deps.timers.after(delay, () => {
      this.autoTimer = undefined;
      void (async () => {
        if (this.closed || this.state !== 'exited' || this.busy) return;
        const r = await resolveContainer(this.deps.rt, t.pod, t.namespace, t.container).catch(() => undefined);
        if (this.closed || this.state !== 'exited') return;
        if (r?.running && (await this.reconnect())) return;
        if (Date.now() - since > this.deps.autoReconnectGiveUpMs) {
          this.output.banner(`[gave up waiting for ${this.title} to run again — press Enter to reconnect]`);
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
      this.output.emit({ type: 'reconnected', title: this.title });
      return true;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.output.banner(`[cannot reconnect: ${msg} — press Enter to try again]`);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
