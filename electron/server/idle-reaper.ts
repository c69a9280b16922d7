// Terminal sessions opened from a browser outlive their page — a reload attaches again and gets the
// replay — but not forever: one that has had no viewer attached through this server for the idle
// limit (default 30 minutes) is closed. Sessions opened elsewhere (the CLI through the supervisor
// socket) are their opener's business and never reaped here.
export const DEFAULT_IDLE_MS = 30 * 60_000;

interface Tracked {
  viewers: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class IdleReaper {
  private readonly sessions = new Map<string, Tracked>();

  constructor(
    private readonly closeSession: (id: string) => Promise<void>,
    private readonly idleMs: number,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** A browser opened this session: its idle clock starts now, until a viewer attaches. */
  opened(id: string): void {
    const s: Tracked = { viewers: 0, timer: undefined };
    this.sessions.set(id, s);
    this.arm(id, s);
  }

  attached(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    s.viewers++;
    clearTimeout(s.timer);
    s.timer = undefined;
  }

  detached(id: string): void {
    const s = this.sessions.get(id);
    if (!s || --s.viewers > 0) return;
    this.arm(id, s);
  }

  /** The server is stopping: no more reaping (the engine closes every session anyway). */
  dispose(): void {
    for (const s of this.sessions.values()) clearTimeout(s.timer);
    this.sessions.clear();
  }

  private arm(id: string, s: Tracked): void {
    clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      this.sessions.delete(id);
      this.closeSession(id).then(
        () => this.log(`closed terminal session ${id}: no viewer for ${Math.round(this.idleMs / 1000)} s`),
        (err: unknown) => this.log(`closing idle terminal session ${id} failed: ${String(err)}`),
      );
    }, this.idleMs);
    s.timer.unref();
  }
}
