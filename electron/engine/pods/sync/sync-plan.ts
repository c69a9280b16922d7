// What to do next for one Pod, computed from its Docker state alone (the kubelet's
// computePodActions). Pure: the supervisor and `apply` both execute its answer, and any process can
// recompute it after a crash. Deterministic names make a doubled action a harmless name conflict.
import { backoffDelay } from './backoff.js';
import { currentSandbox, latestInstance, nextAttempt, type ObservedContainer, type ObservedPod } from './observe.js';
import { finished, podCompleted, wantsRestart } from './lifecycle.js';
import { isSidecar, type ContainerSpec } from '../manifest/spec.js';

export interface StartStep {
  container: string;
  attempt: number;
  /** Restarts carry the exit that caused them, for the event log. */
  restartOf?: { attempt: number; exitCode?: number };
}

export type SyncAction =
  /** Kill everything of the old sandbox and build sandbox `attempt`, then start `then`. */
  | { kind: 'createSandbox'; attempt: number; reason: string; then: StartStep[] }
  | { kind: 'start'; steps: StartStep[] }
  /** Stop running containers (sidecars once the main containers are done, strays of old sandboxes). */
  | { kind: 'stop'; containers: ObservedContainer[]; reason: string }
  /** Old dead instances beyond the one kept for `logs --previous`. */
  | { kind: 'remove'; containers: ObservedContainer[] }
  /** Nothing to do before `at` (epoch ms); then sync again. */
  | { kind: 'wait'; at: number; container: string; reason: 'BackOff' };

export interface SyncPlan {
  actions: SyncAction[];
}

/** The attempt a sandbox name ends with (`k8s_POD_…_<attempt>`), or -1. */
function sandboxAttemptOf(sandboxName: string): number {
  const m = /_(\d+)$/.exec(sandboxName);
  return m ? Number(m[1]) : -1;
}

function ranMs(c: ObservedContainer): number {
  if (!c.startedAt || !c.finishedAt) return 0;
  return Math.max(0, Date.parse(c.finishedAt) - Date.parse(c.startedAt));
}

function restartStep(pod: ObservedPod, c: ContainerSpec, inst: ObservedContainer, now: number): StartStep | SyncAction {
  const attempt = nextAttempt(pod, c.name);
  const delay = backoffDelay(attempt, ranMs(inst));
  const at = (inst.finishedAt ? Date.parse(inst.finishedAt) : now) + delay;
  if (at > now) return { kind: 'wait', at, container: c.name, reason: 'BackOff' };
  return { container: c.name, attempt, restartOf: { attempt: inst.attempt, ...(inst.exitCode !== undefined ? { exitCode: inst.exitCode } : {}) } };
}

function isStep(x: StartStep | SyncAction): x is StartStep {
  return !('kind' in x);
}

/** Running sidecars of a sandbox, last started first: the order they are stopped in. */
function runningSidecars(pod: ObservedPod, sandbox: string): ObservedContainer[] {
  return pod.spec.spec.initContainers
    .filter(isSidecar)
    .map((c) => latestInstance(pod, c.name, sandbox))
    .filter((c): c is ObservedContainer => c?.state === 'running')
    .reverse();
}

/** Whatever follows init container `index` (the next init container, or the app containers) exists in the sandbox. */
function startedAfter(pod: ObservedPod, index: number, sandbox: string): boolean {
  const { initContainers, containers } = pod.spec.spec;
  const next = index + 1 < initContainers.length ? initContainers.slice(index + 1, index + 2) : containers;
  return next.some((c) => latestInstance(pod, c.name, sandbox) !== undefined);
}

/** The first step of a fresh sandbox: the first init container, or every app container. */
export function firstSteps(pod: ObservedPod): StartStep[] {
  const spec = pod.spec.spec;
  const first = spec.initContainers[0];
  const names = first ? [first.name] : spec.containers.map((c) => c.name);
  return names.map((name) => ({ container: name, attempt: nextAttempt(pod, name) }));
}

/** Dead instances beyond the newest two of each Pod container (the kubelet keeps the previous one for logs), and dead old sandboxes. */
function garbage(pod: ObservedPod): ObservedContainer[] {
  const out: ObservedContainer[] = [];
  const byName = new Map<string, ObservedContainer[]>();
  for (const c of pod.containers) byName.set(c.podContainer, [...(byName.get(c.podContainer) ?? []), c]);
  for (const list of byName.values()) for (const c of list.slice(0, -2)) if (finished(c)) out.push(c);
  const cur = currentSandbox(pod);
  for (const s of pod.sandboxes) if (s !== cur && finished(s)) out.push(s);
  return out;
}

