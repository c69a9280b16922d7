// The Pod panel in real Chromium against a real `podlab serve`: a Pod with one PID namespace runs
// the toolbox's rsyslogd stand-in; its page (#/pods/<name>) draws the tree like `pstree -g -t` —
// pause first, rsyslogd with {imklog}, {imuxsock}, {main} and the PGIDs the inspector reports — the
// PIDs in the Pod and on the host on hover and keyboard focus, the namespace matrix (net, ipc, pid
// shared; UTS not, and why), the events, and a process started by `pods.exec` appearing by itself
// (pushed, not polled); 200 more processes without a long task; the pause container killed and the
// sandbox rebuilt. No console error, no failed request. Screenshots, light, dark and 中文, stay in
// test-results/screenshots/.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodStatus, PodsApplyResult, ProcessInfo, Snapshot } from '../../electron/contract/api.js';
import { ROOT } from '../integration/serve-harness.js';
import { openAt, shoot, startRig, stopRig, type Rig } from './page-rig.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'manifests', 'pod-panel.yaml');
const POD = 'pod-panel';
const GROUP = `pod-panel-${process.pid}`;

let rig: Rig;

beforeAll(async () => {
  rig = await startRig('pod-panel');
  const applied = await rig.api.call<PodsApplyResult>('pods.apply', { manifests: [{ yaml: readFileSync(FIXTURE, 'utf8'), file: FIXTURE }], group: GROUP });
  await rig.api.call('pods.wait', { uids: applied.pods.map((p) => p.uid), timeoutSeconds: 120 });
});

afterAll(async () => {
  await stopRig(rig ?? {}, (api) => api.call('pods.remove', { all: true, group: GROUP, graceSeconds: 0 }));
});

async function snapshot(): Promise<Snapshot['pods'][number]> {
  const s = await rig.api.call<Snapshot>('inspect.snapshot', { name: POD });
  const pod = s.pods[0];
  if (!pod) throw new Error(`no snapshot of ${POD}`);
  return pod;
}

function processOf(pod: Snapshot['pods'][number], container: string, match: (p: ProcessInfo) => boolean): ProcessInfo {
  const p = pod.containers.find((c) => c.name === container)?.processes.find(match);
  if (!p) throw new Error(`no such process in ${container}: ${JSON.stringify(pod.containers.find((c) => c.name === container)?.processes)}`);
  return p;
}

/** The drawn lines of one container's group, as text (connectors included). */
function groupLines(tree: Locator, container: string): Promise<string[]> {
  return tree.locator(`.ptree-group[data-container="${container}"] .ptree-line`).allTextContents();
}

