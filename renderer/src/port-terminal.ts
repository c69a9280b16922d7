// One attached terminal viewer over a MessagePort the preload hands to the page (Electron): the
// port arrives later as a window message tagged for this viewer, so messages sent before then wait,
// and output that comes before anyone listens is kept for the first listener (the replay).
import type { HostMessage, ViewerMessage } from '../../electron/contract/terminal-stream.js';
import type { TerminalChannel } from './transport.js';

/** A MessagePort as the page has it: only what a terminal channel uses. */
export interface PagePort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}

export interface PortMessageEvent {
  source: unknown;
  data: unknown;
  ports: readonly PagePort[];
}

/** The page's window, where the preload posts a stream's port (bridge.ts: attachTerminal). */
export interface PortSource {
  addEventListener(type: 'message', listener: (event: PortMessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: PortMessageEvent) => void): void;
}

type Incoming = HostMessage | Uint8Array;

export function portTerminal(tag: string, page: PortSource): TerminalChannel {
  const listeners = new Set<(message: Incoming) => void>();
  const early: Incoming[] = [];
  const outbox: (ViewerMessage | Uint8Array)[] = [];
  let port: PagePort | null = null;
  let closed = false;

  const deliver = (data: unknown) => {
    const message = (data instanceof ArrayBuffer ? new Uint8Array(data) : data) as Incoming;
    if (!listeners.size) early.push(message);
    for (const l of [...listeners]) l(message);
  };
  // Only the preload's message for this viewer: posted by this window itself, tagged, with a port.
  const onWindowMessage = (event: PortMessageEvent) => {
    if (event.source !== page || event.data !== tag) return;
    page.removeEventListener('message', onWindowMessage);
    const arrived = event.ports[0];
    if (!arrived) return;
    if (closed) return arrived.close();
    port = arrived;
    arrived.addEventListener('message', (e) => deliver(e.data));
    arrived.start();
    for (const m of outbox.splice(0)) arrived.postMessage(m);
  };
  page.addEventListener('message', onWindowMessage);

  return {
    onMessage(listener) {
      listeners.add(listener);
      for (const m of early.splice(0)) listener(m);
      return () => {
        listeners.delete(listener);
      };
    },
    send(message) {
      if (closed) return;
      if (port) port.postMessage(message);
      else outbox.push(message);
    },
    // Closing our end is what main sees as the viewer leaving; the session lives on.
    close() {
      if (closed) return;
      closed = true;
      page.removeEventListener('message', onWindowMessage);
      listeners.clear();
      outbox.length = 0;
      port?.close();
    },
  };
}
