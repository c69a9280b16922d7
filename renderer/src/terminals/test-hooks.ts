// Opt-in probes for the end-to-end tests and the UI bench: only when the page's address carries
// `?podlab-test-hooks`, window.__podlabTerminals reads each terminal's visible rows, tells when a
// row was painted (xterm's render event, DOM or WebGL alike) and reaches each deck's handle. The
// WebGL renderer draws on a canvas, so the DOM cannot be read instead. Without the flag nothing is
// installed and production pages carry no global.
import type { RendererKind } from './webgl-slot.js';

export interface PaneProbe {
  /** The rows in view, without trailing whitespace. */
  rows(): string[];
  /** The row the cursor is on, without trailing whitespace. */
  cursorRow(): string;
  /** Called after each frame xterm rendered; returns the unsubscribe. */
  onRender(listener: () => void): () => void;
  renderer(): RendererKind;
}

/** The deck handle as the hooks expose it (TerminalDeckHandle, without a dependency cycle). */
export interface DeckProbe {
  run(key: string, command: string, opts?: { interrupt?: boolean }): void;
  focus(key?: string): void;
}

export interface TerminalHooks {
  keys(): string[];
  rows(key: string): string[] | null;
  renderer(key: string): RendererKind | null;
  /** event.timeStamp of the latest keydown on the page (the same clock as performance.now()). */
  lastKeydown(): number;
  /**
   * Resolves with performance.now() of the first render after which the visible rows (`screen`,
   * joined by newlines) or the cursor's row match `pattern`; at once if they match already.
   */
  whenPainted(key: string, pattern: string, flags: string, where: 'screen' | 'cursor-row', timeoutMs: number): Promise<number>;
  deck(scope: string): DeckProbe | null;
}

declare global {
  interface Window {
    __podlabTerminals?: TerminalHooks;
  }
}

const FLAG = 'podlab-test-hooks';
const panes = new Map<string, PaneProbe>();
const decks = new Map<string, DeckProbe>();
let lastKeydown = 0;

function install(): void {
  if (window.__podlabTerminals) return;
  window.addEventListener('keydown', (e) => (lastKeydown = e.timeStamp), { capture: true });
  window.__podlabTerminals = {
    keys: () => [...panes.keys()],
    rows: (key) => panes.get(key)?.rows() ?? null,
    renderer: (key) => panes.get(key)?.renderer() ?? null,
    lastKeydown: () => lastKeydown,
    whenPainted: (key, pattern, flags, where, timeoutMs) =>
      new Promise<number>((resolve, reject) => {
        const pane = panes.get(key);
        if (!pane) return reject(new Error(`no terminal ${key}`));
        const re = new RegExp(pattern, flags);
        const matches = () => re.test(where === 'screen' ? pane.rows().join('\n') : pane.cursorRow());
        if (matches()) return resolve(performance.now());
        const timer = setTimeout(() => {
          off();
          reject(new Error(`${key}: /${pattern}/${flags} not painted within ${timeoutMs} ms; rows:\n${pane.rows().join('\n')}`));
        }, timeoutMs);
        const off = pane.onRender(() => {
          if (!matches()) return;
          const at = performance.now();
          clearTimeout(timer);
          off();
          resolve(at);
        });
      }),
    deck: (scope) => decks.get(scope) ?? null,
  };
}

function enabled(): boolean {
  return new URLSearchParams(window.location.search).has(FLAG);
}

/** Puts `value` in `registry` while the flag is on; returns the removal (a no-op without the flag). */
function expose<T>(registry: Map<string, T>, key: string, value: T): () => void {
  if (!enabled()) return () => undefined;
  install();
  registry.set(key, value);
  return () => {
    if (registry.get(key) === value) registry.delete(key);
  };
}

/** Makes a terminal readable by the hooks while mounted; returns the unregister function. */
export function exposePane(key: string, probe: PaneProbe): () => void {
  return expose(panes, key, probe);
}

export function exposeDeck(scope: string, deck: DeckProbe): () => void {
  return expose(decks, scope, deck);
}
