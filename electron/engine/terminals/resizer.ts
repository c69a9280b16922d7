// Resize policy (xterm.js/VS Code practice): rows apply at once, columns are debounced, since
// dragging a window edge sends a storm of column changes and each one reflows the program's output.
import type { SessionSize } from './session.js';
import type { TimerHandle, Timers } from './timers.js';

export const COLS_DEBOUNCE_MS = 100;

export class Resizer {
  private applied: SessionSize;
  private wanted: SessionSize;
  private timer: TimerHandle | undefined;

  constructor(
    initial: SessionSize,
    private readonly apply: (size: SessionSize) => void,
    private readonly timers: Timers,
    private readonly debounceMs = COLS_DEBOUNCE_MS,
  ) {
    this.applied = { ...initial };
    this.wanted = { ...initial };
  }

  /** The size the program was last told. */
  get current(): SessionSize {
    return { ...this.applied };
  }

  request(size: SessionSize): void {
    this.wanted = { cols: size.cols, rows: size.rows };
    if (this.wanted.rows !== this.applied.rows) this.set({ cols: this.applied.cols, rows: this.wanted.rows });
    if (this.wanted.cols !== this.applied.cols) {
      this.timer?.cancel();
      this.timer = this.timers.after(this.debounceMs, () => {
        this.timer = undefined;
        if (this.wanted.cols !== this.applied.cols || this.wanted.rows !== this.applied.rows) this.set({ ...this.wanted });
      });
    }
  }

  dispose(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private set(size: SessionSize): void {
    this.applied = size;
    this.apply({ ...size });
  }
}
