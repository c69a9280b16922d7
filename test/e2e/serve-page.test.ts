// The browser mode end to end: `podlab serve --port 0` prints a URL that opens the current renderer
// in real Chromium (Debian's, driven by playwright-core) with live Pods — a Pod applied from the CLI
// appears in the table, the token leaves the address bar, a reload still works (the cookie), and
// the page logs no console error and no failed request. A screenshot goes to test-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podlabOf, ROOT, startServe, type Serve } from '../integration/serve-harness.js';
import { launchChromium, watchProblems } from './browser.js';

const GROUP = `serve-page-${process.pid}`;
const POD = `serve-page-${process.pid}`;

const podlab = podlabOf;

let serve: Serve;
let browser: Browser;

beforeAll(async () => {
  serve = await startServe('serve-page');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (serve) {
    await podlab(serve, 'pod', 'rm', '--all', '--group', GROUP, '--grace', '0').catch(() => undefined);
    await serve.stop();
    serve.remove();
  }
});

describe('podlab serve in Chromium', () => {
  it('opens the renderer from the printed URL with live Pods, no console errors and no failed requests', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    const problems = watchProblems(page);
    await page.goto(serve.url);
    // The token is taken out of the address bar at once.
    await page.waitForFunction("!location.search.includes('token')");
    expect(page.url()).toBe(`${serve.origin}/`);
    // The first page is the lab library; the Pods page lists every Pod on the engine.
    await page.getByTestId('lab-card-process-groups').waitFor();
    await page.getByRole('link', { name: 'Pods' }).click();
    await page.getByRole('heading', { name: 'Pods' }).waitFor();

    // A Pod made from the CLI (through serve's process) arrives by the pods.changed event.
    const file = path.join(serve.stateDir, 'page-pod.yaml');
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${POD}}\nspec:\n  terminationGracePeriodSeconds: 0\n  containers:\n  - {name: web, image: podlab/toolbox:1, command: [sleep, '100000']}\n`,
    );
    await podlab(serve, 'pod', 'apply', '-f', file, '--group', GROUP, '--wait');
    const row = page.getByRole('row').filter({ hasText: POD });
    await row.getByText('Running').waitFor({ timeout: 30_000 });

    // A reload without the token still loads (the HttpOnly cookie) and shows the Pod.
    await page.reload();
    await page.getByRole('row').filter({ hasText: POD }).getByText('Running').waitFor({ timeout: 30_000 });

    mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'serve-page.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
