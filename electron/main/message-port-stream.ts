// A terminal stream's StreamPort (terminal-stream.ts) over Electron's MessagePortMain: output as
// Uint8Array and control as plain objects, both structured-cloned by Electron; the renderer's
// bytes arrive as Uint8Array (or an ArrayBuffer, made a view here) and its control as objects.
import type { MessagePortMain } from 'electron';
import type { HostMessage, StreamPort } from '../contract/terminal-stream.js';

/** A view into a larger buffer (a pooled Buffer) is copied: cloning a view sends its whole buffer. */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

export interface ClosablePort extends StreamPort {
  readonly closed: boolean;
}

export function messagePortStream(port: MessagePortMain): ClosablePort {
  let closed = false;
  const closeListeners: (() => void)[] = [];
  const ended = () => {
    if (closed) return;
    closed = true;
    for (const listener of closeListeners.splice(0)) listener();
  };
  // 'close' means the other end went away: the renderer closed its channel, or its page is gone.
  port.on('close', ended);
  return {
    get closed() {
      return closed;
    },
    send(message: HostMessage | Uint8Array) {
      if (!closed) port.postMessage(message instanceof Uint8Array ? ownBytes(message) : message);
    },
    onMessage(listener) {
      port.on('message', ({ data }: { data: unknown }) => {
        if (!closed) listener(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
      });
      // Messages queue on a MessagePortMain until start(): none is lost before the listener is there.
      port.start();
    },
    onClose(listener) {
      if (closed) listener();
      else closeListeners.push(listener);
    },
    // A MessagePort carries no reason: pipeSession sends {type:'closed', reason} before closing.
    close() {
      if (closed) return;
      port.close();
      ended();
    },
  };
}
