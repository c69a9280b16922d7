// The window's terminals end to end: real `podlab serve --port 0` (own state directory), real
// Chromium, real Docker. On #/pods the deck's New terminal menu opens a host shell that computes,
// exits and restarts; a Pod applied under the test's group appears in the menu, and a shell in its
// container runs commands (typed, and through the deck's run() with Ctrl-C) and comes back by
// itself when the container is killed and the Pod starts a new one; a reload reattaches to the
// same sessions with their screens replayed; Ctrl+F finds, arrow keys move between tabs; closing
// the tabs closes the sessions. The page logs no console error (the CSP admits what xterm needs)
// and no request fails. Screenshots of light and dark go to test-results/screenshots/.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result, SessionInfo } from '../../electron/contract/api.js';
import { ApiClient, ROOT, startServe, until, type Serve } from '../integration/serve-harness.js';
import { launchChromium, screenshot, watchProblems } from './browser.js';
import { hookedUrl, TerminalPage } from './terminal-page.js';

const GROUP = `terminals-e2e-${process.pid}`;
const FIXTURE = path.join(ROOT, 'test/fixtures/e2e/terminals-pod.yaml');
const POD = 'terminals-e2e';
const CTR_KEY = `${POD}/shell`;
/** A shell's prompt on the cursor's row: bash as root ends it with `#`, others with `$`. */
const PROMPT = /[$#] ?$/;

let serve: Serve;
let api: ApiClient;
let browser: Browser;

beforeAll(async () => {
  serve = await startServe('terminals');
  api = await ApiClient.connect(serve);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (api) {
    // Whatever a failed run left: its sessions and the Pod.
    const left = await api.call<SessionInfo[]>('terminals.list').catch(() => []);
    await Promise.all(left.map((s) => api.call('terminals.close', { id: s.id }).catch(() => undefined)));
    await api.call('pods.remove', { all: true, group: GROUP, graceSeconds: 0 }).catch(() => undefined);
    api.close();
  }
  if (serve) {
    await serve.stop();
    serve.remove();
  }
});

async function sessionIds(): Promise<string[]> {
  return (await api.call<SessionInfo[]>('terminals.list')).map((s) => s.id).sort();
}

describe('the terminal deck in Chromium', () => {
  it('opens host and container shells from its menu, reattaches them after a reload and closes them with their tabs', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchProblems(page);
    const terms = new TerminalPage(page);
    await page.goto(hookedUrl(serve.url, '#/pods'));
    await page.waitForFunction("!location.search.includes('token')");

    // A host shell from the menu: it gets the focus, computes, exits and restarts.
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: 'Host shell' }).click();
    expect(await page.getByRole('tab', { name: 'Host shell' }).getAttribute('aria-selected')).toBe('true');
    await terms.painted('host', PROMPT, 'cursor-row');
    await page.keyboard.type('echo $((6*7))\r');
    await terms.painted('host', /^42$/m);
    expect(await terms.renderer('host')).toMatch(/^(webgl|dom)$/);

    await page.keyboard.type('exit\r');
    const ended = page.getByRole('status').filter({ hasText: 'The session ended: process exited with code 0.' });
    await ended.waitFor();
    await ended.getByRole('button', { name: 'Restart' }).click();
    await page.getByRole('status').filter({ hasText: 'Reconnected to' }).waitFor();
    await ended.waitFor({ state: 'detached' });
    await terms.painted('host', PROMPT, 'cursor-row');

    // A Pod of the test's group shows up in the menu; a shell in its container runs commands.
    const yaml = readFileSync(FIXTURE, 'utf8');
    const applied = await api.call<Result<'pods.apply'>>('pods.apply', { manifests: [{ yaml, file: 'terminals-pod.yaml' }], group: GROUP });
    await api.call('pods.wait', { uids: applied.pods.map((p) => p.uid), timeoutSeconds: 60 });
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: `${POD} / shell` }).click();
    expect(await page.getByRole('tab', { name: CTR_KEY }).getAttribute('aria-selected')).toBe('true');
    await terms.painted(CTR_KEY, PROMPT, 'cursor-row');
    await page.keyboard.type('echo in-$(hostname)\r');
    await terms.painted(CTR_KEY, new RegExp(`^in-${POD}$`, 'm'));

    // run() as a lab's button does: a long command, then another with Ctrl-C first.
    await terms.run('pods', CTR_KEY, 'sleep 1000');
    await terms.painted(CTR_KEY, /[$#] sleep 1000$/m);
    await terms.run('pods', CTR_KEY, 'echo back-$((40+2))', true);
    await terms.painted(CTR_KEY, /^back-42$/m);

    // The container dies and the Pod brings a new one: the session says so, waits, and comes back.
    const [pod] = await api.call<Result<'pods.list'>>('pods.list', { group: GROUP });
    const ctr = pod?.containerStatuses[0]?.containerId;
    if (!ctr) throw new Error(`no container id for ${POD}: ${JSON.stringify(pod)}`);
    execFileSync('docker', ['kill', ctr]);
    await page.getByRole('status').filter({ hasText: 'Waiting for its container to run again' }).waitFor({ timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: `The container was rebuilt: reconnected to ${CTR_KEY}.` }).waitFor({ timeout: 60_000 });
    await terms.painted(CTR_KEY, PROMPT, 'cursor-row');

    // A reload reattaches to the same two sessions: the shown tab's screen is replayed at once.
    const before = await sessionIds();
    expect(before).toHaveLength(2);
    await page.reload();
    expect(await page.getByRole('tab', { name: CTR_KEY }).getAttribute('aria-selected')).toBe('true');
    await terms.painted(CTR_KEY, /^back-42$/m);
    await terms.painted(CTR_KEY, PROMPT, 'cursor-row');
    // Nothing took the focus on load; Ctrl+` gives it to the shown terminal.
    await page.keyboard.press('Control+Backquote');
    await page.keyboard.type('echo again-$((1+1))\r');
    await terms.painted(CTR_KEY, /^again-2$/m);
    // Ctrl+F finds in the terminal's text; Escape goes back to the shell.
    await page.keyboard.press('Control+f');
    await page.getByRole('searchbox', { name: 'Find in terminal' }).fill('again');
    await page.getByRole('search').getByText(/^\d+ of 2$/).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('search').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Host shell' }).click();
    await terms.painted('host', /^42$/m);
    expect(await sessionIds()).toEqual(before);
    // Arrow keys move between the tabs.
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: CTR_KEY }).getAttribute('aria-selected')).toBe('true');

    await screenshot(page, 'terminals-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('tab', { name: CTR_KEY }).click();
    await terms.painted(CTR_KEY, /^again-2$/m);
    await screenshot(page, 'terminals-dark');

    // Closing a learner's tab closes its session.
    await page.getByRole('button', { name: `Close ${CTR_KEY}` }).click();
    await until('the container session closed', async () => (await sessionIds()).length === 1, 10_000);
    await page.getByRole('button', { name: 'Close Host shell' }).click();
    await until('the host session closed', async () => (await sessionIds()).length === 0, 10_000);
    await page.getByText('No terminal open.', { exact: false }).waitFor();

    expect(problems).toEqual([]);
    await page.close();
  });
});
