// `pod rm` says what its grace-period wait is for: whether the container's PID 1 will act on
// SIGTERM at all, found out from the engine's side (not guessed from the manifest), and how the
// wait ended — as progress events, which the CLI draws and the window can show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyProgress } from '../../electron/engine/pods/apply.js';
import type { GraceProgress } from '../../electron/engine/pods/grace.js';
import { parsePodManifests } from '../../electron/engine/pods/manifest/parse.js';
import type { PodStatus } from '../../electron/engine/pods/sync/status.js';
import { leftovers, run, startHarness, type Harness } from './pod-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('test-grace');
});
afterAll(async () => {
  await h?.close();
});

const podYaml = (name: string, script: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 3
  containers:
  - name: web
    image: podlab/toolbox:1
    command: [sh, -c, '${script}']
`;

/** Polls until the container's processes, as `docker top` lists them, satisfy `ok`. */
async function processesSettle(s: PodStatus, ok: (comms: string[]) => boolean): Promise<void> {
  const id = s.containerStatuses[0]?.containerId as string;
  for (let i = 0; ; i++) {
    const { stdout } = await run('docker', ['top', id, '-o', 'pid,comm']);
    const comms = stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/)[1]);
    if (ok(comms as string[])) return;
    if (i > 100) throw new Error(`${s.name}: processes never settled: ${stdout}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('rm explains the grace-period wait', () => {
  it('PID 1 without a SIGTERM handler ignores it and is killed at the end; one with a handler gets SIGTERM and exits', async () => {
    await h.apply(
      [
        // bash stays PID 1 (it waits for its child) and installs no TERM handler.
        podYaml('deaf', 'sleep 1000 & wait'),
        // bash execs a lone command: PID 1 is sleep itself, which the event must name.
        podYaml('sleeper', 'sleep 1000'),
        podYaml('trapper', 'trap "exit 0" TERM; touch /tmp/trapped; while :; do sleep 1; done'),
      ].join('---\n'),
    );
    const running = (name: string) => h.waitFor(name, (s) => s.phase === 'Running', 'Running');
    const [deaf, sleeper, trapper] = await Promise.all([running('deaf'), running('sleeper'), running('trapper')]);
    await processesSettle(deaf, (c) => c.includes('sh') && c.includes('sleep'));
    await processesSettle(sleeper, (c) => !c.includes('sh'));
    // The trap is set once the shell touched the file (it runs the trap line first).
    for (let i = 0; !(await run('docker', ['exec', trapper.containerStatuses[0]?.containerId as string, 'test', '-f', '/tmp/trapped']).then(() => true, () => false)); i++) {
      if (i > 100) throw new Error('the trap was never set');
      await new Promise((r) => setTimeout(r, 100));
    }

    const events: GraceProgress[] = [];
    await h.engine.remove({ all: true, group: 'test-grace' }, { onProgress: (p) => events.push(p) });
    const of = (pod: string, phase: GraceProgress['phase']) => events.find((e) => e.pod === pod && e.phase === phase);

    expect(of('deaf', 'waiting')).toMatchObject({
      container: 'web',
      graceSeconds: 3,
      ignoresSignal: true,
      target: { signal: 'SIGTERM', comm: 'sh', pid: 1, disposition: 'default' },
      message: expect.stringMatching(/^sh is PID 1 in container web and ignores SIGTERM\b.* waiting up to 3 s\b/) as unknown,
    });
    // The whole grace period passed: Docker's SIGKILL ended it (128 + 9).
    expect(of('deaf', 'ended')).toMatchObject({ outcome: 'killed', exitCode: 137, message: expect.stringMatching(/^web was killed \(SIGKILL\) after \d+ s$/) as unknown });

    expect(of('sleeper', 'waiting')).toMatchObject({ ignoresSignal: true, target: { comm: 'sleep', pid: 1 }, message: expect.stringMatching(/^sleep is PID 1 in container web and ignores SIGTERM/) as unknown });

    expect(of('trapper', 'waiting')).toMatchObject({
      ignoresSignal: false,
      target: { comm: 'sh', pid: 1, disposition: 'caught' },
      message: 'sent SIGTERM to sh (PID 1) in container web; waiting up to 3 s for it to exit',
    });
    // Its handler ran `exit 0` before the grace period was over (a SIGKILL would have made it 137).
    expect(of('trapper', 'ended')).toMatchObject({ outcome: 'exited', exitCode: 0, message: expect.stringMatching(/^web exited after \d+ s$/) as unknown });

    // Each wait is announced before it ends, and every Pod is gone.
    for (const pod of ['deaf', 'sleeper', 'trapper']) {
      expect(events.findIndex((e) => e.pod === pod && e.phase === 'waiting')).toBeLessThan(events.findIndex((e) => e.pod === pod && e.phase === 'ended'));
    }
    expect(await Promise.all([deaf, sleeper, trapper].map((s) => leftovers(s.uid)))).toEqual([[], [], []]);
  });

  it('apply --force explains the wait of the Pod it replaces, as rm does', async () => {
    const yaml = (seconds: number) => podYaml('replaced', `sleep ${seconds} & wait`).replace('GracePeriodSeconds: 3', 'GracePeriodSeconds: 1');
    await h.apply(yaml(1000));
    await h.waitFor('replaced', (s) => s.phase === 'Running', 'Running');
    const events: ApplyProgress[] = [];
    const [r] = await h.engine.apply(parsePodManifests(yaml(1001), 'replaced.yaml'), { group: 'test-grace', force: true, onProgress: (p) => events.push(p) });
    expect(r?.outcome).toBe('replaced');
    const waits = events.filter((e) => e.kind === 'grace');
    expect(waits.map((e) => e.phase)).toEqual(['waiting', 'ended']);
    expect(waits[0]).toMatchObject({ pod: 'replaced', graceSeconds: 1, ignoresSignal: true, message: expect.stringMatching(/^sh is PID 1 in container web and ignores SIGTERM/) as unknown });
  });

  it('--grace 0 kills at once and has no wait to explain', async () => {
    await h.apply(podYaml('quick', 'sleep 1000 & wait'));
    await h.waitFor('quick', (s) => s.phase === 'Running', 'Running');
    const events: GraceProgress[] = [];
    await h.engine.remove({ name: 'quick' }, { graceSeconds: 0, onProgress: (p) => events.push(p) });
    expect(events).toEqual([]);
  });
});
