// Pod status as Kubernetes reports it — phase, kubectl's STATUS column, conditions and the
// per-container state — from hand-built observed Docker state at a fixed `now`.
import { describe, expect, it } from 'vitest';
import { computePodStatus, type ContainerStatus, type PodStatus } from '../../electron/engine/pods/sync/status.js';
import { FIXTURE_UID, at, lifecycleYaml, ms, pod, type ContainerOptions, type PodFixture } from './observed-pod.js';

function status(f: PodFixture, nowSeconds = 1000): PodStatus {
  return computePodStatus(f.build(), ms(nowSeconds));
}

function conditions(s: PodStatus): Record<string, string> {
  return Object.fromEntries(s.conditions.map((c) => [c.type, c.reason ? `${c.status}:${c.reason}` : c.status]));
}

function container(s: PodStatus, name: string): ContainerStatus {
  const c = [...s.initContainerStatuses, ...s.containerStatuses].find((x) => x.name === name);
  if (!c) throw new Error(`no status for ${name}`);
  return c;
}

const twoInits = (policy: 'Always' | 'OnFailure' | 'Never' = 'Always') =>
  pod(lifecycleYaml({ restartPolicy: policy, init: ['i1', 'i2'], containers: ['a', 'b'] }));
const twoApps = (policy: 'Always' | 'OnFailure' | 'Never' = 'Always') =>
  pod(lifecycleYaml({ restartPolicy: policy, containers: ['a', 'b'] }));

