// Output batching: many small reads become one message every ~5 ms (capped), which is what keeps
// a flood cheap for the view; right after input the next output goes out at once (fast echo).
import type { TimerHandle, Timers } from './timers.js';

export const BATCH_MS = 5;
export const BATCH_CAP = 256 * 1024;

export class OutputBatcher {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private timer: TimerHandle | undefined;
  private eager = false;

  constructor(
    private readonly emit: (data: Uint8Array) => void,
    private readonly timers: Timers,
    private readonly delayMs = BATCH_MS,
    private readonly cap = BATCH_CAP,
  ) {}

  /** Bytes waiting for the next flush. */
  get pending(): number {
    return this.size;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.eager || this.size >= this.cap) {
      this.eager = false;
      this.flush();
    } else {
      this.timer ??= this.timers.after(this.delayMs, () => {
        this.timer = undefined;
        this.flush();
      });
    }
  }

  /** Input was just sent: what is pending goes now, and so does the next chunk (likely its echo). */
  afterInput(): void {
    this.flush();
    this.eager = true;
  }

  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.size === 0) return;
    const data = this.chunks.length === 1 ? (this.chunks[0] as Uint8Array) : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.emit(data);
  }

  dispose(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.chunks = [];
    this.size = 0;
  }
}
