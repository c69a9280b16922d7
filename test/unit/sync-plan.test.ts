// What to do next for one Pod, from its observed Docker state alone (the kubelet's
// computePodActions). Fixtures are built by hand; `now` is fixed so back-offs are exact.
import { describe, expect, it } from 'vitest';
import { BACKOFF_INITIAL_MS } from '../../electron/engine/pods/sync/backoff.js';
import { computeSyncPlan, firstSteps, type SyncAction } from '../../electron/engine/pods/sync/sync-plan.js';
import { at, lifecycleYaml, ms, pod, type PodFixture } from './observed-pod.js';

type Kind = SyncAction['kind'];

function plan(f: PodFixture, nowSeconds = 1000): SyncAction[] {
  return computeSyncPlan(f.build(), ms(nowSeconds)).actions;
}

function only<K extends Kind>(actions: SyncAction[], kind: K): Extract<SyncAction, { kind: K }> {
  const found = actions.filter((a): a is Extract<SyncAction, { kind: K }> => a.kind === kind);
  expect(found, `exactly one ${kind} action in ${JSON.stringify(actions.map((a) => a.kind))}`).toHaveLength(1);
  return found[0] as Extract<SyncAction, { kind: K }>;
}

/** [container, attempt] of the single `start` action. */
function started(actions: SyncAction[]): [string, number][] {
  return only(actions, 'start').steps.map((s) => [s.container, s.attempt]);
}

const noInit = pod(lifecycleYaml({ containers: ['a', 'b'] }));
const twoInits = pod(lifecycleYaml({ init: ['i1', 'i2'], containers: ['a', 'b'] }));
const withSidecar = pod(lifecycleYaml({ init: ['i1', { sidecar: 's' }, 'i2'], containers: ['app'] }));

describe('a fresh Pod', () => {
  it('builds sandbox 0 and then starts only the first init container', () => {
    const a = only(plan(twoInits), 'createSandbox');
    expect(a.attempt).toBe(0);
    expect(a.then).toEqual([{ container: 'i1', attempt: 0 }]);
  });

  it('without init containers starts every app container with the sandbox', () => {
    const a = only(plan(noInit), 'createSandbox');
    expect(a.attempt).toBe(0);
    expect(a.then).toEqual([
      { container: 'a', attempt: 0 },
      { container: 'b', attempt: 0 },
    ]);
  });

  it('firstSteps continues attempts across sandboxes', () => {
    const f = twoInits.withSandbox({ state: 'exited', exitCode: 137 }).withContainer('i1', { state: 'exited', exitCode: 0 });
    expect(firstSteps(f.build())).toEqual([{ container: 'i1', attempt: 1 }]);
  });
});

describe('init containers run strictly in order', () => {
  const sandbox = twoInits.withSandbox();

  it('starts the first init container in a running sandbox that has none', () => {
    expect(plan(sandbox)).toEqual([{ kind: 'start', steps: [{ container: 'i1', attempt: 0 }] }]);
  });

  it('waits while an init container runs', () => {
    expect(plan(sandbox.withContainer('i1'))).toEqual([]);
    expect(plan(sandbox.withContainer('i1', { state: 'exited', exitCode: 0 }).withContainer('i2'))).toEqual([]);
  });

  it('starts the next init container only after the previous one exited 0', () => {
    expect(started(plan(sandbox.withContainer('i1', { state: 'exited', exitCode: 0 })))).toEqual([['i2', 0]]);
  });

  it('starts every app container together once all init containers exited 0', () => {
    const done = sandbox.withContainer('i1', { state: 'exited', exitCode: 0 }).withContainer('i2', { state: 'exited', exitCode: 0 });
    expect(started(plan(done))).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
  });

  it('an init container still being created holds everything back', () => {
    expect(plan(sandbox.withContainer('i1', { state: 'created' }))).toEqual([]);
  });
});

