// Flow control for one session: the source (the exec socket or the pty) is paused while the
// slowest consumer has too much output it has not acknowledged, so memory stays bounded however
// fast a command writes. Units are bytes of output (what xterm's write callback reports back).

/** Pause the source above this many unacknowledged bytes (VS Code uses 100,000 chars). */
export const HIGH_WATERMARK = 100_000;
/** Resume once the slowest consumer is below this. */
export const LOW_WATERMARK = 5_000;
/** Viewers acknowledge in units no larger than the low mark, or the stream could stall for good. */
export const ACK_UNIT = 5_000;

export interface FlowOptions {
  high?: number;
  low?: number;
}

export class FlowWindow<C> {
  private readonly unacked = new Map<C, number>();
  private pausedNow = false;
  pauses = 0;
  resumes = 0;
  readonly high: number;
  readonly low: number;

  constructor(
    private readonly pauseSource: () => void,
    private readonly resumeSource: () => void,
    opts: FlowOptions = {},
  ) {
    this.high = opts.high ?? HIGH_WATERMARK;
    this.low = opts.low ?? LOW_WATERMARK;
  }

  get paused(): boolean {
    return this.pausedNow;
  }

  add(consumer: C): void {
    this.unacked.set(consumer, 0);
  }

  remove(consumer: C, pending = 0): void {
    this.unacked.delete(consumer);
    this.check(pending);
  }

  /** The same bytes went to every consumer. */
  sent(bytes: number): void {
    for (const [c, n] of this.unacked) this.unacked.set(c, n + bytes);
  }

  acked(consumer: C, bytes: number, pending = 0): void {
    const n = this.unacked.get(consumer);
    if (n === undefined) return; // detached meanwhile
    this.unacked.set(consumer, Math.max(0, n - bytes));
    this.check(pending);
  }

  unackedBy(consumer: C): number {
    return this.unacked.get(consumer) ?? 0;
  }

  /** Bytes the slowest consumer still owes, plus output not yet sent (`pending`). */
  level(pending = 0): number {
    let max = 0;
    for (const n of this.unacked.values()) max = Math.max(max, n);
    return max + pending;
  }

  /** Pauses or resumes the source as the level crosses the watermarks (hysteresis in between). */
  check(pending = 0): void {
    const level = this.level(pending);
    if (!this.pausedNow && level > this.high) {
      this.pausedNow = true;
      this.pauses++;
      this.pauseSource();
    } else if (this.pausedNow && level < this.low) {
      this.pausedNow = false;
      this.resumes++;
      this.resumeSource();
    }
  }
}

/**
 * The viewer's side: count what the terminal has processed (from `term.write(data, cb)`) and
 * acknowledge in whole units, keeping the remainder (always below the low mark) for later.
 */
export class AckCounter {
  private owed = 0;
  constructor(
    private readonly send: (bytes: number) => void,
    private readonly unit = ACK_UNIT,
  ) {}

  processed(bytes: number): void {
    this.owed += bytes;
    while (this.owed >= this.unit) {
      this.owed -= this.unit;
      this.send(this.unit);
    }
  }
}
