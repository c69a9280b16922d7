// The window without an engine: `podlab serve` pointed at a socket that does not exist yet shows the
// banner with what to do, and the page carries on by itself once an engine answers there (here a
// link to the real engine's socket appears) — no reload. The lab library needs no engine at all.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type Serve } from '../integration/serve-harness.js';
import { launchChromium, screenshot, watchProblems } from './browser.js';

const ENGINE_SOCKET = '/var/run/docker.sock';

let serve: Serve;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'podlab-no-engine-'));
  serve = await startServe('engine-banner', { DOCKER_HOST: `unix://${path.join(dir, 'docker.sock')}` });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  serve?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('the engine banner', () => {
  it('says what to do while no engine answers, and goes by itself when one does', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchProblems(page);
    await page.goto(serve.url);
    await page.getByTestId('lab-card-process-groups').waitFor();

    const banner = page.getByTestId('engine-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('does not answer');
    // The engine's own next step (start it, or fix DOCKER_HOST) is shown, not a bare failure.
    expect(await banner.textContent()).toContain('DOCKER_HOST');
    await screenshot(page, 'engine-banner');

    symlinkSync(ENGINE_SOCKET, path.join(dir, 'docker.sock'));
    await page.getByText('The Docker engine is back.').waitFor({ timeout: 15_000 });
    expect(await banner.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
