// Carries out a SyncPlan against Docker, one Pod at a time. The same code runs for `apply`
// (building a new Pod) and for the supervisor (restarts, the next init container, sandbox rebuilds).
import { observePods, type ObservedContainer, type ObservedPod } from './observe.js';
import { planContainer, planInfra, planVolumes } from './plan.js';
import { createIdempotent, removeQuietly, startIdempotent, stopGracefully } from '../../docker/containers.js';
import { explainDockerError, statusOf } from '../../docker/errors.js';
import { planContextOf, recordEvent, type PodRuntime } from '../runtime.js';
import { computeSyncPlan, type StartStep, type SyncAction } from './sync-plan.js';
import type { ContainerSpec } from '../manifest/spec.js';

export interface SyncResult {
  /** When the Pod next needs a sync with nothing else happening (a back-off ending), epoch ms. */
  wakeAt?: number;
  /** Actions executed, for tests and logs. */
  executed: SyncAction['kind'][];
}

function specOf(pod: ObservedPod, name: string): ContainerSpec {
  const c = [...pod.spec.spec.initContainers, ...pod.spec.spec.containers].find((x) => x.name === name);
  if (!c) throw new Error(`Pod ${pod.name} has no container ${name}`);
  return c;
}

/** Creates the emptyDir volumes (creating an existing volume returns it unchanged). */
export async function ensureVolumes(rt: PodRuntime, pod: ObservedPod): Promise<void> {
  await Promise.all(
    planVolumes(pod.spec, planContextOf(rt, pod)).map(async (v) => {
      try {
        await rt.docker.createVolume(v.body);
      } catch (err) {
        throw explainDockerError(err, `cannot create volume ${v.name}`);
      }
    }),
  );
}

async function createStep(rt: PodRuntime, pod: ObservedPod, sandboxName: string, step: StartStep) {
  const plan = planContainer(pod.spec, specOf(pod, step.container), planContextOf(rt, pod), sandboxName, step.attempt);
  const made = await createIdempotent(rt.docker, plan.body);
  return { ...made, step, dockerName: plan.name };
}

type Made = Awaited<ReturnType<typeof createStep>>;

/** Records the Created events of these containers (only those this actor created), in step order. */
function recordCreated(rt: PodRuntime, pod: ObservedPod, made: Made[]): void {
  for (const { created, step } of made) {
    if (!created) continue;
    recordEvent(rt, pod.uid, {
      type: 'Normal',
      reason: 'Created',
      object: step.container,
      message: step.restartOf
        ? `Created container ${step.container} (restart ${step.attempt}; the previous one exited with code ${step.restartOf.exitCode ?? '?'})`
        : `Created container ${step.container}`,
    });
  }
}

async function startCreated(rt: PodRuntime, pod: ObservedPod, made: Made): Promise<void> {
  if (!made.created) return; // the actor that created it starts it
  await startIdempotent(rt.docker, made.id, made.dockerName);
  recordEvent(rt, pod.uid, { type: 'Normal', reason: 'Started', object: made.step.container, message: `Started container ${made.step.container}` });
}

async function startSteps(rt: PodRuntime, pod: ObservedPod, sandboxName: string, steps: StartStep[]): Promise<void> {
  const made = await Promise.all(steps.map((s) => createStep(rt, pod, sandboxName, s)));
  recordCreated(rt, pod, made);
  await Promise.all(made.map((m) => startCreated(rt, pod, m)));
}

async function stopContainers(rt: PodRuntime, pod: ObservedPod, list: ObservedContainer[], reason: string): Promise<void> {
  await Promise.all(
    list.map(async (c) => {
      recordEvent(rt, pod.uid, { type: 'Normal', reason: 'Killing', object: c.podContainer, message: `Stopping container ${c.podContainer}: ${reason}` });
      await stopGracefully(rt.docker, c.id, pod.spec.spec.terminationGracePeriodSeconds);
    }),
  );
}

/**
 * Builds sandbox `attempt`: kills what is left of the old one, creates the infra, and — while the
 * infra starts — already creates the first containers (a create may name a stopped infra; only
 * start needs it running). This overlap is why Podlab beats the plain sequential floor.
 */
