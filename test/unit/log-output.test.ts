// Log bytes on their way out: Docker's multiplexed frames split into stdout and stderr however the
// chunks are cut, and — with a prefix or several followed containers — whole lines only.
import { describe, expect, it } from 'vitest';
import { FrameDecoder, LogLines } from '../../electron/engine/pods/log-output.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

function sink() {
  const writes: string[] = [];
  return { writes, write: (c: Buffer | string) => writes.push(c.toString()) };
}

describe('FrameDecoder', () => {
  it('splits frames into stdout and stderr, whatever the chunk boundaries', () => {
    const bytes = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')]);
    for (const cut of [1, 3, 8, 9, 15, bytes.length - 1]) {
      const got: [string, string][] = [];
      const d = new FrameDecoder();
      for (const part of [bytes.subarray(0, cut), bytes.subarray(cut)]) d.push(part, (s, p) => got.push([s, p.toString()]));
      expect(got, `cut at ${cut}`).toEqual([
        ['stdout', 'out 1\n'],
        ['stderr', 'err 1\n'],
        ['stdout', 'out 2\n'],
      ]);
    }
  });
});

describe('LogLines', () => {
  it('passes bytes through as they come without a prefix', () => {
    const out = sink();
    const lines = new LogLines(out, '', false);
    lines.write(Buffer.from('par'));
    lines.write(Buffer.from('tial\n'));
    lines.flush();
    expect(out.writes).toEqual(['par', 'tial\n']);
  });

  it('writes whole lines, each with the prefix in the same write, and ends a last partial line', () => {
    const out = sink();
    const lines = new LogLines(out, '[pod/web/app] ', true);
    lines.write(Buffer.from('one\ntw'));
    expect(out.writes).toEqual(['[pod/web/app] one\n']);
    lines.write(Buffer.from('o\nthree'));
    lines.flush();
    expect(out.writes).toEqual(['[pod/web/app] one\n', '[pod/web/app] two\n', '[pod/web/app] three\n']);
  });
});
