// What the Pod panel's and the gang-scheduling figure's end-to-end tests share: a real `podlab serve`
// with its own state directory, Chromium, an API client on the serve's WebSocket, a page opened at
// a route of the window, and screenshots of a part of it whole.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { ApiClient, startServe, type Serve } from '../integration/serve-harness.js';
import { SCREENSHOTS, launchChromium, watchProblems } from './browser.js';

export interface Rig {
  serve: Serve;
  browser: Browser;
  api: ApiClient;
}

export async function startRig(name: string): Promise<Rig> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const serve = await startServe(name);
  const browser = await launchChromium();
  return { serve, browser, api: await ApiClient.connect(serve) };
}

/** Undoes what the test made (`cleanup`, errors ignored), then stops everything the rig started. */
export async function stopRig(rig: Partial<Rig>, cleanup: (api: ApiClient) => Promise<unknown>): Promise<void> {
  await rig.browser?.close();
  if (!rig.serve) return;
  if (rig.api) await cleanup(rig.api).catch(() => undefined);
  rig.api?.close();
  await rig.serve.stop();
  rig.serve.remove();
}

/** A 1280×800 page at `#<route>` of the window, with the list of its problems (expected to stay empty). */
export async function openAt(rig: Rig, route: string): Promise<{ page: Page; problems: string[] }> {
  const page = await rig.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watchProblems(page);
  await page.goto(rig.serve.url);
  // The token leaves the address bar first; the route is set after, as a learner's click would.
  await page.waitForFunction("!location.search.includes('token')");
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, route);
  return { page, problems };
}

/**
 * `<name>-page.png`, the window as the learner sees it; then `<name>.png`, `part` whole, in a window
 * tall enough for it (`share`: the part of the window's height its scrolling container gets).
 */
export async function shoot(page: Page, part: Locator, name: string, share = 1): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-page.png`) });
  const box = await part.boundingBox();
  await page.setViewportSize({ width: 1280, height: Math.max(800, Math.ceil((box?.height ?? 800) / share + 300)) });
  await part.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}
