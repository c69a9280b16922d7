// The frames of a terminal stream on the supervisor's socket: bytes stay the bytes sent, JSON the
// message sent, however the stream is cut; a frame no peer of ours sends is refused.
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameReader, MAX_FRAME } from '../../electron/contract/socket-frames.js';

const messages: unknown[] = [new Uint8Array([0xe4, 0xb8, 0xad, 0x00, 0x0a]), { type: 'resize', cols: 100, rows: 30 }, new Uint8Array(0), { type: 'ack', bytes: 5000 }];
const wire = Buffer.concat(messages.map(encodeFrame));

describe('terminal stream frames', () => {
  it('come back as sent when the stream is cut at any byte', () => {
    for (let cut = 0; cut <= wire.length; cut++) {
      const reader = new FrameReader();
      const got = [...reader.push(wire.subarray(0, cut)), ...reader.push(wire.subarray(cut))];
      expect(got, `cut at ${cut}`).toEqual(messages);
    }
  });

  it('arrive one byte at a time too, bytes as Uint8Array and JSON parsed', () => {
    const reader = new FrameReader();
    const got = [...wire].flatMap((b) => reader.push(new Uint8Array([b])));
    expect(got[0]).toBeInstanceOf(Uint8Array);
    expect(got).toEqual(messages);
  });

  it('a JSON frame that does not parse is undefined, for the receiver to refuse', () => {
    const bad = Buffer.from([1, 0, 0, 0, 2, 0x7b, 0x7b]);
    expect(new FrameReader().push(bad)).toEqual([undefined]);
  });

  it('refuses an unknown kind and a frame over MAX_FRAME before reading its payload', () => {
    expect(() => new FrameReader().push(Buffer.from([7, 0, 0, 0, 0]))).toThrow(/unknown frame kind 7/);
    const huge = Buffer.alloc(5);
    huge.writeUInt32BE(MAX_FRAME + 1, 1);
    expect(() => new FrameReader().push(huge)).toThrow(/a frame of 4194305 bytes \(at most 4194304\)/);
  });
});