describe('a failed init container', () => {
  const failedOnce = (policy: 'Always' | 'OnFailure' | 'Never') =>
    pod(lifecycleYaml({ restartPolicy: policy, init: ['i1', 'i2'] }))
      .withSandbox()
      .withContainer('i1', { state: 'exited', exitCode: 1, startedAt: at(10), finishedAt: at(11) });

  it('with restartPolicy Never: nothing more happens (the Pod has failed)', () => {
    expect(plan(failedOnce('Never'), 12)).toEqual([]);
  });

  it.each(['Always', 'OnFailure'] as const)('with %s: restarted at once the first time, as attempt 1', (policy) => {
    const a = only(plan(failedOnce(policy), 12), 'start');
    expect(a.steps).toEqual([{ container: 'i1', attempt: 1, restartOf: { attempt: 0, exitCode: 1 } }]);
  });

  it.each(['Always', 'OnFailure'] as const)('with %s: the second restart waits 10 s after the exit, then starts attempt 2', (policy) => {
    const twice = failedOnce(policy).withContainer('i1', { state: 'exited', exitCode: 2, startedAt: at(12), finishedAt: at(13) });
    const wait = only(plan(twice, 14), 'wait');
    expect(wait).toEqual({ kind: 'wait', at: ms(13) + BACKOFF_INITIAL_MS, container: 'i1', reason: 'BackOff' });
    expect(plan(twice, 14).some((a) => a.kind === 'start')).toBe(false);
    expect(only(plan(twice, 23), 'start').steps).toEqual([{ container: 'i1', attempt: 2, restartOf: { attempt: 1, exitCode: 2 } }]);
  });

  it('the back-off doubles: the third restart waits 20 s', () => {
    const thrice = failedOnce('Always')
      .withContainer('i1', { state: 'exited', exitCode: 1, startedAt: at(12), finishedAt: at(13) })
      .withContainer('i1', { state: 'exited', exitCode: 1, startedAt: at(23), finishedAt: at(24) });
    expect(only(plan(thrice, 30), 'wait').at).toBe(ms(44));
    expect(started(plan(thrice, 44))).toEqual([['i1', 3]]);
  });

  it('the next init container does not start while the failed one is retried', () => {
    const actions = plan(failedOnce('Always'), 12);
    expect(started(actions)).toEqual([['i1', 1]]);
  });
});