describe('the Pod panel', () => {
  it('draws the live process tree like pstree -g -t, the namespace matrix and the events, and follows a new process', async () => {
    const { page, problems } = await openAt(rig, `#/pods/${POD}`);

    const card = page.locator(`.pod-card[data-pod="${POD}"]`);
    const tree = card.getByTestId('process-tree');
    // The stand-in names its threads right after starting them.
    await expect.poll(() => tree.textContent(), { timeout: 30_000 }).toMatch(/\{imklog\}.*\{imuxsock\}.*\{main\}/);

    // Pause first, then the containers in spec order; the same PGIDs the inspector reports.
    const pod = await snapshot();
    const rs = processOf(pod, 'syslog', (p) => p.comm === 'rsyslogd');
    const sh = processOf(pod, 'shell', (p) => p.comm === 'sh');
    expect(rs.threads.map((t) => t.comm)).toEqual(['imklog', 'imuxsock', 'main']);
    expect(await tree.locator('.ptree-group').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.container))).toEqual(['POD', 'syslog', 'shell']);
    expect(await groupLines(tree, 'POD')).toEqual(['pause(1)']);
    const g = rs.nspgid;
    const pad = ' '.repeat(`rsyslogd(${g})`.length);
    expect(await groupLines(tree, 'syslog')).toEqual([`rsyslogd(${g})─┬─{imklog}(${g})`, `${pad} ├─{imuxsock}(${g})`, `${pad} └─{main}(${g})`]);
    // A non-interactive shell's pipeline stays in the shell's process group.
    const padSh = ' '.repeat(`sh(${sh.nspgid})`.length);
    expect(await groupLines(tree, 'shell')).toEqual([`sh(${sh.nspgid})─┬─cat(${sh.nspgid})`, `${padSh} └─sleep(${sh.nspgid})`]);
    expect(await card.getByTestId('pod-display').textContent()).toBe('Running');

    // PIDs in the Pod and on the host: on hover (the title) and on keyboard focus (the detail line).
    const rsNode = tree.locator(`[data-node="p${rs.pid}"]`);
    expect(await rsNode.getAttribute('title')).toContain(`PID ${rs.nspid} in the Pod, ${rs.pid} on the host`);
    const imklog = rs.threads[0]!;
    expect(await tree.locator(`[data-node="t${imklog.tid}"]`).getAttribute('title')).toContain(`TID ${imklog.tid} on the host`);
    const pause = processOf(pod, 'POD', (p) => p.comm === 'pause');
    await tree.locator(`[data-node="p${pause.pid}"]`).focus();
    expect(await card.getByTestId('process-detail').textContent()).toContain(`PID 1 in the Pod, ${pause.pid} on the host`);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.node)).toBe(`p${rs.pid}`);
    expect(await card.getByTestId('process-detail').textContent()).toContain(`rsyslogd: PID ${rs.nspid} in the Pod, ${rs.pid} on the host`);

    // The namespace matrix: net, ipc and pid are the infra's; UTS is each container's own, and why.
    const matrix = card.getByTestId('namespace-matrix');
    const syslog = pod.containers.find((c) => c.name === 'syslog')!;
    const state = (container: string, ns: string) => matrix.locator(`tr[data-container="${container}"] td[data-ns="${ns}"]`).getAttribute('data-state');
    for (const ns of ['net', 'ipc', 'pid']) expect(await state('syslog', ns), ns).toBe('shared');
    expect(await state('syslog', 'uts')).toBe('own');
    expect(await state('POD', 'net')).toBe('infra');
    expect(await matrix.locator('tr[data-container="syslog"] td[data-ns="net"]').getAttribute('title')).toContain(`syslog net:[${syslog.namespaces.net}]`);
    expect(await card.getByTestId('uts-note').textContent()).toMatch(/^UTS is not shared: Docker cannot make a container join another container’s UTS namespace/);

    // The events of the Pod (pods.describe).
    await expect.poll(() => card.locator('.pod-events').textContent(), { timeout: 10_000 }).toMatch(/Started.*syslog/);

    await shoot(page, card, 'pod-panel-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot(page, card, 'pod-panel-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // A process started in the shell container and left behind: pause adopts it, and the panel
    // shows it under pause, marked with its container, as soon as the inspector pushes the change.
    const exec = await rig.api.call<{ exitCode: number | null }>('pods.exec', { pod: POD, container: 'shell', command: ['sh', '-c', 'sleep 300 >/dev/null 2>&1 &'] });
    expect(exec.exitCode).toBe(0);
    const execDone = Date.now();
    const adopted = tree.locator('.ptree-group[data-container="POD"] .pnode-foreign');
    await adopted.waitFor({ timeout: 10_000 });
    const seenAfter = Date.now() - execDone;
    const after = await snapshot();
    const sleep = processOf(after, 'shell', (p) => p.args === 'sleep 300');
    expect(sleep.ppid).toBe(pause.pid);
    expect(await groupLines(tree, 'POD')).toEqual([`pause(1)───sleep(${sleep.nspgid}) [shell]`]);
    expect(await adopted.getAttribute('data-node')).toBe(`p${sleep.pid}`);
    // The inspector refreshes once a second: the change shows within that beat (plus a margin for a busy machine).
    expect(seenAfter).toBeLessThan(3_000);
    await shoot(page, card, 'pod-panel-adopted');

    // 中文: the panel's own words switch with the window.
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => card.getByTestId('uts-note').textContent()).toMatch(/^UTS 没有共享/);
    expect(await card.locator('h3').allTextContents()).toEqual(expect.arrayContaining(['容器', '事件']));
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot(page, card, 'pod-panel-zh-dark');

    // 200 more processes, each in a process group of its own (so none fold together): the panel
    // takes them without a long task on the page, and hovering one stays cheap.
    await page.getByRole('button', { name: 'English' }).click();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
    });
    await rig.api.call('pods.exec', { pod: POD, container: 'shell', command: ['sh', '-c', 'for i in $(seq 200); do setsid sleep 301 >/dev/null 2>&1 & done'] });
    await expect.poll(() => tree.locator('.pnode', { hasText: /^sleep\(/ }).count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(201);
    await tree.locator('.pnode', { hasText: /^sleep\(/ }).last().hover();
    const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
    expect(longest).toBeLessThan(250);
    await shoot(page, card, 'pod-panel-200');

    // The infra container killed from outside (it is Podlab's own): the Pod is built again, and the
    // panel shows the new attempt marked as a rebuilt sandbox, the new processes, and the events
    // read again because the status changed.
    const before = (await rig.api.call<PodStatus[]>('pods.list', { group: GROUP })).find((p) => p.name === POD);
    execFileSync('docker', ['kill', before?.sandbox?.id ?? 'no-sandbox']);
    await expect.poll(() => card.getByTestId('sandbox-attempt').textContent(), { timeout: 60_000 }).toBe('1sandbox rebuilt');
    await expect.poll(() => card.locator('.pod-events').textContent(), { timeout: 30_000 }).toMatch(/SandboxChanged/);
    await expect.poll(async () => (await groupLines(tree, 'syslog'))[0], { timeout: 60_000 }).toMatch(/^rsyslogd\(\d+\)─┬─\{imklog\}/);
    expect(await tree.locator(`[data-node="p${rs.pid}"]`).count()).toBe(0);
    await expect.poll(async () => (await groupLines(tree, 'shell')).length, { timeout: 30_000 }).toBe(2);
    expect(await groupLines(tree, 'POD')).toEqual(['pause(1)']);
    await shoot(page, card, 'pod-panel-rebuilt');

    expect(problems).toEqual([]);
    await page.close();
  });
});
