// How one stream's output gets into its terminal: written as the bytes that came (never decoded per
// chunk) and acknowledged from xterm's write callback in whole ACK_UNITs, so the host's flow
// control follows what this view has really processed. While its tab is hidden the terminal takes
// at most HIDDEN_BYTES_PER_TICK per tick: a flood in a background tab then waits at its source
// instead of taking the CPU the visible terminal's keystrokes need; showing the tab writes what
// waits at once.
import type { Terminal } from '@xterm/xterm';
import type { ACK_UNIT as CONTRACT_ACK_UNIT } from '../../../electron/contract/terminal-stream.js';

// The renderer takes only types from the contract: the literal type keeps this equal to it.
const ACK_UNIT: typeof CONTRACT_ACK_UNIT = 5_000;

/** 320 kB/s: far more than anyone reads in a tab they do not see. */
const HIDDEN_BYTES_PER_TICK = 32 * 1024;
const HIDDEN_TICK_MS = 100;

export class OutputSink {
  private backlog: Uint8Array[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Processed bytes not acknowledged yet: always less than one unit after an ack. */
  private owed = 0;
  private ended = false;

  constructor(
    private readonly term: Terminal,
    private readonly ack: (bytes: number) => void,
    private readonly visible: () => boolean,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.ended) return;
    if (this.visible() && !this.backlog.length) return this.write(chunk);
    this.backlog.push(chunk);
    this.timer ??= setTimeout(() => this.drain(HIDDEN_BYTES_PER_TICK), HIDDEN_TICK_MS);
  }

  /** The tab shows: everything waiting goes in now. */
  shown(): void {
    this.drain(Infinity);
  }

  /** The stream ended: what waits goes with it, and nothing more is acknowledged. */
  end(): void {
    this.ended = true;
    clearTimeout(this.timer);
    this.backlog = [];
  }

  /** Writes waiting output, up to `budget` bytes; what stays waits for the next tick. */
  private drain(budget: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (let left = budget, next = this.backlog[0]; next && left > 0; next = this.backlog[0]) {
      // A chunk may end inside a UTF-8 sequence: xterm's decoder keeps the partial bytes.
      const piece = next.byteLength <= left ? next : next.subarray(0, left);
      if (piece === next) this.backlog.shift();
      else this.backlog[0] = next.subarray(left);
      left -= piece.byteLength;
      this.write(piece);
    }
    if (this.backlog.length) this.timer = setTimeout(() => this.drain(HIDDEN_BYTES_PER_TICK), HIDDEN_TICK_MS);
  }

  private write(piece: Uint8Array): void {
    this.term.write(piece, () => this.processed(piece.byteLength));
  }

  private processed(bytes: number): void {
    if (this.ended) return;
    this.owed += bytes;
    if (this.owed < ACK_UNIT) return;
    const whole = this.owed - (this.owed % ACK_UNIT);
    this.owed -= whole;
    this.ack(whole);
  }
}
