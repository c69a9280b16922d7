// The frames of one browser WebSocket as this server handles them: a message's bytes, and closing
// with a code and a reason the client can show. A close frame holds at most 123 bytes of reason
// (RFC 6455), so longer reasons are cut at a character boundary.
import type { RawData, WebSocket } from 'ws';

/** A message's bytes (ws hands Buffers by default; fragments and ArrayBuffers are folded in anyway). */
export function bytesOf(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** Close codes of this server: RFC 6455's, plus one in the application range. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  /** A message that breaks the protocol (not JSON, not a known shape, binary on the API channel). */
  policy: 1008,
  tooBig: 1009,
  /** The engine could not be reached for this request. */
  internal: 1011,
  /** The terminal session asked for does not exist (closed, or never opened). */
  noSession: 4404,
} as const;

const MAX_REASON_BYTES = 123;

export function fitReason(reason: string): string {
  const bytes = Buffer.from(reason);
  if (bytes.length <= MAX_REASON_BYTES) return reason;
  // Room for the ellipsis (3 bytes); a cut must not fall inside a character (a continuation byte).
  let end = MAX_REASON_BYTES - 3;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString()}…`;
}

export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === ws.CLOSING || ws.readyState === ws.CLOSED) return;
  ws.close(code, fitReason(reason));
}
