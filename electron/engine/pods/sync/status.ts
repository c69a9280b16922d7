// Pod status as Kubernetes reports it — phase, conditions, per-container state — computed from
// the observed Docker state. Pure, so the CLI, the window and the tests read the same answer.
import { backoffDelay } from './backoff.js';
import { currentSandbox, latestInstance, nextAttempt, sandboxReason, type ObservedContainer, type ObservedPod } from './observe.js';
import { finished, initFailed, podCompleted, wantsRestart } from './lifecycle.js';
import { isSidecar, type ContainerSpec } from '../manifest/spec.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; reason: string; startedAt?: string; finishedAt?: string } };

export interface ContainerStatus {
  name: string;
  role: 'init' | 'sidecar' | 'container';
  image: string;
  /** Docker container id and name of the newest instance. */
  containerId?: string;
  dockerName?: string;
  state: ContainerState;
  lastState?: ContainerState;
  ready: boolean;
  started: boolean;
  restartCount: number;
}

export interface PodCondition {
  type: 'PodReadyToStartContainers' | 'Initialized' | 'ContainersReady' | 'Ready';
  status: 'True' | 'False';
  reason?: string;
}

export interface PodStatus {
  name: string;
  namespace: string;
  uid: string;
  group: string;
  phase: PodPhase;
  /** What `kubectl get pods` prints in STATUS: Init:1/2, PodInitializing, CrashLoopBackOff, Completed… */
  display: string;
  conditions: PodCondition[];
  podIP?: string;
  hostNetwork: boolean;
  /** Sandbox attempt (0 at first, +1 each time the infra died and the Pod was rebuilt). */
  sandboxAttempt: number;
  sandboxReason: string;
  sandbox?: { id: string; dockerName: string; state: string };
  initContainerStatuses: ContainerStatus[];
  containerStatuses: ContainerStatus[];
  /** kubectl's READY (≥ 1.29): "ready/total" over app containers and native sidecars. */
  ready: string;
  /** kubectl's RESTARTS: init containers' while initializing, then sidecars' and app containers'. */
  restarts: number;
  /** When the newest of those restarts happened (ISO): kubectl's "(10s ago)" suffix. Only with restarts. */
  lastRestartAt?: string;
  /** When the first sandbox was created (ISO). */
  createdAt: string;
}

function terminatedReason(c: ObservedContainer): string {
  if (c.oomKilled) return 'OOMKilled';
  return c.exitCode === 0 ? 'Completed' : 'Error';
}

function stateOf(c: ObservedContainer): ContainerState {
  if (c.state === 'running' || c.state === 'paused' || c.state === 'restarting') {
    return { running: { startedAt: c.startedAt ?? new Date(c.created * 1000).toISOString() } };
  }
  if (finished(c)) {
    return {
      terminated: {
        exitCode: c.exitCode ?? -1,
        reason: terminatedReason(c),
        ...(c.startedAt ? { startedAt: c.startedAt } : {}),
        ...(c.finishedAt ? { finishedAt: c.finishedAt } : {}),
      },
    };
  }
  return { waiting: { reason: 'ContainerCreating' } };
}

function inBackoff(pod: ObservedPod, c: ObservedContainer, now: number): boolean {
  if (!c.finishedAt || !c.startedAt) return false;
  const delay = backoffDelay(nextAttempt(pod, c.podContainer), Date.parse(c.finishedAt) - Date.parse(c.startedAt));
  return Date.parse(c.finishedAt) + delay > now;
}