export function computeSyncPlan(pod: ObservedPod, now: number): SyncPlan {
  const actions: SyncAction[] = [];
  const spec = pod.spec;
  const sandbox = currentSandbox(pod);
  const junk = garbage(pod);
  if (junk.length) actions.push({ kind: 'remove', containers: junk });

  // The sandbox is gone or dead: the Pod's namespaces are gone with it. Unless the Pod has finished
  // for good, kill what is left and build a new sandbox (the kubelet's SandboxChanged).
  if (!sandbox || sandbox.state !== 'running') {
    if (sandbox && sandbox.state === 'created') return { actions }; // being built right now
    if (podCompleted(pod, sandbox?.dockerName)) return { actions };
    const attempt = sandbox ? sandbox.attempt + 1 : Math.max(-1, ...pod.containers.map((c) => sandboxAttemptOf(c.sandbox))) + 1;
    const reason = sandbox
      ? `infra container ${sandbox.dockerName} ${sandbox.state === 'exited' ? `exited with code ${sandbox.exitCode ?? '?'}` : sandbox.state}`
      : 'infra container was removed';
    return { actions: [...actions, { kind: 'createSandbox', attempt, reason, then: firstSteps(pod) }] };
  }

  const sb = sandbox.dockerName;
  const strays = pod.containers.filter((c) => c.sandbox !== sb && c.state === 'running');
  if (strays.length) actions.push({ kind: 'stop', containers: strays, reason: 'joined an old sandbox' });

  const start: StartStep[] = [];
  // Init containers strictly in order; a sidecar only needs to be running for the next to start.
  for (const [i, c] of spec.spec.initContainers.entries()) {
    const inst = latestInstance(pod, c.name, sb);
    if (!inst) {
      start.push({ container: c.name, attempt: nextAttempt(pod, c.name) });
      return { actions: [...actions, { kind: 'start', steps: start }] };
    }
    if (isSidecar(c)) {
      if (finished(inst) && !podCompleted(pod, sb)) {
        const r = restartStep(pod, c, inst, now);
        if (isStep(r)) start.push(r);
        else actions.push(r);
      }
      if (inst.state !== 'running' && !finished(inst)) return { actions }; // still being created
      // An exited sidecar holds back what follows it until it runs again, unless that has started
      // already (the kubelet: only the newest init container with a status gates the next one).
      if (finished(inst) && !startedAfter(pod, i, sb)) return { actions: start.length ? [...actions, { kind: 'start', steps: start }] : actions };
      continue;
    }
    if (!finished(inst)) return { actions: start.length ? [...actions, { kind: 'start', steps: start }] : actions };
    if (inst.exitCode === 0) continue;
    if (spec.spec.restartPolicy === 'Never') {
      // Pod Failed: as with the kubelet's KillPod, its sidecars do not outlive it.
      const sidecars = runningSidecars(pod, sb);
      if (sidecars.length) actions.push({ kind: 'stop', containers: sidecars, reason: `init container ${c.name} failed` });
      return { actions };
    }
    const r = restartStep(pod, c, inst, now);
    if (isStep(r)) start.push(r);
    else actions.push(r);
    return { actions: start.length ? [...actions, { kind: 'start', steps: start }] : actions };
  }

  for (const c of spec.spec.containers) {
    const inst = latestInstance(pod, c.name, sb);
    if (!inst) {
      start.push({ container: c.name, attempt: nextAttempt(pod, c.name) });
      continue;
    }
    if (!finished(inst) || !wantsRestart(spec, inst)) continue;
    const r = restartStep(pod, c, inst, now);
    if (isStep(r)) start.push(r);
    else actions.push(r);
  }
  if (start.length) actions.push({ kind: 'start', steps: start });

  // Main containers done for good: sidecars are stopped, last started first.
  if (podCompleted(pod, sb)) {
    const sidecars = runningSidecars(pod, sb);
    if (sidecars.length) actions.push({ kind: 'stop', containers: sidecars, reason: 'main containers completed' });
  }
  return { actions };
}
