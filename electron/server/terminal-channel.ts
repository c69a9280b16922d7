// One attached viewer of a terminal session over a browser WebSocket (`/terminal/<session id>`):
// the socket becomes a StreamPort — binary frames are bytes both ways, text frames are the JSON
// control messages — handed to the contract's pipeSession (electron/contract/terminal-stream.ts).
// Closing the socket detaches the viewer only: the session lives on for the next attach (a reload).
import type { WebSocket } from 'ws';
import type { EngineApi } from '../contract/dispatch.js';
import { pipeSession, type StreamPort } from '../contract/terminal-stream.js';
import { formatError } from '../engine/base/errors.js';
import type { IdleReaper } from './idle-reaper.js';
import { bytesOf, CLOSE, closeSocket } from './ws-frames.js';

export interface TerminalChannelDeps {
  engine: () => Promise<Pick<EngineApi, 'terminalHost'>>;
  reaper: IdleReaper;
}

/** Control messages are parsed here; one that is no JSON is handed on as text, and pipeSession refuses it. */
function decode(data: Buffer, isBinary: boolean): unknown {
  if (isBinary) return data;
  const text = data.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Messages that arrive while the session is being looked up are kept for pipeSession, in order. */
function socketPort(ws: WebSocket): StreamPort {
  let listener: ((message: unknown) => void) | undefined;
  const early: unknown[] = [];
  ws.on('message', (data, isBinary) => {
    const message = decode(bytesOf(data), isBinary);
    if (listener) listener(message);
    else early.push(message);
  });
  return {
    send: (message) => {
      if (ws.readyState !== ws.OPEN) return;
      if (message instanceof Uint8Array) ws.send(message, { binary: true });
      else ws.send(JSON.stringify(message));
    },
    onMessage: (l) => {
      listener = l;
      for (const m of early.splice(0)) l(m);
    },
    onClose: (l) => ws.once('close', l),
    close: (reason) => closeSocket(ws, CLOSE.normal, reason),
  };
}

export async function serveTerminalChannel(ws: WebSocket, sessionId: string, deps: TerminalChannelDeps): Promise<void> {
  const port = socketPort(ws);
  let host: Pick<EngineApi, 'terminalHost'>['terminalHost'];
  try {
    host = (await deps.engine()).terminalHost;
  } catch (err) {
    return closeSocket(ws, CLOSE.internal, formatError(err));
  }
  let stream: ReturnType<typeof host.attach>;
  try {
    stream = host.attach(sessionId);
  } catch (err) {
    // "no terminal session term-…": closed, or never opened (a stale page after a restart).
    return closeSocket(ws, CLOSE.noSession, err instanceof Error ? err.message : String(err));
  }
  // The page went away while the session was looked up: nobody to stream to.
  if (ws.readyState !== ws.OPEN) return stream.detach();
  deps.reaper.attached(sessionId);
  ws.once('close', () => deps.reaper.detached(sessionId));
  pipeSession(stream, host.info(sessionId), port);
}
