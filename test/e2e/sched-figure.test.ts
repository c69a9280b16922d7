// The gang-scheduling figure in real Chromium against a real `podlab serve`: the lab's first step
// replays rsyslog.yaml container by container (Step, Play, Reset) until imuxsock is stuck with the
// reason the simulator gives, the bars ending at the simulator's free memory; the second step moves
// the three containers as one Pod onto node-1; motion stops for reduced-motion users; 中文 too. No
// console error, no failed request; screenshots in test-results/screenshots/.
import type { SchedOutcome } from '../../electron/contract/api.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAt, shoot, startRig, stopRig, type Rig } from './page-rig.js';

const LAB = 'gang-scheduling';
/** The lab's panel, under the terminals, gets a bit under half the window's height. */
const PANEL_SHARE = 0.4;

let rig: Rig;

beforeAll(async () => {
  rig = await startRig('sched-figure');
  await rig.api.call('labs.start', { id: LAB });
});

afterAll(async () => {
  await stopRig(rig ?? {}, (api) => api.call('labs.stop', { id: LAB }));
});

const gb = (bytes: number) => `${Number((bytes / 1e9).toFixed(2))} GB`;

describe('the gang-scheduling figure', () => {
  it('replays the article’s scenario container by container and as one Pod', async () => {
    const { page, problems } = await openAt(rig, `#/lab/${LAB}`);

    const figure = page.locator('figure.sched');
    await figure.waitFor({ timeout: 30_000 });
    expect(await figure.getAttribute('data-mode')).toBe('containers');
    const progress = figure.getByTestId('sched-progress');
    const steps = figure.getByTestId('sched-steps').locator('li');
    expect(await progress.textContent()).toBe('Step 0 of 3');
    expect(await figure.getByTestId('sched-now').textContent()).toBe('Press Play or Step to replay the 3 scheduling steps.');
    expect(await figure.locator('.sched-queue .sched-chip').allTextContents()).toEqual(['main 1 GB', 'imklog 1 GB', 'imuxsock 1 GB']);

    // Step by step: main and imklog land on node-2, imuxsock is stuck with the simulator's reason.
    const outcome = await rig.api.call<SchedOutcome>('sched.simulate', { lab: LAB, scenario: 'rsyslog.yaml', mode: 'containers' });
    const step = figure.getByRole('button', { name: 'Step' });
    await step.click();
    expect(await steps.allTextContents()).toEqual(['main needs 1 GB and lands on node-2: binpack picks the fullest node that still fits; 1.5 GB left there.']);
    expect(await figure.getByTestId('sched-now').textContent()).toBe(await steps.last().textContent());
    expect(await figure.locator('[data-node="node-2"] .sched-block').allTextContents()).toEqual(['main']);
    await step.click();
    await step.click();
    expect(await step.isDisabled()).toBe(true);
    expect(await steps.count()).toBe(3);
    expect(await steps.last().textContent()).toBe(
      'imuxsock is stuck: it must go to node-2 where main is, which has 0.5 GB left, and it needs 1 GB. Nothing leaves node-2, so it waits for ever.',
    );
    expect(await figure.locator('.sched-stuck .sched-chip').getAttribute('title')).toContain('imuxsock is stuck');
    expect(await figure.getByTestId('sched-now').getAttribute('class')).toContain('sched-now-stuck');
    expect(await figure.locator('[data-node="node-2"] .sched-block').allTextContents()).toEqual(['main', 'imklog']);
    // The bars end where the simulator says the nodes end.
    for (const n of outcome.nodes) {
      const free = outcome.free[n.name] ?? 0;
      expect(await figure.locator(`[data-node="${n.name}"] .sched-mem`).textContent()).toBe(`${gb(n.memory)}: ${gb(n.memory - free)} used, ${gb(free)} free`);
    }
    expect(await figure.locator('.sched-outcome').textContent()).toBe('Outcome: main → node-2, imklog → node-2; never placed: imuxsock.');
    await shoot(page, figure, 'sched-containers-light', PANEL_SHARE);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot(page, figure, 'sched-containers-dark', PANEL_SHARE);
    await page.emulateMedia({ colorScheme: 'light' });

    // Reset, then Play: the steps come by themselves and it stops at the end.
    await figure.getByRole('button', { name: 'Reset' }).click();
    expect(await progress.textContent()).toBe('Step 0 of 3');
    expect(await steps.count()).toBe(0);
    await figure.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => progress.textContent(), { timeout: 10_000 }).toBe('Step 3 of 3');
    expect(await figure.getByRole('button', { name: 'Play' }).getAttribute('aria-pressed')).toBe('false');

    // Step 2 of the lab: the same scenario as one Pod lands whole on node-1.
    await page.getByTestId('next-step').click();
    await expect.poll(() => figure.getAttribute('data-mode')).toBe('pod');
    expect(await figure.locator('.sched-queue .sched-chip').allTextContents()).toEqual(['Podmainimklogimuxsock3 GB']);
    await shoot(page, figure, 'sched-pod-queued', PANEL_SHARE);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await figure.getByRole('button', { name: 'Step' }).click();
    expect(await steps.allTextContents()).toEqual(['Pod main (main, imklog, imuxsock) needs 3 GB and lands on node-1: the only node that fits; 0 GB left there.']);
    const pod = figure.locator('[data-node="node-1"] .sched-block-pod');
    expect(await pod.locator('.sched-part').allTextContents()).toEqual(['main', 'imklog', 'imuxsock']);
    // No landing animation for a learner who asked for less motion.
    expect(await pod.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
    await shoot(page, figure, 'sched-pod-light', PANEL_SHARE);

    // 中文.
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => steps.first().textContent()).toBe('Pod main（main、imklog、imuxsock）需要 3 GB，落在 node-1 上：只有它放得下；node-1 还剩 0 GB。');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot(page, figure, 'sched-pod-zh-dark', PANEL_SHARE);

    expect(problems).toEqual([]);
    await page.close();
  });
});
