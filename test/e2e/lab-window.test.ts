// A learner's path through the process-groups lab in real Chromium against `podlab serve`: the
// library, Start, a real shell in the Pod, `pstree -g` in the terminal and the same tree in the
// panel, a runnable block that makes the step's check pass, the Pod's pause container killed from
// outside (the panel shows the rebuilt sandbox, the terminal comes back by itself), Reset back to
// step 1, the 中文 switch — with no console error or failed request anywhere. The screenshots stay
// in test-results/screenshots/ (the README's comes from here).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { PodStatus } from '../../electron/contract/api.js';
import { podlabOf, startServe, type Serve } from '../integration/serve-harness.js';
import { launchChromium, screenshot, watchProblems } from './browser.js';
import { execFileSync } from 'node:child_process';

const LAB = 'process-groups';
const TERMINAL = 'shell';

let serve: Serve;
let browser: Browser;

beforeAll(async () => {
  serve = await startServe('lab-window');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (serve) {
    await podlabOf(serve, 'lab', 'stop', LAB).catch(() => undefined);
    await serve.stop();
    serve.remove();
  }
});

/** Resolves once the terminal's screen (or its cursor row) matches; fails with what it shows. */
async function painted(page: Page, key: string, pattern: RegExp, where: 'screen' | 'cursor-row' = 'screen', timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction((k) => window.__podlabTerminals?.keys().includes(k), key, { timeout: timeoutMs });
  await page.evaluate(([k, src, flags, w, ms]) => window.__podlabTerminals?.whenPainted(k, src, flags, w, ms), [key, pattern.source, pattern.flags, where, timeoutMs] as const);
}

function screenText(page: Page, key: string): Promise<string> {
  return page.evaluate((k) => (window.__podlabTerminals?.rows(k) ?? []).join('\n'), key);
}

async function labPod(name: string): Promise<PodStatus> {
  const pods = JSON.parse(await podlabOf(serve, 'pod', 'ls', '--json')) as PodStatus[];
  const pod = pods.find((p) => p.name === name && p.group === LAB);
  if (!pod) throw new Error(`no Pod ${name} of lab ${LAB}: ${pods.map((p) => p.name).join(', ')}`);
  return pod;
}

describe('the lab window', () => {
  it('takes a learner through the process-groups lab end to end', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Whatever fails, the page as it was is kept for the reader of the failure.
    onTestFailed(async () => {
      await screenshot(page, 'lab-window-failure');
    });
    const problems = watchProblems(page);
    // The test hooks read the terminals (xterm may draw on a canvas); production pages have none.
    await page.goto(`${serve.url}&podlab-test-hooks`);

    // The library: every lab, this one first (the articles' order), nothing done yet.
    const card = page.getByTestId(`lab-card-${LAB}`);
    await card.waitFor();
    expect(await card.textContent()).toContain('0 of 4 steps done');
    await screenshot(page, 'library');
    await card.getByRole('button', { name: 'Start' }).click();

    // Start: the intro, then the workspace once the lab's Pod runs.
    await page.getByTestId('start-lab').click();
    await page.locator('.lab-workspace').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('step-title').textContent()).toBe('One PID namespace, pause is PID 1');

    // A real shell in container `shell` of Pod `pg`.
    await painted(page, TERMINAL, /#\s*$/, 'cursor-row');
    await page.locator('.xterm').first().click();
    await page.keyboard.type('pstree -g 0\n');
    await painted(page, TERMINAL, /pause\(1\)/);
    const tree = await screenText(page, TERMINAL);
    // pause is PID 1 and leads its own group; the app's sh and sleep share their group.
    expect(tree).toMatch(/pause\(1\)/);
    expect(tree).toMatch(/sleep\(\d+\)/);

    // The panel draws the same tree from the inspector, and which namespaces are shared.
    const panel = page.locator('.lab-panel');
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toMatch(/pause\s*\(1\)/);
    await expect.poll(() => panel.textContent()).toMatch(/pstree/);

    // The step's last runnable block writes /tmp/ps.txt: the check passes by itself.
    const check = page.getByTestId('check-state');
    expect(await check.getAttribute('data-pass')).toBe('false');
    await page.getByTestId('runnable-block').last().getByRole('button', { name: /Run/ }).click();
    await painted(page, TERMINAL, /ps\.txt[\s\S]*#\s*$/);
    await expect.poll(() => check.getAttribute('data-pass'), { timeout: 20_000 }).toBe('true');
    await screenshot(page, 'lab-in-progress');

    // The pause container killed from outside: the Pod gets a new sandbox, the terminal comes back.
    const before = await labPod('pg');
    execFileSync('docker', ['kill', before.sandbox?.id ?? 'missing-sandbox']);
    await expect.poll(async () => (await labPod('pg')).sandboxAttempt, { timeout: 60_000 }).toBeGreaterThan(before.sandboxAttempt);
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toMatch(/rebuilt/i);
    await painted(page, TERMINAL, /#\s*$/, 'cursor-row', 60_000);
    await page.locator('.xterm').first().click();
    await page.keyboard.type('echo back-$((40+2))\n');
    await painted(page, TERMINAL, /back-42/);
    await screenshot(page, 'lab-sandbox-rebuilt');

    // Reset: confirmed, the Pods rebuilt, progress back at step 1.
    await page.getByTestId('reset-lab').click();
    await page.getByTestId('confirm').click();
    await page.getByTestId('lab-progress').waitFor();
    await page.getByTestId('lab-progress').waitFor({ state: 'detached', timeout: 120_000 });
    expect(await page.getByTestId('step-title').textContent()).toBe('One PID namespace, pause is PID 1');
    expect(await check.getAttribute('data-pass')).toBe('false');
    expect(JSON.parse(await podlabOf(serve, 'lab', 'status', LAB, '--json')) as { current: number }).toMatchObject({ current: 0 });

    // 中文: every text of the window, the step's included.
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.getByTestId('step-title').textContent()).toBe('同一个 PID Namespace，pause 是 PID 1');
    expect(await page.getByTestId('reset-lab').textContent()).toBe('重置实验');
    await screenshot(page, 'lab-zh');

    expect(problems).toEqual([]);
    await page.close();
  });
});
