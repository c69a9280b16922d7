// The deck's view of its mounted terminals, by tab key: run() and focus() reach a pane at once when
// it is mounted, or as soon as it mounts (a tab shown for the first time opens its session first).
import type { TerminalPane } from './terminal-pane.js';

export class PaneDirectory {
  private readonly panes = new Map<string, TerminalPane>();
  private readonly waiting = new Map<string, ((pane: TerminalPane) => void)[]>();

  /** Calls `f` with the tab's pane now, or once it mounts. */
  with(key: string, f: (pane: TerminalPane) => void): void {
    const pane = this.panes.get(key);
    if (pane) return f(pane);
    this.waiting.set(key, [...(this.waiting.get(key) ?? []), f]);
  }

  /** A pane mounted: it takes what waited for it. Returns the release function. */
  readonly register = (key: string, pane: TerminalPane): (() => void) => {
    this.panes.set(key, pane);
    const queued = this.waiting.get(key) ?? [];
    this.waiting.delete(key);
    for (const f of queued) f(pane);
    return () => {
      if (this.panes.get(key) === pane) this.panes.delete(key);
    };
  };

  /** A tab went away: what waited for it is dropped. */
  forget(key: string): void {
    this.waiting.delete(key);
  }
}
