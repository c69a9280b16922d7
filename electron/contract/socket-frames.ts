// A terminal stream on the supervisor's socket: after the `{attach}` line the connection carries
// length-prefixed frames both ways — `[kind u8][length u32 BE][payload]`, kind 0 bytes as they are
// (output, keystrokes), kind 1 one JSON message (terminal-stream.ts's HostMessage / ViewerMessage).
import type { Socket } from 'node:net';
import { PodlabError } from '../engine/base/errors.js';

const BYTES = 0;
const JSON_MESSAGE = 1;
const HEADER = 5;
/** Larger than any output batch or keystroke burst (input is capped at 1 MiB): a bigger frame is a broken peer. */
export const MAX_FRAME = 4 * 1024 * 1024;

/** One message as a frame: a Uint8Array travels as bytes, anything else as JSON. */
export function encodeFrame(message: unknown): Buffer {
  const bytes = message instanceof Uint8Array;
  const payload = bytes ? message : Buffer.from(JSON.stringify(message));
  const head = Buffer.alloc(HEADER);
  head[0] = bytes ? BYTES : JSON_MESSAGE;
  head.writeUInt32BE(payload.byteLength, 1);
  return Buffer.concat([head, payload]);
}

/** Reassembles frames from a byte stream cut anywhere. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /**
   * The messages this chunk completes: Uint8Array for bytes, the parsed value for JSON (undefined
   * when it does not parse: the receiver's validation refuses it). Throws on a frame no peer of ours sends.
   */
  push(chunk: Uint8Array): unknown[] {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk);
    const out: unknown[] = [];
    while (data.length >= HEADER) {
      const kind = data[0];
      const size = data.readUInt32BE(1);
      if (kind !== BYTES && kind !== JSON_MESSAGE) throw badFrame(`unknown frame kind ${kind}`);
      if (size > MAX_FRAME) throw badFrame(`a frame of ${size} bytes (at most ${MAX_FRAME})`);
      if (data.length < HEADER + size) break;
      const payload = data.subarray(HEADER, HEADER + size);
      // A copy: the caller may keep the bytes while this buffer is reused.
      out.push(kind === BYTES ? new Uint8Array(payload) : parseJson(payload));
      data = data.subarray(HEADER + size);
    }
    this.pending = Buffer.from(data);
    return out;
  }
}

function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function badFrame(what: string): PodlabError {
  return new PodlabError('USAGE', `terminal stream refused: ${what}`, { hint: 'the peer does not speak this build of Podlab; run the command again' });
}

/**
 * Reads frames from a socket, starting with bytes already read past the attach line: each message to
 * `onMessage`, a broken frame to `onBroken` (the socket is then destroyed).
 */
export function readFrames(socket: Socket, first: Uint8Array, onMessage: (message: unknown) => void, onBroken: (err: PodlabError) => void): void {
  const reader = new FrameReader();
  const take = (chunk: Uint8Array) => {
    if (socket.destroyed) return;
    let messages: unknown[];
    try {
      messages = reader.push(chunk);
    } catch (err) {
      onBroken(err as PodlabError);
      socket.destroy();
      return;
    }
    for (const m of messages) onMessage(m);
  };
  socket.on('data', take);
  if (first.length) take(first);
}