describe('native sidecars (init containers with restartPolicy Always)', () => {
  const afterI1 = withSidecar.withSandbox().withContainer('i1', { state: 'exited', exitCode: 0 });

  it('starts in order, after the init container before it', () => {
    expect(started(plan(afterI1))).toEqual([['s', 0]]);
  });

  it('the next init container starts while the sidecar keeps running', () => {
    expect(started(plan(afterI1.withContainer('s')))).toEqual([['i2', 0]]);
  });

  it('a sidecar still being created holds the next init container back', () => {
    expect(plan(afterI1.withContainer('s', { state: 'created' }))).toEqual([]);
  });

  it('app containers start after the last init container while the sidecar runs', () => {
    const f = afterI1.withContainer('s').withContainer('i2', { state: 'exited', exitCode: 0 });
    expect(started(plan(f))).toEqual([['app', 0]]);
  });

  it('is restarted when it exits, whatever its exit code, while the app runs', () => {
    for (const exitCode of [0, 1]) {
      const exited = afterI1
        .withContainer('s', { state: 'exited', exitCode, startedAt: at(1), finishedAt: at(50) })
        .withContainer('i2', { state: 'exited', exitCode: 0 })
        .withContainer('app');
      expect(only(plan(exited, 51), 'start').steps).toEqual([{ container: 's', attempt: 1, restartOf: { attempt: 0, exitCode } }]);
    }
  });

  it('its restarts back off too', () => {
    const f = afterI1
      .withContainer('s', { state: 'exited', exitCode: 1, startedAt: at(1), finishedAt: at(2) })
      .withContainer('s', { state: 'exited', exitCode: 1, startedAt: at(3), finishedAt: at(4) })
      .withContainer('i2', { state: 'exited', exitCode: 0 })
      .withContainer('app');
    expect(only(plan(f, 5), 'wait')).toEqual({ kind: 'wait', at: ms(14), container: 's', reason: 'BackOff' });
  });

  it('the next init container waits until a sidecar that exited before it started is running again (kubelet)', () => {
    // kubelet computeInitContainerActions walks back to the last init container with a status:
    // an exited restartable one is restarted, and the one after it is not started yet.
    const crashed = afterI1.withContainer('s', { state: 'exited', exitCode: 1, startedAt: at(1), finishedAt: at(2) });
    expect(started(plan(crashed, 3))).toEqual([['s', 1]]);
    const inBackOff = crashed.withContainer('s', { state: 'exited', exitCode: 1, startedAt: at(3), finishedAt: at(4) });
    const actions = plan(inBackOff, 5);
    expect(actions.filter((a) => a.kind === 'start')).toEqual([]);
    expect(only(actions, 'wait').container).toBe('s');
  });

  it('a sidecar that exits after the next init container started does not hold anything back', () => {
    const crashed = afterI1
      .withContainer('s', { state: 'exited', exitCode: 1, startedAt: at(1), finishedAt: at(2) })
      .withContainer('s', { state: 'exited', exitCode: 1, startedAt: at(3), finishedAt: at(4) });
    // i2 running: the sidecar waits out its back-off, nothing else to do.
    expect(plan(crashed.withContainer('i2'), 5)).toEqual([{ kind: 'wait', at: ms(14), container: 's', reason: 'BackOff' }]);
    // i2 done: the app starts while the sidecar is still in back-off.
    const actions = plan(crashed.withContainer('i2', { state: 'exited', exitCode: 0 }), 5);
    expect(started(actions)).toEqual([['app', 0]]);
    expect(only(actions, 'wait').container).toBe('s');
  });

  it('app containers wait for a last-position sidecar that exited before they started (kubelet)', () => {
    const f = pod(lifecycleYaml({ init: ['i1', { sidecar: 's' }], containers: ['app'] }))
      .withSandbox()
      .withContainer('i1', { state: 'exited', exitCode: 0 })
      .withContainer('s', { state: 'exited', exitCode: 1, startedAt: at(1), finishedAt: at(2) });
    expect(started(plan(f, 3))).toEqual([['s', 1]]);
  });
});

describe('app containers and the Pod restartPolicy', () => {
  const ran = (policy: 'Always' | 'OnFailure' | 'Never', exitCode: number) =>
    pod(lifecycleYaml({ restartPolicy: policy, containers: ['a', 'b'] }))
      .withSandbox()
      .withContainer('a', { state: 'exited', exitCode, startedAt: at(1), finishedAt: at(2) })
      .withContainer('b');

  it('Always restarts after exit 0 and after a failure', () => {
    expect(started(plan(ran('Always', 0), 3))).toEqual([['a', 1]]);
    expect(started(plan(ran('Always', 1), 3))).toEqual([['a', 1]]);
  });

  it('OnFailure restarts only a non-zero exit', () => {
    expect(plan(ran('OnFailure', 0), 3)).toEqual([]);
    expect(only(plan(ran('OnFailure', 3), 3), 'start').steps).toEqual([{ container: 'a', attempt: 1, restartOf: { attempt: 0, exitCode: 3 } }]);
  });

  it('Never restarts nothing', () => {
    expect(plan(ran('Never', 0), 3)).toEqual([]);
    expect(plan(ran('Never', 1), 3)).toEqual([]);
  });

  it('an app container in back-off yields a wait while the others are left alone', () => {
    const f = ran('Always', 1).withContainer('a', { state: 'exited', exitCode: 1, startedAt: at(3), finishedAt: at(4) });
    expect(plan(f, 5)).toEqual([{ kind: 'wait', at: ms(14), container: 'a', reason: 'BackOff' }]);
  });

  it('a container that ran 10 minutes before it exited restarts at once', () => {
    const f = ran('Always', 1).withContainer('a', { state: 'exited', exitCode: 1, startedAt: at(3), finishedAt: at(603) });
    expect(started(plan(f, 604))).toEqual([['a', 2]]);
  });

  it('a missing app container is started next to running ones', () => {
    const f = pod(lifecycleYaml({ containers: ['a', 'b'] })).withSandbox().withContainer('a');
    expect(started(plan(f))).toEqual([['b', 0]]);
  });
});