export async function createSandbox(rt: PodRuntime, pod: ObservedPod, attempt: number, reason: string, then: StartStep[]): Promise<void> {
  const running = [...pod.containers, ...pod.sandboxes].filter((c) => c.state === 'running' || c.state === 'created');
  if (attempt > 0) {
    recordEvent(rt, pod.uid, {
      type: 'Normal',
      reason: 'SandboxChanged',
      object: 'pod',
      message: `Pod sandbox changed (${reason}), it will be killed and re-created as attempt ${attempt}.`,
    });
    await Promise.all(
      running.map(async (c) => {
        // The Pod's namespaces are gone with the infra: nothing inside can be saved, kill at once.
        try {
          await rt.docker.getContainer(c.id).kill();
        } catch (err) {
          if (![304, 404, 409].includes(statusOf(err) ?? 0)) throw err;
        }
      }),
    );
  }
  await ensureVolumes(rt, pod);
  const infra = planInfra(pod.spec, planContextOf(rt, pod), attempt, attempt > 0 ? `SandboxChanged: ${reason}` : 'Created');
  const made = await createIdempotent(rt.docker, infra.body);
  if (!made.created) return; // another actor is building this sandbox
  const [, steps] = await Promise.all([
    startIdempotent(rt.docker, made.id, infra.name),
    Promise.all(then.map((s) => createStep(rt, pod, infra.name, s))),
  ]);
  recordEvent(rt, pod.uid, {
    type: 'Normal',
    reason: 'SandboxReady',
    object: 'pod',
    message: `Started infra container ${infra.name} (${rt.config.pauseImage})`,
  });
  // Created while the infra started, but a container joins the sandbox only when it starts: its
  // Created is told after SandboxReady, so the events read in the order a Pod comes up.
  recordCreated(rt, pod, steps);
  await Promise.all(steps.map((m) => startCreated(rt, pod, m)));
}

export async function executeAction(rt: PodRuntime, pod: ObservedPod, action: SyncAction): Promise<void> {
  const sandbox = pod.sandboxes[pod.sandboxes.length - 1];
  switch (action.kind) {
    case 'createSandbox':
      return createSandbox(rt, pod, action.attempt, action.reason, action.then);
    case 'start':
      if (!sandbox) return;
      return startSteps(rt, pod, sandbox.dockerName, action.steps);
    case 'stop':
      return stopContainers(rt, pod, action.containers, action.reason);
    case 'remove':
      await Promise.all(action.containers.map((c) => removeQuietly(rt.docker, c.id)));
      return;
    case 'wait':
      return;
  }
}

const MAX_PASSES = 12;

/**
 * Syncs one Pod until only waiting is left: observe → plan → act, again. `lastWaits` remembers
 * which back-offs were already announced so a BackOff event is written once per wait.
 */
export async function syncPod(
  rt: PodRuntime,
  uid: string,
  opts: { lastWaits?: Map<string, number> } = {},
): Promise<SyncResult> {
  const executed: SyncAction['kind'][] = [];
  let wakeAt: number | undefined;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    if (await rt.records.isDeleting(uid)) break;
    const [pod] = await observePods(rt, { uid });
    if (!pod) break;
    const plan = computeSyncPlan(pod, Date.now());
    const acting = plan.actions.filter((a) => a.kind !== 'wait');
    wakeAt = undefined;
    for (const a of plan.actions) {
      if (a.kind !== 'wait') continue;
      wakeAt = Math.min(wakeAt ?? Infinity, a.at);
      const key = `${a.container}@${a.at}`;
      if (!opts.lastWaits?.has(key)) {
        opts.lastWaits?.set(key, a.at);
        const secs = Math.max(0, Math.round((a.at - Date.now()) / 1000));
        recordEvent(rt, uid, { type: 'Warning', reason: 'BackOff', object: a.container, message: `Back-off restarting failed container ${a.container}: next try in ${secs}s` });
      }
    }
    if (!acting.length) break;
    for (const a of acting) {
      await executeAction(rt, pod, a);
      executed.push(a.kind);
      // A new sandbox or new containers change what the plan sees: observe again.
      if (a.kind === 'createSandbox' || a.kind === 'start') break;
    }
  }
  return { ...(wakeAt !== undefined ? { wakeAt } : {}), executed };
}