describe('before anything runs', () => {
  it('no sandbox: Pending, ContainerCreating, not ready to start containers', () => {
    const s = status(twoApps());
    expect(s.phase).toBe('Pending');
    expect(s.display).toBe('ContainerCreating');
    expect(conditions(s)).toEqual({
      PodReadyToStartContainers: 'False',
      Initialized: 'True',
      ContainersReady: 'False:ContainersNotReady',
      Ready: 'False:ContainersNotReady',
    });
    expect(s.ready).toBe('0/2');
    expect(s.containerStatuses.map((c) => c.state)).toEqual([
      { waiting: { reason: 'ContainerCreating' } },
      { waiting: { reason: 'ContainerCreating' } },
    ]);
    expect(s.sandbox).toBeUndefined();
    expect(s.podIP).toBeUndefined();
  });

  it('a sandbox but no container yet: ContainerCreating; with init containers, Init:0/2', () => {
    const s = status(twoApps().withSandbox({ ip: '172.17.0.5' }));
    expect(s.phase).toBe('Pending');
    expect(s.display).toBe('ContainerCreating');
    expect(conditions(s).PodReadyToStartContainers).toBe('True');
    expect(status(twoInits().withSandbox()).display).toBe('Init:0/2');
  });

  it('a container in state created is ContainerCreating', () => {
    const s = status(twoApps().withSandbox().withContainer('a', { state: 'created' }));
    expect(container(s, 'a').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
  });
});

describe('initialization', () => {
  const sandbox = twoInits().withSandbox();

  it('the first init container running: Init:0/2, Pending, not initialized', () => {
    const s = status(sandbox.withContainer('i1', { startedAt: at(1) }));
    expect(s.phase).toBe('Pending');
    expect(s.display).toBe('Init:0/2');
    expect(container(s, 'i1').state).toEqual({ running: { startedAt: at(1) } });
    expect(container(s, 'i1').ready).toBe(false);
    expect(container(s, 'i1').started).toBe(true);
    expect(container(s, 'i2').state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(container(s, 'a').state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(conditions(s)).toEqual({
      PodReadyToStartContainers: 'True',
      Initialized: 'False:ContainersNotInitialized',
      ContainersReady: 'False:ContainersNotReady',
      Ready: 'False:ContainersNotReady',
    });
  });

  it('the first done, the second running: Init:1/2', () => {
    const s = status(sandbox.withContainer('i1', { state: 'exited', exitCode: 0 }).withContainer('i2'));
    expect(s.display).toBe('Init:1/2');
    expect(container(s, 'i1').ready).toBe(true);
    expect(container(s, 'i1').state).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed' } });
  });

  it('all init containers done, apps not created yet: PodInitializing, Initialized', () => {
    const s = status(sandbox.withContainer('i1', { state: 'exited', exitCode: 0 }).withContainer('i2', { state: 'exited', exitCode: 0 }));
    expect(s.phase).toBe('Pending');
    expect(s.display).toBe('PodInitializing');
    expect(conditions(s).Initialized).toBe('True');
    expect(container(s, 'a').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
  });

  it('a failed init container, retried at once: Init:Error, Pending', () => {
    const s = status(sandbox.withContainer('i1', { state: 'exited', exitCode: 2, startedAt: at(1), finishedAt: at(2) }), 3);
    expect(s.phase).toBe('Pending');
    expect(s.display).toBe('Init:Error');
    expect(container(s, 'i1').state).toEqual({ terminated: { exitCode: 2, reason: 'Error', startedAt: at(1), finishedAt: at(2) } });
  });

  it('an init container in back-off: Init:CrashLoopBackOff with restartCount and lastState', () => {
    const f = sandbox
      .withContainer('i1', { state: 'exited', exitCode: 2, startedAt: at(1), finishedAt: at(2) })
      .withContainer('i1', { state: 'exited', exitCode: 3, startedAt: at(3), finishedAt: at(4) });
    const s = status(f, 5);
    expect(s.display).toBe('Init:CrashLoopBackOff');
    const i1 = container(s, 'i1');
    expect(i1.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off restarting failed container i1' } });
    expect(i1.restartCount).toBe(1);
    expect(i1.lastState).toEqual({ terminated: { exitCode: 2, reason: 'Error', startedAt: at(1), finishedAt: at(2) } });
    expect(s.restarts).toBe(1);
    // The back-off over (10 s after the exit), it is a plain Error again until restarted.
    expect(status(f, 14).display).toBe('Init:Error');
  });

  it('counts sidecars as kubectl does: the index of the first init container not done, of all of them', () => {
    const f = pod(lifecycleYaml({ init: ['i1', { sidecar: 's' }, 'i2'] })).withSandbox();
    expect(status(f.withContainer('i1')).display).toBe('Init:0/3');
    const i1Done = f.withContainer('i1', { state: 'exited', exitCode: 0 });
    expect(status(i1Done).display).toBe('Init:1/3');
    expect(status(i1Done.withContainer('s', { state: 'created' })).display).toBe('Init:1/3');
    expect(status(i1Done.withContainer('s').withContainer('i2')).display).toBe('Init:2/3');
  });

  it('an init container killed for memory: Init:OOMKilled', () => {
    const f = sandbox.withContainer('i1', { state: 'exited', exitCode: 137, oomKilled: true, startedAt: at(1), finishedAt: at(2) });
    expect(status(f, 3).display).toBe('Init:OOMKilled');
  });

  it('restartPolicy Never: a failed init container fails the Pod', () => {
    const s = status(twoInits('Never').withSandbox().withContainer('i1', { state: 'exited', exitCode: 1, startedAt: at(1), finishedAt: at(2) }));
    expect(s.phase).toBe('Failed');
    expect(s.display).toBe('Init:Error');
    expect(container(s, 'i1').state).toMatchObject({ terminated: { exitCode: 1, reason: 'Error' } });
  });
});

describe('running', () => {
  it('all app containers running: Running, ready 2/2, every condition True, the Pod IP', () => {
    const s = status(twoApps().withSandbox({ ip: '172.17.0.5' }).withContainer('a', { startedAt: at(1) }).withContainer('b'));
    expect(s.phase).toBe('Running');
    expect(s.display).toBe('Running');
    expect(s.ready).toBe('2/2');
    expect(s.podIP).toBe('172.17.0.5');
    expect(conditions(s)).toEqual({ PodReadyToStartContainers: 'True', Initialized: 'True', ContainersReady: 'True', Ready: 'True' });
    expect(container(s, 'a')).toMatchObject({ ready: true, started: true, restartCount: 0, state: { running: { startedAt: at(1) } } });
    expect(container(s, 'a').lastState).toBeUndefined();
    expect(container(s, 'a').dockerName).toBe(`k8s_a_web_default_${FIXTURE_UID}_0`);
    expect(container(s, 'a').containerId).toBe(`id-k8s_a_web_default_${FIXTURE_UID}_0`);
  });

  it('after init containers and with a running sidecar', () => {
    const f = pod(lifecycleYaml({ init: ['i1', { sidecar: 's' }], containers: ['app'] }))
      .withSandbox()
      .withContainer('i1', { state: 'exited', exitCode: 0 })
      .withContainer('s')
      .withContainer('app');
    const s = status(f);
    expect(s.phase).toBe('Running');
    expect(s.display).toBe('Running');
    // kubectl ≥ 1.29 counts a started, ready sidecar in READY.
    expect(s.ready).toBe('2/2');
    expect(container(s, 's')).toMatchObject({ role: 'sidecar', ready: true, started: true });
    expect(container(s, 'i1')).toMatchObject({ role: 'init', ready: true, started: false });
  });

  it('a restarted container: restartCount, lastState, and the Pod restart total', () => {
    const f = twoApps()
      .withSandbox()
      .withContainer('a', { state: 'exited', exitCode: 1, startedAt: at(1), finishedAt: at(2) })
      .withContainer('a', { startedAt: at(3) })
      .withContainer('b');
    const s = status(f);
    expect(s.display).toBe('Running');
    const a = container(s, 'a');
    expect(a.restartCount).toBe(1);
    expect(a.state).toEqual({ running: { startedAt: at(3) } });
    expect(a.lastState).toEqual({ terminated: { exitCode: 1, reason: 'Error', startedAt: at(1), finishedAt: at(2) } });
    expect(s.restarts).toBe(1);
  });

  it('an app container in back-off: CrashLoopBackOff, still Running, not ready', () => {
    const f = twoApps()
      .withSandbox()
      .withContainer('a', { state: 'exited', exitCode: 1, startedAt: at(1), finishedAt: at(2) })
      .withContainer('a', { state: 'exited', exitCode: 1, startedAt: at(3), finishedAt: at(4) })
      .withContainer('b');
    const s = status(f, 5);
    expect(s.phase).toBe('Running');
    expect(s.display).toBe('CrashLoopBackOff');
    expect(s.ready).toBe('1/2');
    expect(container(s, 'a').state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off restarting failed container a' } });
    expect(conditions(s).Ready).toBe('False:ContainersNotReady');
    // Just exited for the first time (restarted at once): Error, not back-off.
    expect(status(twoApps().withSandbox().withContainer('a', { state: 'exited', exitCode: 1, startedAt: at(1), finishedAt: at(2) }).withContainer('b'), 3).display).toBe('Error');
  });

  it('an OOM kill waiting for its restart shows OOMKilled', () => {
    const f = twoApps().withSandbox().withContainer('a', { state: 'exited', exitCode: 137, oomKilled: true, startedAt: at(1), finishedAt: at(2) }).withContainer('b');
    const s = status(f, 3);
    expect(s.display).toBe('OOMKilled');
    expect(container(s, 'a').state).toMatchObject({ terminated: { exitCode: 137, reason: 'OOMKilled' } });
  });
});

describe('finished Pods', () => {
  it('every app exited 0 without restarts: Succeeded, Completed, Ready False with PodCompleted', () => {
    for (const policy of ['Never', 'OnFailure'] as const) {
      const s = status(twoApps(policy).withSandbox().withContainer('a', { state: 'exited', exitCode: 0 }).withContainer('b', { state: 'exited', exitCode: 0 }));
      expect(s.phase).toBe('Succeeded');
      expect(s.display).toBe('Completed');
      expect(s.ready).toBe('0/2');
      expect(conditions(s)).toEqual({
        PodReadyToStartContainers: 'True',
        Initialized: 'True',
        ContainersReady: 'False:PodCompleted',
        Ready: 'False:PodCompleted',
      });
    }
  });

  it('Never with a failure: Failed, Error', () => {
    const s = status(twoApps('Never').withSandbox().withContainer('a', { state: 'exited', exitCode: 0 }).withContainer('b', { state: 'exited', exitCode: 3 }));
    expect(s.phase).toBe('Failed');
    expect(s.display).toBe('Error');
  });

  it('Never with an OOM kill: Failed, OOMKilled', () => {
    const s = status(twoApps('Never').withSandbox().withContainer('a', { state: 'exited', exitCode: 137, oomKilled: true }).withContainer('b', { state: 'exited', exitCode: 0 }));
    expect(s.phase).toBe('Failed');
    expect(s.display).toBe('OOMKilled');
  });

  it('Always never finishes: every container exited is still Running (restarting)', () => {
    const s = status(twoApps('Always').withSandbox().withContainer('a', { state: 'exited', exitCode: 0, startedAt: at(1), finishedAt: at(2) }).withContainer('b', { state: 'exited', exitCode: 0, startedAt: at(1), finishedAt: at(2) }), 3);
    expect(s.phase).toBe('Running');
    expect(s.display).toBe('Completed');
  });

  it('a completed Pod whose sandbox has stopped still reads Completed, without a Pod IP', () => {
    const s = status(
      twoApps('Never').withSandbox({ state: 'exited', exitCode: 0, ip: '172.17.0.5' }).withContainer('a', { state: 'exited', exitCode: 0 }).withContainer('b', { state: 'exited', exitCode: 0 }),
    );
    expect(s.phase).toBe('Succeeded');
    expect(s.display).toBe('Completed');
    expect(s.podIP).toBeUndefined();
    expect(conditions(s).PodReadyToStartContainers).toBe('False');
  });
});

describe('the sandbox', () => {
  it('podIP only while the sandbox runs, never with hostNetwork', () => {
    expect(status(twoApps().withSandbox({ ip: '172.17.0.9' })).podIP).toBe('172.17.0.9');
    expect(status(twoApps().withSandbox({ ip: '172.17.0.9', state: 'exited', exitCode: 137 })).podIP).toBeUndefined();
    expect(status(pod(lifecycleYaml({ hostNetwork: true })).withSandbox({ ip: '172.17.0.9' })).podIP).toBeUndefined();
    expect(status(pod(lifecycleYaml({ hostNetwork: true })).withSandbox()).hostNetwork).toBe(true);
  });

  it('a dead sandbox of a running Pod: ContainerCreating until it is rebuilt', () => {
    const f = twoApps().withSandbox({ state: 'exited', exitCode: 137 }).withContainer('a', { state: 'exited', exitCode: 137 }).withContainer('b', { state: 'exited', exitCode: 137 });
    const s = status(f);
    expect(s.display).toBe('ContainerCreating');
    expect(conditions(s).PodReadyToStartContainers).toBe('False');
    expect(s.sandbox).toEqual({ id: `id-${f.sandboxName(0)}`, dockerName: f.sandboxName(0), state: 'exited' });
  });

  it('reports the sandbox attempt and why it was rebuilt; restart counts carry over', () => {
    const f = twoApps()
      .withSandbox({ state: 'exited', exitCode: 137 })
      .withContainer('a', { state: 'exited', exitCode: 137 })
      .withContainer('b', { state: 'exited', exitCode: 137 })
      .withSandbox({ reason: 'SandboxChanged: infra container exited with code 137' })
      .withContainer('a')
      .withContainer('b');
    const s = status(f);
    expect(s.sandboxAttempt).toBe(1);
    expect(s.sandboxReason).toBe('SandboxChanged: infra container exited with code 137');
    expect(s.display).toBe('Running');
    expect(container(s, 'a').restartCount).toBe(1);
    expect(container(s, 'a').lastState).toMatchObject({ terminated: { exitCode: 137 } });
    expect(s.restarts).toBe(2);
    expect(status(twoApps().withSandbox()).sandboxReason).toBe('Created');
  });

  it('copies identity and age from the observed Pod', () => {
    const s = status(twoApps().withSandbox());
    expect([s.name, s.namespace, s.group, s.createdAt]).toEqual(['web', 'default', 'lab', at(0)]);
  });
});

describe('native sidecars after initialization (kubelet getPhase)', () => {
  // Once the Pod has initialized, a restarting sidecar does not send it back to Pending.
  const initialized = pod(lifecycleYaml({ init: [{ sidecar: 's' }], containers: ['app'] }))
    .withSandbox()
    .withContainer('s', { state: 'exited', exitCode: 1, startedAt: at(1), finishedAt: at(50) })
    .withContainer('app');

  it('a sidecar that exited while the app runs leaves the Pod Running and Initialized', () => {
    const s = status(initialized, 51);
    expect(s.phase).toBe('Running');
    expect(conditions(s).Initialized).toBe('True');
    expect(s.display).toBe('Running');
    // The kubelet's ContainersReady waits for sidecars too; kubectl's READY counts them.
    expect(conditions(s).ContainersReady).toBe('False:ContainersNotReady');
    expect(s.ready).toBe('1/2');
  });
});

/** `times` failed instances of `name` (each ran 1 s), the last one finishing at `lastFinish`, then `then`. */
function restarted(f: PodFixture, name: string, times: number, lastFinish: number, then: ContainerOptions = {}): PodFixture {
  for (let i = times; i > 0; i--) {
    const end = lastFinish - (i - 1) * 2;
    f = f.withContainer(name, { state: 'exited', exitCode: 1, startedAt: at(end - 1), finishedAt: at(end) });
  }
  return f.withContainer(name, then);
}

// The cases of kubectl's own TestPrintPod and TestPrintPodWithRestartableInitContainer
// (pkg/printers/internalversion/printers_test.go), built as Docker state at now = 1000 s. Podlab
// has no readiness probes: a running container (a started sidecar) is ready, where kubectl's
// fixtures sometimes say Ready: false for a running one.
describe("kubectl's READY and RESTARTS (≥ 1.29, native sidecars)", () => {
  const now = 1000;
  const oneInit = pod(lifecycleYaml({ init: ['i1'], containers: ['a'] })).withSandbox();
  const twoInit = pod(lifecycleYaml({ init: ['i1', 'i2'], containers: ['a'] })).withSandbox();
  const columns = (f: PodFixture) => {
    const s = status(f, now);
    return [s.ready, s.display, s.restarts, s.lastRestartAt];
  };

  it('an init container restarting: its restarts, the last one 10 s ago (test7, test8)', () => {
    expect(columns(restarted(oneInit, 'i1', 3, 990))).toEqual(['0/1', 'Init:0/1', 3, at(990)]);
    expect(columns(restarted(twoInit, 'i1', 3, 990))).toEqual(['0/1', 'Init:0/2', 3, at(990)]);
  });

  it('a completed init container with and without restarts, the next one restarting (test9, test10)', () => {
    const done = twoInit.withContainer('i1', { state: 'exited', exitCode: 0 });
    expect(columns(restarted(done, 'i2', 3, 990))).toEqual(['0/1', 'Init:1/2', 3, at(990)]);
    const doneAfterTwo = restarted(twoInit, 'i1', 2, 880, { state: 'exited', exitCode: 0 });
    expect(columns(restarted(doneAfterTwo, 'i2', 3, 990))).toEqual(['0/1', 'Init:1/2', 5, at(990)]);
  });

  it("once initialized, an init container's restarts no longer count (test11)", () => {
    const f = restarted(restarted(oneInit, 'i1', 2, 880, { state: 'exited', exitCode: 0 }), 'a', 4, 980);
    expect(columns(f)).toEqual(['1/1', 'Running', 4, at(980)]);
  });

  it('app containers: the sum of their restarts, the newest restart (test12, test13, test14)', () => {
    const apps = pod(lifecycleYaml({ containers: ['a', 'b'] })).withSandbox();
    expect(columns(restarted(apps, 'a', 3, 900).withContainer('b'))).toEqual(['2/2', 'Running', 3, at(900)]);
    expect(columns(restarted(restarted(apps, 'a', 6, 950), 'b', 3, 800))).toEqual(['2/2', 'Running', 9, at(950)]);
    expect(columns(apps.withContainer('a').withContainer('b'))).toEqual(['2/2', 'Running', 0, undefined]);
  });

  const sidecars = pod(lifecycleYaml({ restartPolicy: 'OnFailure', init: [{ sidecar: 's1' }, { sidecar: 's2' }], containers: ['a'] })).withSandbox();

  it('sidecars count in the total; one restarting and not started yet: Init:0/2 (restartable test1)', () => {
    expect(columns(restarted(sidecars, 's1', 3, 990, { state: 'created' }))).toEqual(['0/3', 'Init:0/2', 3, at(990)]);
  });

  it('a started sidecar is ready; the next one not started yet: Init:1/2 (restartable test1b)', () => {
    expect(columns(restarted(sidecars, 's1', 3, 990).withContainer('s2', { state: 'created' }))).toEqual(['1/3', 'Init:1/2', 3, at(990)]);
  });

  it('both sidecars started and the app running: sidecar and app restarts add up (restartable test2)', () => {
    const f = restarted(restarted(sidecars, 's1', 3, 990).withContainer('s2'), 'a', 4, 980);
    expect(columns(f)).toEqual(['3/3', 'Running', 7, at(990)]);
  });

  it('sidecars killed after the app completed: nothing ready, Completed, restarts still add up (restartable test3)', () => {
    const killed = { state: 'exited', exitCode: 137 } as const;
    const f = restarted(restarted(sidecars, 's1', 3, 990, killed).withContainer('s2', killed), 'a', 4, 980, { state: 'exited', exitCode: 0 });
    expect(columns(f)).toEqual(['0/3', 'Completed', 7, at(990)]);
  });
});