describe('when the main containers are done', () => {
  const sidecars = (policy: 'OnFailure' | 'Never') =>
    pod(lifecycleYaml({ restartPolicy: policy, init: [{ sidecar: 's1' }, { sidecar: 's2' }], containers: ['app'] }))
      .withSandbox()
      .withContainer('s1')
      .withContainer('s2');

  it.each(['OnFailure', 'Never'] as const)('%s: running sidecars are stopped, last started first', (policy) => {
    const f = sidecars(policy).withContainer('app', { state: 'exited', exitCode: 0 });
    const stop = only(plan(f), 'stop');
    expect(stop.containers.map((c) => c.podContainer)).toEqual(['s2', 's1']);
    expect(stop.reason).toBe('main containers completed');
    expect(plan(f).some((a) => a.kind === 'start')).toBe(false);
  });

  it('sidecars that exited are not restarted any more', () => {
    const f = pod(lifecycleYaml({ restartPolicy: 'Never', init: [{ sidecar: 's1' }, { sidecar: 's2' }], containers: ['app'] }))
      .withSandbox()
      .withContainer('s1', { state: 'exited', exitCode: 143 })
      .withContainer('s2')
      .withContainer('app', { state: 'exited', exitCode: 1 });
    const actions = plan(f);
    expect(actions.some((a) => a.kind === 'start' || a.kind === 'wait')).toBe(false);
    expect(only(actions, 'stop').containers.map((c) => c.podContainer)).toEqual(['s2']);
  });

  it('OnFailure with a failed app is not done: sidecars keep running, the app restarts', () => {
    const f = sidecars('OnFailure').withContainer('app', { state: 'exited', exitCode: 1 });
    const actions = plan(f);
    expect(actions.some((a) => a.kind === 'stop')).toBe(false);
    expect(started(actions)).toEqual([['app', 1]]);
  });

  it('a running init sidecar is stopped when an init container fails under Never (the Pod failed)', () => {
    const f = pod(lifecycleYaml({ restartPolicy: 'Never', init: [{ sidecar: 's' }, 'i1'] }))
      .withSandbox()
      .withContainer('s')
      .withContainer('i1', { state: 'exited', exitCode: 1 });
    const stop = only(plan(f), 'stop');
    expect(stop.containers.map((c) => c.podContainer)).toEqual(['s']);
    expect(stop.reason).toBe('init container i1 failed');
  });
});

