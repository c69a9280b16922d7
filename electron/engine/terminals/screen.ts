// The host's copy of a session's screen: a headless xterm fed every output byte, so a view that
// opens (or reloads) later starts from the current screen instead of a blank one.
import xtermHeadless from '@xterm/headless';
import { SerializeAddon } from '@xterm/addon-serialize';
import type { SessionSize } from './session.js';

export const REPLAY_SCROLLBACK = 1000;

type HeadlessTerminal = InstanceType<typeof xtermHeadless.Terminal>;

export class ReplayScreen {
  private readonly term: HeadlessTerminal;
  private readonly serializer = new SerializeAddon();

  constructor(size: SessionSize, scrollback = REPLAY_SCROLLBACK) {
    this.term = new xtermHeadless.Terminal({ cols: size.cols, rows: size.rows, scrollback, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
  }

  /** Bytes, never decoded here: UTF-8 split across writes is reassembled by xterm's parser. */
  write(data: Uint8Array | string, done: () => void): void {
    this.term.write(data, done);
  }

  resize(size: SessionSize): void {
    this.term.resize(size.cols, size.rows);
  }

  serialize(): string {
    return this.serializer.serialize({ scrollback: REPLAY_SCROLLBACK });
  }

  dispose(): void {
    this.serializer.dispose();
    this.term.dispose();
  }
}
