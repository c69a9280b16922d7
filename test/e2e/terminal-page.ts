// Reading the window's terminals from Node, for the e2e test and the UI bench: the page is opened
// with `?podlab-test-hooks`, so renderer/src/terminals/test-hooks.ts exposes window.__podlabTerminals
// (rows of each terminal by tab key, when a pattern was painted, each deck's run/focus). The
// WebGL renderer paints on a canvas, so the rows come from xterm's buffer, read at render time.
import type { Page } from 'playwright-core';

/** The query flag that makes the page expose its terminals. */
export const HOOKS_FLAG = 'podlab-test-hooks';

/** What the page exposes (renderer/src/terminals/test-hooks.ts, TerminalHooks). */
export interface TerminalHooks {
  keys(): string[];
  rows(key: string): string[] | null;
  renderer(key: string): 'webgl' | 'dom' | null;
  lastKeydown(): number;
  whenPainted(key: string, pattern: string, flags: string, where: 'screen' | 'cursor-row', timeoutMs: number): Promise<number>;
  deck(scope: string): { run(key: string, command: string, opts?: { interrupt?: boolean }): void; focus(key?: string): void } | null;
}

declare global {
  // The page's global as page.evaluate() callbacks see it.
  interface Window {
    __podlabTerminals?: TerminalHooks;
    /** TerminalPage.arm()'s pending wait. */
    __podlabArmed?: Promise<number>;
  }
}

type Where = 'screen' | 'cursor-row';

/** The page's address with the hooks switched on: `served` is serve's printed URL (…/?token=…). */
export function hookedUrl(served: string, hash: string): string {
  const url = new URL(served);
  url.searchParams.set(HOOKS_FLAG, '1');
  url.hash = hash;
  return url.toString();
}

export class TerminalPage {
  constructor(readonly page: Page) {}

  /** Waits until the tab's terminal is mounted (its pane registered with the hooks). */
  async mounted(key: string, timeoutMs = 20_000): Promise<void> {
    await this.page.waitForFunction((k) => window.__podlabTerminals?.keys().includes(k) === true, key, { timeout: timeoutMs });
  }

  async rows(key: string): Promise<string[]> {
    return this.page.evaluate((k) => window.__podlabTerminals?.rows(k) ?? [], key);
  }

  async renderer(key: string): Promise<string | null> {
    return this.page.evaluate((k) => window.__podlabTerminals?.renderer(k) ?? null, key);
  }

  /**
   * Resolves with the page's performance.now() of the first render after which the tab's visible
   * rows (or its cursor's row) match `re`; at once when they match already.
   */
  async painted(key: string, re: RegExp, where: Where = 'screen', timeoutMs = 20_000): Promise<number> {
    await this.arm(key, re, where, timeoutMs);
    return this.armed();
  }

  /**
   * Starts waiting for `re` in the page and returns once the wait is in place, so a key pressed
   * next cannot be painted before the wait began; armed() then resolves as painted() does. One
   * wait at a time per page (painted() uses the same slot).
   */
  async arm(key: string, re: RegExp, where: Where = 'screen', timeoutMs = 20_000): Promise<void> {
    await this.mounted(key, timeoutMs);
    await this.page.evaluate(
      ([k, source, flags, w, t]) => {
        const hooks = window.__podlabTerminals;
        if (!hooks) throw new Error('the page has no terminal hooks');
        const armed = hooks.whenPainted(k, source, flags, w, t);
        armed.catch(() => undefined); // reported by armed(), not as an unhandled rejection
        window.__podlabArmed = armed;
      },
      [key, re.source, re.flags, where, timeoutMs] as const,
    );
  }

  async armed(): Promise<number> {
    return this.page.evaluate(() => window.__podlabArmed ?? Promise.reject(new Error('nothing was armed')));
  }

  /** event.timeStamp of the page's latest keydown, on the clock painted() answers with. */
  async lastKeydown(): Promise<number> {
    return this.page.evaluate(() => window.__podlabTerminals?.lastKeydown() ?? 0);
  }

  /** The deck's run(): what a lab's "Run" button does. */
  async run(scope: string, key: string, command: string, interrupt = false): Promise<void> {
    await this.page.evaluate(
      ([s, k, c, i]) => {
        const deck = window.__podlabTerminals?.deck(s);
        if (!deck) throw new Error(`no terminal deck for scope ${s}`);
        deck.run(k, c, { interrupt: i });
      },
      [scope, key, command, interrupt] as const,
    );
  }
}