describe('the sandbox', () => {
  it('dead: a new sandbox with attempt + 1, a reason naming the exit code, init from the first', () => {
    const dead = twoInits
      .withSandbox({ state: 'exited', exitCode: 137 })
      .withContainer('i1', { state: 'exited', exitCode: 0 })
      .withContainer('i2', { state: 'exited', exitCode: 0 })
      .withContainer('a')
      .withContainer('b');
    const a = only(plan(dead), 'createSandbox');
    expect(a.attempt).toBe(1);
    expect(a.reason).toBe(`infra container ${dead.sandboxName(0)} exited with code 137`);
    expect(a.then).toEqual([{ container: 'i1', attempt: 1 }]);
  });

  it('dead with exit 0 (pause got SIGTERM) is rebuilt too', () => {
    const dead = noInit.withSandbox({ state: 'exited', exitCode: 0 }).withContainer('a').withContainer('b');
    const a = only(plan(dead), 'createSandbox');
    expect(a.attempt).toBe(1);
    expect(a.reason).toContain('exited with code 0');
    expect(a.then).toEqual([
      { container: 'a', attempt: 1 },
      { container: 'b', attempt: 1 },
    ]);
  });

  it('removed: the next attempt follows the sandbox the containers joined', () => {
    const f = noInit.withSandbox({ attempt: 2 }).withContainer('a', { state: 'exited', exitCode: 137 }).build();
    f.sandboxes = [];
    const a = only(computeSyncPlan(f, ms(10)).actions, 'createSandbox');
    expect(a.attempt).toBe(3);
    expect(a.reason).toBe('infra container was removed');
  });

  it('a completed Pod whose sandbox is dead is left alone', () => {
    const f = pod(lifecycleYaml({ restartPolicy: 'Never' }))
      .withSandbox({ state: 'exited', exitCode: 0 })
      .withContainer('app', { state: 'exited', exitCode: 0 });
    expect(plan(f)).toEqual([]);
    const failed = pod(lifecycleYaml({ restartPolicy: 'Never', init: ['i1'] }))
      .withSandbox({ state: 'exited', exitCode: 0 })
      .withContainer('i1', { state: 'exited', exitCode: 1 });
    expect(plan(failed)).toEqual([]);
  });

  it('a sandbox in state created is being built: nothing to do', () => {
    expect(plan(noInit.withSandbox({ state: 'created' }))).toEqual([]);
  });

  it('containers still running in an old sandbox are stopped', () => {
    const f = noInit
      .withSandbox({ state: 'exited', exitCode: 137 })
      .withContainer('a')
      .withContainer('b', { state: 'exited', exitCode: 137 })
      .withSandbox()
      .withContainer('a');
    const stop = only(plan(f), 'stop');
    expect(stop.reason).toBe('joined an old sandbox');
    expect(stop.containers.map((c) => [c.podContainer, c.attempt, c.sandbox])).toEqual([['a', 0, f.sandboxName(0)]]);
    expect(started(plan(f))).toEqual([['b', 1]]);
  });
});

describe('garbage collection', () => {
  it('keeps the two newest instances of each container and removes older dead ones', () => {
    let f = noInit.withSandbox().withContainer('b');
    for (let i = 0; i < 4; i++) f = f.withContainer('a', { state: 'exited', exitCode: 1, startedAt: at(i * 100), finishedAt: at(i * 100 + 1) });
    f = f.withContainer('a');
    const remove = only(plan(f, 1000), 'remove');
    expect(remove.containers.map((c) => [c.podContainer, c.attempt])).toEqual([
      ['a', 0],
      ['a', 1],
      ['a', 2],
    ]);
  });

  it('never removes a running instance, however old', () => {
    const f = noInit
      .withSandbox({ state: 'exited', exitCode: 137 })
      .withContainer('a')
      .withSandbox()
      .withContainer('a', { state: 'exited', exitCode: 1 })
      .withContainer('a')
      .withContainer('b');
    const actions = plan(f);
    const removed = actions.filter((a) => a.kind === 'remove').flatMap((a) => (a.kind === 'remove' ? a.containers : []));
    expect(removed.map((c) => c.podContainer)).toEqual(['POD']);
    expect(only(actions, 'stop').containers.map((c) => [c.podContainer, c.attempt])).toEqual([['a', 0]]);
  });

  it('removes dead old sandboxes, never the current one', () => {
    const f = noInit
      .withSandbox({ state: 'exited', exitCode: 137 })
      .withSandbox({ state: 'exited', exitCode: 0 })
      .withSandbox()
      .withContainer('a')
      .withContainer('b');
    const remove = only(plan(f), 'remove');
    expect(remove.containers.map((c) => [c.role, c.attempt])).toEqual([
      ['infra', 0],
      ['infra', 1],
    ]);
    const deadCurrent = noInit.withSandbox({ state: 'exited', exitCode: 137 });
    expect(plan(deadCurrent).some((a) => a.kind === 'remove')).toBe(false);
  });

  it('comes first, before the other actions', () => {
    const f = noInit
      .withSandbox({ state: 'exited', exitCode: 137 })
      .withSandbox({ state: 'exited', exitCode: 137 });
    expect(plan(f).map((a) => a.kind)).toEqual(['remove', 'createSandbox']);
  });
});