function containerStatus(
  pod: ObservedPod,
  spec: ContainerSpec,
  role: ContainerStatus['role'],
  sandbox: string | undefined,
  waitingReason: string,
  now: number,
): ContainerStatus {
  const inst = latestInstance(pod, spec.name, sandbox);
  const prev = pod.containers.filter((c) => c.podContainer === spec.name && c !== inst).pop();
  const restartCount = inst ? inst.attempt : prev ? prev.attempt + 1 : 0;
  let state: ContainerState = { waiting: { reason: waitingReason } };
  if (inst) {
    state = stateOf(inst);
    const restarting = role === 'sidecar' || (role === 'container' ? wantsRestart(pod.spec, inst) : inst.exitCode !== 0 && pod.spec.spec.restartPolicy !== 'Never');
    if (finished(inst) && restarting && inBackoff(pod, inst, now) && !podCompleted(pod, sandbox)) {
      state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${spec.name}` } };
    }
  }
  const running = 'running' in state;
  return {
    name: spec.name,
    role,
    image: spec.image,
    ...(inst ? { containerId: inst.id, dockerName: inst.dockerName } : {}),
    state,
    ...(prev && finished(prev) ? { lastState: stateOf(prev) } : {}),
    // An init container is ready once it succeeded, not while it runs (the kubelet's rule).
    ready: role === 'init' ? 'terminated' in state && state.terminated.exitCode === 0 : running,
    started: running,
    restartCount,
  };
}

/** When the previous instance of a container finished, in epoch ms (0 when unknown). */
function lastFinished(c: ContainerStatus): number {
  const t = c.lastState && 'terminated' in c.lastState ? c.lastState.terminated.finishedAt : undefined;
  return t ? Date.parse(t) : 0;
}

/**
 * READY and RESTARTS exactly as kubectl's printPod (pkg/printers/internalversion/printers.go, ≥ 1.29)
 * computes them: init containers are walked in order until the first one not done — a started
 * sidecar counts as ready there — and while the Pod initializes, RESTARTS is the init containers'
 * sum; once initialized, it is the sidecars' plus the app containers', and READY adds the app
 * containers that run and are ready.
 */
function readyAndRestarts(inits: ContainerStatus[], apps: ContainerStatus[], initialized: boolean): Pick<PodStatus, 'ready' | 'restarts' | 'lastRestartAt'> {
  const total = apps.length + inits.filter((c) => c.role === 'sidecar').length;
  let ready = 0;
  let restarts = 0;
  let last = 0;
  let sidecarRestarts = 0;
  let sidecarLast = 0;
  let initializing = false;
  for (const c of inits) {
    restarts += c.restartCount;
    last = Math.max(last, lastFinished(c));
    if (c.role === 'sidecar') {
      sidecarRestarts += c.restartCount;
      sidecarLast = Math.max(sidecarLast, lastFinished(c));
    }
    if ('terminated' in c.state && c.state.terminated.exitCode === 0) continue;
    if (c.role === 'sidecar' && c.started) {
      if (c.ready) ready++;
      continue;
    }
    initializing = true;
    break;
  }
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    last = sidecarLast;
    for (const c of apps) {
      restarts += c.restartCount;
      last = Math.max(last, lastFinished(c));
      if (c.ready && 'running' in c.state) ready++;
    }
  }
  return { ready: `${ready}/${total}`, restarts, ...(restarts && last ? { lastRestartAt: new Date(last).toISOString() } : {}) };
}

export function computePodStatus(pod: ObservedPod, now = Date.now()): PodStatus {
  const spec = pod.spec.spec;
  const sandbox = currentSandbox(pod);
  const sb = sandbox?.state === 'running' ? sandbox.dockerName : undefined;
  const sandboxReady = !!sb;

  const inits = spec.initContainers.map((c) => containerStatus(pod, c, isSidecar(c) ? 'sidecar' : 'init', sandbox?.dockerName, 'PodInitializing', now));
  const initOk = (st: ContainerStatus) => (st.role === 'sidecar' ? 'running' in st.state : 'terminated' in st.state && st.state.terminated.exitCode === 0);
  // Once an app container exists in this sandbox the Pod has initialized: a sidecar restarting
  // later does not send it back to Pending (the kubelet's getPhase and Initialized condition).
  const initDone = spec.containers.some((c) => latestInstance(pod, c.name, sandbox?.dockerName)) || inits.every(initOk);
  const apps = spec.containers.map((c) =>
    containerStatus(pod, c, 'container', sandbox?.dockerName, initDone ? 'ContainerCreating' : 'PodInitializing', now),
  );
  // The kubelet's ContainersReady: sidecars must be ready too, not only the app containers.
  const allReady = [...apps, ...inits.filter((c) => c.role === 'sidecar')].every((c) => c.ready);

  let phase: PodPhase = 'Pending';
  const completed = podCompleted(pod, sandbox?.dockerName);
  if (spec.restartPolicy === 'Never' && initFailed(pod, sandbox?.dockerName)) phase = 'Failed';
  else if (completed) phase = apps.every((c) => 'terminated' in c.state && c.state.terminated.exitCode === 0) ? 'Succeeded' : 'Failed';
  else if (initDone && sandboxReady && apps.some((c) => 'running' in c.state || c.restartCount > 0 || 'terminated' in c.state)) phase = 'Running';

  // kubectl's STATUS column.
  let display: string = phase;
  const initOnly = spec.initContainers.filter((c) => !isSidecar(c));
  const initFailedSt = inits.find((s) => s.role === 'init' && ('terminated' in s.state ? s.state.terminated.exitCode !== 0 : 'waiting' in s.state && s.state.waiting.reason === 'CrashLoopBackOff'));
  if (!sandbox || (!sb && !completed)) display = 'ContainerCreating';
  else if (initFailedSt) display = 'terminated' in initFailedSt.state ? `Init:${initFailedSt.state.terminated.reason}` : 'Init:CrashLoopBackOff';
  // kubectl: Init:<index of the first init container not done>/<all init containers, sidecars included>.
  else if (!initDone) display = `Init:${inits.findIndex((s) => !initOk(s))}/${inits.length}`;
  else if (phase === 'Succeeded') display = 'Completed';
  else if (phase === 'Failed') display = apps.find((c) => 'terminated' in c.state && c.state.terminated.reason === 'OOMKilled') ? 'OOMKilled' : 'Error';
  else {
    const bad = apps.find((c) => 'waiting' in c.state && c.state.waiting.reason !== 'ContainerCreating') ?? apps.find((c) => 'terminated' in c.state);
    if (bad) display = 'waiting' in bad.state ? bad.state.waiting.reason : (bad.state as { terminated: { reason: string } }).terminated.reason;
    else if (apps.some((c) => 'waiting' in c.state)) display = initOnly.length ? 'PodInitializing' : 'ContainerCreating';
    else display = 'Running';
  }

  const cond = (type: PodCondition['type'], ok: boolean, reason?: string): PodCondition => ({
    type,
    status: ok ? 'True' : 'False',
    ...(!ok && reason ? { reason } : {}),
  });
  return {
    name: pod.name,
    namespace: pod.namespace,
    uid: pod.uid,
    group: pod.group,
    phase,
    display,
    conditions: [
      cond('PodReadyToStartContainers', sandboxReady),
      cond('Initialized', initDone, 'ContainersNotInitialized'),
      cond('ContainersReady', allReady, completed ? 'PodCompleted' : 'ContainersNotReady'),
      cond('Ready', allReady, completed ? 'PodCompleted' : 'ContainersNotReady'),
    ],
    ...(spec.hostNetwork ? {} : sandbox?.ip && sb ? { podIP: sandbox.ip } : {}),
    hostNetwork: spec.hostNetwork,
    sandboxAttempt: sandbox?.attempt ?? 0,
    sandboxReason: sandbox ? sandboxReason(sandbox) : 'Created',
    ...(sandbox ? { sandbox: { id: sandbox.id, dockerName: sandbox.dockerName, state: sandbox.state } } : {}),
    initContainerStatuses: inits,
    containerStatuses: apps,
    ...readyAndRestarts(inits, apps, initDone),
    createdAt: pod.createdAt,
  };
}
