// The terminal session host: opens, lists and closes sessions, and hands out viewer streams.
// No Electron here — the desktop app, the browser transport and the CLI all drive this class.
import { randomBytes } from 'node:crypto';
import { PodlabError } from '../base/errors.js';
import type { PodRuntime } from '../pods/runtime.js';
import { ContainerEvents } from '../docker/container-events.js';
import type { SessionInfo, SessionSize, SessionStream, SessionTarget } from './session.js';
import type { ResourceCounts } from './source.js';
import { TerminalSession, type FlowStats, type SessionOptions } from './terminal-session.js';

export type TerminalHostOptions = SessionOptions;

export interface TerminalCounts {
  sessions: number;
  sockets: number;
  ptys: number;
  headless: number;
  listeners: number;
  timers: number;
  /** Docker event subscriptions: one while any container session runs, shared by all. */
  eventStreams: number;
}

export class TerminalHost {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly live: ResourceCounts = { sockets: 0, ptys: 0, headless: 0 };
  private readonly events: ContainerEvents;

  constructor(
    private readonly rt: PodRuntime,
    private readonly opts: TerminalHostOptions = {},
  ) {
    this.events = new ContainerEvents(rt.docker, rt.home);
  }

  /** Starts a session (container: docker exec TTY; host: node-pty) and returns its info. */
  async open(target: SessionTarget, size: SessionSize): Promise<SessionInfo> {
    if (!(Number.isInteger(size.cols) && Number.isInteger(size.rows) && size.cols > 0 && size.rows > 0)) {
      throw new PodlabError('USAGE', `invalid terminal size ${size.cols}x${size.rows}`, { hint: 'cols and rows are positive integers' });
    }
    const id = `term-${randomBytes(6).toString('hex')}`;
    const s = new TerminalSession(id, target, size, this.rt, this.live, this.events, this.opts);
    this.sessions.set(id, s);
    try {
      await s.start();
    } catch (err) {
      this.sessions.delete(id);
      await s.close();
      throw err;
    }
    return s.info();
  }

  /** A new viewer: replay (current screen) + live stream; flow follows the slowest viewer's acks. */
  attach(sessionId: string): SessionStream {
    return this.get(sessionId).attach();
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info());
  }

  info(sessionId: string): SessionInfo {
    return this.get(sessionId).info();
  }

  /** Flow-control figures of a session (for tests, benchmarks and diagnostics). */
  stats(sessionId: string): FlowStats {
    return this.get(sessionId).flowStats();
  }

  /** Ends the session (closes the exec socket / kills the pty). */
  async close(sessionId: string): Promise<void> {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    this.sessions.delete(sessionId);
    await s.close();
  }

  /** Ends everything; afterwards counts() is all zeros. */
  async dispose(): Promise<void> {
    const all = [...this.sessions.keys()];
    await Promise.all(all.map((id) => this.close(id)));
  }

  /** Live resources, for leak tests: exec sockets, ptys, headless terminals, listeners, timers, event streams. */
  counts(): TerminalCounts {
    let listeners = 0;
    let timers = 0;
    for (const s of this.sessions.values()) {
      listeners += s.listenerCount;
      timers += s.timers.count;
    }
    return { sessions: this.sessions.size, ...this.live, listeners, timers, eventStreams: this.events.streams };
  }

  private get(sessionId: string): TerminalSession {
    const s = this.sessions.get(sessionId);
    if (!s) throw new PodlabError('USAGE', `no terminal session ${sessionId}`, { hint: 'it was closed; open a new one' });
    return s;
  }
}
