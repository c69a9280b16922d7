// A container terminal session with one headless-xterm view attached, opened either over a
// `podlab serve` WebSocket (terminals.open on /api, then /terminal/<id>) or in the bench's own
// process (engine.terminalHost): the bench runs the same steps on both and compares.
import type { TerminalHost } from '../../electron/engine/terminals/host.js';
import type { Served } from './serve-process.js';
import { TerminalSocket, type ApiClient } from './ws-client.js';
import { VIEW_SIZE, xtermView, type XtermView } from './xterm-view.js';

export interface Viewed {
  /** The screen at attach time. */
  readonly replay: string;
  readonly view: XtermView;
  /** The session's process ended (its first `exit` event). */
  readonly exited: Promise<void>;
  /** Keystrokes, as a terminal sends them. */
  input(data: string): void;
  /** In process only (the server keeps its own): how often flow control paused the source. */
  pauses?: () => number;
  /** Detaches the view and closes the session. */
  close(): Promise<void>;
}

/** Opens `command` in the bench Pod's container; `watch` sees each output chunk before the view parses it. */
export type OpenViewed = (command: string[], watch?: (chunk: Uint8Array) => void) => Promise<Viewed>;

const target = (pod: string, command: string[]) => ({ kind: 'container' as const, pod, container: 'shell', command });

export function overWebSocket(api: ApiClient, served: Served, pod: string): OpenViewed {
  return async (command, watch) => {
    const info = await api.call('terminals.open', { target: target(pod, command), ...VIEW_SIZE });
    const to: { sock?: TerminalSocket } = {}; // acks go out once the socket is there
    const view = xtermView((n) => to.sock?.ack(n));
    let exit: (() => void) | undefined;
    const exited = new Promise<void>((r) => (exit = r));
    const output = (d: Uint8Array) => {
      watch?.(d);
      view.data(d);
    };
    const sock = (to.sock = await TerminalSocket.attach(served, info.id, output, (m) => m.type === 'exit' && exit?.()));
    return {
      replay: sock.replay,
      view,
      exited,
      input: (data) => sock.input(data),
      close: async () => {
        await sock.close();
        view.dispose();
        await api.call('terminals.close', { id: info.id });
      },
    };
  };
}

export function inProcess(host: TerminalHost, pod: string): OpenViewed {
  return async (command, watch) => {
    const info = await host.open(target(pod, command), VIEW_SIZE);
    const stream = host.attach(info.id);
    const view = xtermView((n) => stream.ack(n));
    const exited = new Promise<void>((resolve) =>
      stream.onEvent((e) => {
        if (e.type === 'data') {
          watch?.(e.data);
          view.data(e.data);
        } else if (e.type === 'exit') resolve();
      }),
    );
    return {
      replay: stream.replay,
      view,
      exited,
      input: (data) => stream.write(data),
      pauses: () => host.stats(info.id).pauses,
      close: async () => {
        stream.detach();
        view.dispose();
        await host.close(info.id);
      },
    };
  };
}
