// The client side of a terminal stream on the supervisor's socket: a connection of its own that
// says `{attach: id}` after the hello and then speaks frames (socket-frames.ts). The session then
// looks to its viewer (`podlab exec -it`) just as one in this process does: a SessionStream.
import net from 'node:net';
import { PodlabError } from '../engine/base/errors.js';
import type { SessionEvent, SessionInfo, SessionSize, SessionStream } from '../engine/model.js';
import { encodeFrame, readFrames } from './socket-frames.js';
import { ACK_UNIT, type HostMessage } from './terminal-stream.js';

export interface AttachedViewer {
  /** The session as it was at attach time: an `exited` one will send no exit event any more. */
  info: SessionInfo;
  stream: SessionStream;
}

function lost(reason: string): PodlabError {
  return new PodlabError('INTERNAL', `the terminal stream from the Podlab supervisor ended: ${reason}`, { hint: 'run the command again' });
}

/**
 * Attaches to a session of the supervisor at `path` (of build `wantBuild`). With `closeWithStream`
 * the session ends when this stream does (the caller owns it). Rejects when the session cannot be attached.
 */
export function attachSession(path: string, wantBuild: string, sessionId: string, opts: { closeWithStream?: boolean } = {}): Promise<AttachedViewer> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(path);
    const listeners = new Set<(e: SessionEvent) => void>();
    // Events that come before the viewer subscribes (output right after the replay) wait for it.
    const early: SessionEvent[] = [];
    let attached = false;
    let ended = false;
    let unacked = 0;
    const emit = (e: SessionEvent) => {
      if (ended) return;
      if (e.type === 'closed') ended = true;
      if (listeners.size) for (const l of listeners) l(e);
      else early.push(e);
    };
    const send = (message: unknown) => {
      if (!sock.destroyed) sock.write(encodeFrame(message));
    };
    const stream = (replay: string): SessionStream => ({
      sessionId,
      replay,
      onEvent: (l) => {
        listeners.add(l);
        for (const e of early.splice(0)) l(e);
        return () => listeners.delete(l);
      },
      write: (data) => send(typeof data === 'string' ? Buffer.from(data) : data),
      resize: (size: SessionSize) => send({ type: 'resize', cols: size.cols, rows: size.rows }),
      // Acks in units of ACK_UNIT, as the protocol asks: fewer messages, and never a stall (ACK_UNIT ≤ LOW_WATERMARK).
      ack: (bytes) => {
        unacked += bytes;
        if (unacked < ACK_UNIT) return;
        send({ type: 'ack', bytes: unacked });
        unacked = 0;
      },
      detach: () => sock.end(),
    });
    const onMessage = (m: unknown) => {
      if (m instanceof Uint8Array) return emit({ type: 'data', data: m });
      const msg = m as HostMessage | undefined;
      if (!msg || typeof msg !== 'object') return;
      if (msg.type === 'attached') {
        attached = true;
        resolve({ info: msg.info, stream: stream(msg.replay) });
      } else if (!attached && msg.type === 'closed') {
        reject(new PodlabError('USAGE', `cannot attach to terminal session ${sessionId}: ${msg.reason}`, { hint: 'open a new session' }));
        sock.destroy();
      } else emit(msg);
    };
    let hello: Buffer | undefined = Buffer.alloc(0);
    const onHello = (chunk: Buffer) => {
      if (!hello) return;
      const data = Buffer.concat([hello, chunk]);
      const nl = data.indexOf(0x0a);
      if (nl < 0) {
        hello = data;
        return;
      }
      hello = undefined;
      sock.off('data', onHello);
      let build: unknown;
      try {
        build = (JSON.parse(data.subarray(0, nl).toString('utf8')) as { hello?: { build?: unknown } }).hello?.build;
      } catch {
        build = undefined;
      }
      if (build !== wantBuild) {
        sock.destroy();
        return reject(lost(`it is of another build (${String(build)})`));
      }
      sock.write(`${JSON.stringify({ attach: sessionId, ...(opts.closeWithStream ? { close: true } : {}) })}\n`);
      readFrames(sock, data.subarray(nl + 1), onMessage, (err) => emit({ type: 'closed', reason: err.message }));
    };
    sock.on('data', onHello);
    sock.on('error', (err) => {
      if (!attached) reject(lost(err.message));
    });
    sock.on('close', () => {
      if (!attached) reject(lost('the connection closed'));
      emit({ type: 'closed', reason: 'the connection to the Podlab supervisor closed' });
    });
  });
}
