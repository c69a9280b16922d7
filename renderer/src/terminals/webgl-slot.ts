// The WebGL renderer for the one terminal that is visible: loaded when its tab shows, disposed
// when it hides (a page may hold only a few WebGL contexts, and hidden terminals need none), and
// given up for xterm's DOM renderer when the context is lost or WebGL cannot start at all (a
// machine or a headless browser without a GPU).
import type { Terminal } from '@xterm/xterm';
import { WebglAddon } from '@xterm/addon-webgl';

export type RendererKind = 'webgl' | 'dom';

/** After this many lost contexts the terminal stays on the DOM renderer. */
const MAX_LOSSES = 3;

export class WebglSlot {
  private addon: WebglAddon | undefined;
  private unavailable = false;
  private losses = 0;

  constructor(
    private readonly term: Terminal,
    private readonly onRenderer: (kind: RendererKind) => void,
  ) {}

  enable(): void {
    if (this.addon || this.unavailable) return;
    const addon = new WebglAddon();
    try {
      this.term.loadAddon(addon);
    } catch {
      // No WebGL2 here: the DOM renderer xterm started with stays.
      addon.dispose();
      this.unavailable = true;
      return;
    }
    addon.onContextLoss(() => {
      this.losses++;
      if (this.losses >= MAX_LOSSES) this.unavailable = true;
      this.disable();
    });
    this.addon = addon;
    this.onRenderer('webgl');
  }

  disable(): void {
    if (!this.addon) return;
    const addon = this.addon;
    this.addon = undefined;
    addon.dispose();
    this.onRenderer('dom');
  }
}
