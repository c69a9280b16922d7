// How container logs reach the terminal: Docker's multiplexed frames split back into stdout and
// stderr, and — with a prefix, or with several containers followed at once — whole lines only, so
// the lines of different containers never mix within a line.

/** Where log bytes go: a stream's `write` (stdout or stderr of the caller). */
export interface ByteSink {
  write(chunk: Buffer | string): unknown;
}

/** One container stream's output: passed through as it comes, or line by line behind a prefix. */
export class LogLines {
  private partial: Buffer = Buffer.alloc(0);

  constructor(
    private readonly out: ByteSink,
    private readonly prefix: string,
    private readonly wholeLines: boolean,
  ) {}

  write(chunk: Buffer): void {
    if (!this.wholeLines) {
      this.out.write(chunk);
      return;
    }
    let data = this.partial.length ? Buffer.concat([this.partial, chunk]) : chunk;
    for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a)) {
      // One write per line, prefix included: a line of another container cannot land inside it.
      this.out.write(Buffer.concat([Buffer.from(this.prefix), data.subarray(0, nl + 1)]));
      data = data.subarray(nl + 1);
    }
    this.partial = Buffer.from(data);
  }

  /** A last line the container wrote without a newline: ended here, so the next line starts clean. */
  flush(): void {
    if (!this.partial.length) return;
    this.out.write(Buffer.concat([Buffer.from(this.prefix), this.partial, Buffer.from('\n')]));
    this.partial = Buffer.alloc(0);
  }
}

/** Docker's multiplexed format: an 8-byte header (stream 1 or 2, 0, 0, 0, size BE) before each frame. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds bytes as they arrive; calls `frame` for every complete frame, keeps the rest. */
  push(chunk: Buffer, frame: (stream: 'stdout' | 'stderr', payload: Buffer) => void): void {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (data.length >= 8) {
      const size = data.readUInt32BE(4);
      if (data.length < 8 + size) break;
      frame(data[0] === 2 ? 'stderr' : 'stdout', data.subarray(8, 8 + size));
      data = data.subarray(8 + size);
    }
    this.pending = Buffer.from(data);
  }
}
