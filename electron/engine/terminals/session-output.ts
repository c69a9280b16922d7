// A session's output path: source bytes batched, mirrored into the headless replay screen and fanned
// out to viewers under flow control; a newly attached viewer starts from the replay of the screen.
import { OutputBatcher } from './batcher.js';
import { FlowWindow, type FlowOptions } from './flow.js';
import { ReplayScreen } from './screen.js';
import type { SessionEvent, SessionSize, SessionStream } from './session.js';
import type { ResourceCounts } from './source.js';
import type { Timers } from './timers.js';

export interface FlowStats {
  paused: boolean;
  pauses: number;
  resumes: number;
  /** Bytes sent to viewers (and the replay screen) so far. */
  bytesOut: number;
  /** Unacknowledged bytes of the slowest consumer plus output waiting in the batch. */
  level: number;
}

/** What flow control stops and restarts: the current source, whichever it is. */
export interface FlowTarget {
  pause(): void;
  resume(): void;
}

type Listener = (e: SessionEvent) => void;

interface Viewer {
  listeners: Set<Listener>;
}

const encoder = new TextEncoder();

export class SessionOutput {
  private readonly screen: ReplayScreen;
  /** Screen writes not yet parsed: part of the replay until xterm has taken them in. */
  private readonly screenBacklog: Uint8Array[] = [];
  private readonly screenConsumer = {};
  private readonly flow: FlowWindow<object>;
  private readonly batcher: OutputBatcher;
  private readonly viewers = new Set<Viewer>();
  private bytesOut = 0;

  constructor(
    size: SessionSize,
    source: FlowTarget,
    timers: Timers,
    private readonly counts: ResourceCounts,
    flow?: FlowOptions,
  ) {
    this.screen = new ReplayScreen(size);
    counts.headless++;
    this.flow = new FlowWindow(
      () => source.pause(),
      () => source.resume(),
      flow,
    );
    this.flow.add(this.screenConsumer);
    this.batcher = new OutputBatcher((d) => this.deliver(d), timers);
  }

  /** True while the consumers lag too far behind: a new source starts paused. */
  get paused(): boolean {
    return this.flow.paused;
  }

  stats(): FlowStats {
    return { paused: this.flow.paused, pauses: this.flow.pauses, resumes: this.flow.resumes, bytesOut: this.bytesOut, level: this.flow.level(this.batcher.pending) };
  }

  get listenerCount(): number {
    let n = 0;
    for (const v of this.viewers) n += v.listeners.size;
    return n;
  }

  /** A new viewer: the replay, then live events; `write` and `resize` go back to the session. */
  attach(sessionId: string, session: Pick<SessionStream, 'write' | 'resize'>): SessionStream {
    const viewer: Viewer = { listeners: new Set() };
    const backlog = this.screenBacklog.length ? new TextDecoder().decode(Buffer.concat(this.screenBacklog)) : '';
    const replay = this.screen.serialize() + backlog;
    this.viewers.add(viewer);
    this.flow.add(viewer);
    let attached = true;
    return {
      sessionId,
      replay,
      onEvent: (l) => {
        if (!attached) return () => undefined;
        viewer.listeners.add(l);
        return () => viewer.listeners.delete(l);
      },
      write: (d) => session.write(d),
      resize: (s) => session.resize(s),
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

  /** Bytes read from the source. */
  push(chunk: Uint8Array): void {
    this.batcher.push(chunk);
    this.flow.check(this.batcher.pending);
  }

  /** Input was just written: send what is pending now, and the echo at once. */
  afterInput(): void {
    this.batcher.afterInput();
  }

  flush(): void {
    this.batcher.flush();
  }

  emit(e: SessionEvent): void {
    for (const v of this.viewers) for (const l of v.listeners) l(e);
  }

  /** A visible line in the screen (and every view), after whatever output came before it. */
  banner(text: string): void {
    this.batcher.flush();
    this.deliver(encoder.encode(`\r\n${text}\r\n`));
  }

  resize(size: SessionSize): void {
    this.screen.resize(size);
  }

  /** The session is closing: output still batched is dropped. */
  stop(): void {
    this.batcher.dispose();
  }

  dispose(): void {
    this.emit({ type: 'closed', reason: 'the terminal session was closed' });
    for (const v of this.viewers) v.listeners.clear();
    this.viewers.clear();
    this.screen.dispose();
    this.counts.headless--;
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
}
