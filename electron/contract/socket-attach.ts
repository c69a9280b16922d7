// A viewer of a terminal session on the supervisor's socket (`podlab exec -it` through the process
// that supervises): a connection whose first line is `{attach: id}` carries frames from then on
// (socket-frames.ts), bound to the session by pipeSession as a browser's WebSocket is. With
// `close: true` the session ends with the connection: the CLI that opened it owns it, so a killed
// CLI leaves no shell behind in the supervisor.
import type { Socket } from 'node:net';
import { z } from 'zod';
import { formatError } from '../engine/base/errors.js';
import type { Dispatch } from './dispatch.js';
import { encodeFrame, readFrames } from './socket-frames.js';
import { pipeSession, type StreamPort } from './terminal-stream.js';

export const attachRequest = z.strictObject({
  attach: z.string().regex(/^term-[0-9a-f]{12}$/),
  close: z.literal(true).optional(),
});
export type AttachRequest = z.infer<typeof attachRequest>;

/** The socket as one viewer's port; messages that arrive before pipeSession listens wait for it. */
function socketPort(socket: Socket, first: Uint8Array): StreamPort {
  let listener: ((message: unknown) => void) | undefined;
  const early: unknown[] = [];
  readFrames(
    socket,
    first,
    (m) => (listener ? listener(m) : early.push(m)),
    (err) => socket.write(encodeFrame({ type: 'closed', reason: err.message })),
  );
  return {
    send: (message) => {
      if (!socket.destroyed) socket.write(encodeFrame(message));
    },
    onMessage: (l) => {
      listener = l;
      for (const m of early.splice(0)) l(m);
    },
    onClose: (l) => (socket.destroyed ? l() : socket.once('close', l)),
    close: () => socket.end(),
  };
}

export async function serveAttach(socket: Socket, dispatch: Dispatch, req: AttachRequest, first: Uint8Array): Promise<void> {
  const port = socketPort(socket, first);
  const refuse = (reason: string) => {
    port.send({ type: 'closed', reason });
    port.close(reason);
  };
  if (!dispatch.terminals) return refuse('this Podlab process serves no terminal sessions');
  try {
    const host = await dispatch.terminals();
    const stream = host.attach(req.attach);
    if (req.close) port.onClose(() => void host.close(req.attach).catch(() => undefined));
    pipeSession(stream, host.info(req.attach), port);
  } catch (err) {
    refuse(formatError(err));
  }
}
