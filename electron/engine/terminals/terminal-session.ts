// One terminal session: its output path (session-output.ts: batching, the replay screen, viewers
// under flow control) and its lifecycle (session-lifecycle.ts: the source, its end, reconnecting),
// joined here with the input side — keystrokes and the debounced resize.
import type { PodRuntime } from '../pods/runtime.js';
import type { ContainerEvents } from '../docker/container-events.js';
import type { FlowOptions } from './flow.js';
import { Resizer } from './resizer.js';
import type { SessionInfo, SessionSize, SessionStream, SessionTarget } from './session.js';
import { SessionLifecycle } from './session-lifecycle.js';
import { SessionOutput, type FlowStats } from './session-output.js';
import type { ResourceCounts } from './source.js';
import { Timers } from './timers.js';

export type { FlowStats };

export interface SessionOptions {
  flow?: FlowOptions;
  /** How long an autoReconnect session waits for its container to run again (default 2 min). */
  autoReconnectGiveUpMs?: number;
}

const encoder = new TextEncoder();

export class TerminalSession {
  readonly kind: SessionInfo['kind'];
  readonly timers = new Timers();

  private readonly output: SessionOutput;
  private readonly life: SessionLifecycle;
  private readonly resizer: Resizer;

  constructor(
    readonly id: string,
    target: SessionTarget,
    size: SessionSize,
    rt: PodRuntime,
    counts: ResourceCounts,
    events: ContainerEvents,
    opts: SessionOptions = {},
  ) {
    this.kind = target.kind;
    this.output = new SessionOutput(size, { pause: () => this.life.pause(), resume: () => this.life.resume() }, this.timers, counts, opts.flow);
    this.resizer = new Resizer(
      size,
      (s) => {
        this.life.resize(s);
        this.output.resize(s);
      },
      this.timers,
    );
    this.life = new SessionLifecycle(target, {
      rt,
      events,
      counts,
      output: this.output,
      timers: this.timers,
      size: () => this.resizer.current,
      autoReconnectGiveUpMs: opts.autoReconnectGiveUpMs ?? 120_000,
    });
  }

  get title(): string {
    return this.life.title;
  }

  get state(): SessionInfo['state'] {
    return this.life.state;
  }

  get exitCode(): number | undefined {
    return this.life.exitCode;
  }

  get containerId(): string | undefined {
    return this.life.containerId;
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
    return this.output.stats();
  }

  get listenerCount(): number {
    return this.output.listenerCount;
  }

  /** Opens the first source; rejects (with a PodlabError) when the target cannot be reached. */
  async start(): Promise<void> {
    await this.life.connect();
  }

  attach(): SessionStream {
    return this.output.attach(this.id, { write: (d) => this.input(d), resize: (s) => this.resize(s) });
  }

  input(data: string | Uint8Array): void {
    if (this.life.closed) return;
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (this.life.input(bytes)) this.output.afterInput();
  }

  resize(size: SessionSize): void {
    if (!Number.isInteger(size.cols) || !Number.isInteger(size.rows) || size.cols < 1 || size.rows < 1) return;
    this.resizer.request(size);
  }

  async close(): Promise<void> {
    if (this.life.closed) return;
    this.resizer.dispose();
    await this.life.close();
    this.timers.cancelAll();
    this.output.dispose();
  }
}
