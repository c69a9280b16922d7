// A view as the window has one: a headless xterm that parses every output chunk and acknowledges
// from its write callback in ACK_UNIT units (AckCounter) — the consumer the transport bench feeds
// from a WebSocket and from an in-process session alike.
import xtermHeadless from '@xterm/headless';
import { AckCounter } from '../../electron/engine/terminals/flow.js';

export const VIEW_SIZE = { cols: 120, rows: 40 };

export interface XtermView {
  /** Output bytes, in order; acknowledged once xterm has parsed them. */
  data(chunk: Uint8Array): void;
  /** Resolves once xterm has parsed everything fed so far. */
  drained(): Promise<void>;
  /** Output bytes fed so far. */
  readonly bytes: number;
  /** Chunks fed so far (one per message: a WebSocket frame, a session data event). */
  readonly chunks: number;
  /** Acknowledgements sent so far. */
  readonly acks: number;
  dispose(): void;
}

export function xtermView(ack: (bytes: number) => void): XtermView {
  const term = new xtermHeadless.Terminal({ ...VIEW_SIZE, scrollback: 1000, allowProposedApi: true });
  let acked = 0;
  const acks = new AckCounter((n) => {
    acked++;
    ack(n);
  });
  let bytes = 0;
  let chunks = 0;
  return {
    data(chunk) {
      bytes += chunk.length;
      chunks++;
      term.write(chunk, () => acks.processed(chunk.length));
    },
    drained: () => new Promise<void>((resolve) => term.write('', resolve)),
    get bytes() {
      return bytes;
    },
    get chunks() {
      return chunks;
    },
    get acks() {
      return acked;
    },
    dispose: () => term.dispose(),
  };
}
