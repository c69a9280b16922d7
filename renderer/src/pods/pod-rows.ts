// A Pod's status as the panel lists it: the infra (POD) first, then init containers and sidecars,
// then the app containers, each with its state, readiness and restarts; and how the Pod's STATUS
// reads (its tone). Pure, from the PodStatus the engine computed, for the panel and the unit tests.
import type { ContainerState, PodStatus } from '../../../electron/contract/api.js';

export interface ContainerRow {
  name: string;
  role: 'infra' | 'init' | 'sidecar' | 'container';
  /** running / waiting / terminated as Kubernetes says; the Docker state for the infra. */
  state: string;
  /** Why it waits or how it ended: ContainerCreating, CrashLoopBackOff, Completed, Error… */
  reason?: string;
  exitCode?: number;
  /** Undefined for the infra, which has no readiness of its own. */
  ready?: boolean;
  restarts?: number;
  /** Whether a terminal can go into it now: it runs and has a shell (pause has none). */
  canExec: boolean;
}

function fromState(state: ContainerState): Pick<ContainerRow, 'state' | 'reason' | 'exitCode'> {
  if ('running' in state) return { state: 'running' };
  if ('waiting' in state) return { state: 'waiting', reason: state.waiting.reason };
  return { state: 'terminated', reason: state.terminated.reason, exitCode: state.terminated.exitCode };
}

export function containerRows(pod: PodStatus): ContainerRow[] {
  const infra: ContainerRow = { name: 'POD', role: 'infra', state: pod.sandbox?.state ?? 'waiting', canExec: false };
  if (!pod.sandbox) infra.reason = 'ContainerCreating';
  const others = [...pod.initContainerStatuses, ...pod.containerStatuses].map((c): ContainerRow => {
    const s = fromState(c.state);
    return { name: c.name, role: c.role, ...s, ready: c.ready, restarts: c.restartCount, canExec: s.state === 'running' };
  });
  return [infra, ...others];
}

export type Tone = 'ok' | 'bad' | 'done' | 'pending';

/** By what STATUS says, not the phase alone: a crash-looping Pod is still Running. */
export function statusTone(pod: Pick<PodStatus, 'phase' | 'display'>): Tone {
  if (pod.display === 'Running') return 'ok';
  if (pod.display === 'Completed' || pod.phase === 'Succeeded') return 'done';
  if (pod.phase === 'Failed' || /Error|BackOff|OOMKilled/.test(pod.display)) return 'bad';
  return 'pending';
}

/** The sandbox was rebuilt (the infra died and the Pod was made again, attempt + 1). */
export function sandboxRebuilt(pod: Pick<PodStatus, 'sandboxAttempt'>): boolean {
  return pod.sandboxAttempt > 0;
}

/** What identifies "the same Pod status": a re-read of its events is due when this changes. */
export function statusKey(pod: PodStatus): string {
  return JSON.stringify(pod);
}
