// A terminal session's byte stream, the same over every front door: a channel of its own per
// attached viewer (an Electron MessagePort, a WebSocket), never the request/response path.
//
//   host → viewer   first {type:'attached', info, replay}; then output as binary messages (bytes,
//                   never decoded per chunk); {type:'exit'} / {type:'reconnected'} as they happen;
//                   {type:'closed', reason} last when the session or the stream ends.
//   viewer → host   input as binary (or {type:'input', data} text); {type:'resize', cols, rows};
//                   {type:'ack', bytes} — bytes of output the terminal has processed, sent from its
//                   write callback in units of ACK_UNIT. A viewer that stops acknowledging pauses the
//                   session's source at HIGH_WATERMARK; memory stays bounded.
//
// Viewer messages are validated here; one that does not fit closes the stream with the reason.
import { z } from 'zod';
import type { SessionEvent, SessionInfo, SessionStream } from '../engine/model.js';

export { ACK_UNIT, HIGH_WATERMARK, LOW_WATERMARK } from '../engine/model.js';

export type HostMessage = { type: 'attached'; info: SessionInfo; replay: string } | Exclude<SessionEvent, { type: 'data' }>;

const MAX_INPUT_CHARS = 1024 * 1024;

export const viewerMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('input'), data: z.string().max(MAX_INPUT_CHARS) }),
  z.strictObject({ type: z.literal('resize'), cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) }),
  z.strictObject({ type: z.literal('ack'), bytes: z.number().int().min(0).max(1 << 30) }),
]);
export type ViewerMessage = z.infer<typeof viewerMessage>;

/** The transport under one attached viewer: whatever carries binary and JSON messages both ways. */
export interface StreamPort {
  send(message: HostMessage | Uint8Array): void;
  /** Binary messages arrive as Uint8Array, the others as parsed JSON (or anything: it is checked). */
  onMessage(listener: (message: unknown) => void): void;
  onClose(listener: () => void): void;
  close(reason: string): void;
}

/**
 * Connects one viewer's port to a session: replay first, then live output and the session's
 * events; input, resizes and acks back. Detaches when the port closes (the session lives on: a
 * reload attaches again and gets the replay), and closes the port when the viewer misbehaves.
 */
export function pipeSession(stream: SessionStream, info: SessionInfo, port: StreamPort): () => void {
  let done = false;
  const end = (reason?: string) => {
    if (done) return;
    done = true;
    off();
    stream.detach();
    if (reason === undefined) return;
    port.send({ type: 'closed', reason });
    port.close(reason);
  };
  port.send({ type: 'attached', info, replay: stream.replay });
  const off = stream.onEvent((e) => {
    if (e.type === 'data') port.send(e.data);
    else if (e.type === 'closed') end(e.reason);
    else port.send(e);
  });
  port.onMessage((m) => {
    if (done) return;
    if (m instanceof Uint8Array) {
      if (m.byteLength > MAX_INPUT_CHARS) return end('input message too large');
      stream.write(m);
      return;
    }
    const parsed = viewerMessage.safeParse(m);
    if (!parsed.success) return end(`invalid terminal message: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}`);
    const msg = parsed.data;
    switch (msg.type) {
      case 'input':
        stream.write(msg.data);
        break;
      case 'resize':
        stream.resize({ cols: msg.cols, rows: msg.rows });
        break;
      case 'ack':
        stream.ack(msg.bytes);
        break;
    }
  });
  port.onClose(() => end());
  return () => end('detached');
}
