// Delete a Pod as the kubelet does: mark it so the supervisor lets go, SIGTERM the containers with
// the grace period (main containers first, then sidecars in reverse start order), then remove
// every container, the infra last, and the Pod's emptyDir volumes. Only labelled objects are touched.
import { setTimeout as delay } from 'node:timers/promises';
import { LABEL_GROUP, LABEL_HOME, LABEL_POD_UID, ownedFilter } from '../docker/labels.js';
import { PodlabError } from '../base/errors.js';
import { observePods, type ObservedContainer, type ObservedPod, type PodSelector } from './sync/observe.js';
import { removeQuietly } from '../docker/containers.js';
import { statusOf } from '../docker/errors.js';
import { podNotFound } from './resolve.js';
import { recordEvent, type PodRuntime } from './runtime.js';
import { stopExplained, type GraceListener, type GraceProgress } from './grace.js';

export interface RemoveOptions {
  /** Overrides the Pod's terminationGracePeriodSeconds (0: kill at once). */
  graceSeconds?: number;
  /** Hears what each grace-period wait is for, and how it ended (see grace.ts). */
  onProgress?: GraceListener;
}

/** What `pod rm` reports while it runs: its grace-period waits. */
export type RemoveProgress = GraceProgress;

export interface RemoveResult {
  name: string;
  namespace: string;
  uid: string;
}

function live(c: { state: string }): boolean {
  return c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
}

export async function removePodNow(rt: PodRuntime, pod: ObservedPod, opts: RemoveOptions = {}): Promise<void> {
  await rt.records.markDeleting(pod.uid);
  const grace = opts.graceSeconds ?? pod.spec.spec.terminationGracePeriodSeconds;
  const running = pod.containers.filter(live);
  if (grace > 0 && running.length) {
    const sidecarOrder = pod.spec.spec.initContainers.map((c) => c.name).reverse();
    const mains = running.filter((c) => c.role !== 'sidecar');
    const sidecars = running
      .filter((c) => c.role === 'sidecar')
      .sort((a, b) => sidecarOrder.indexOf(a.podContainer) - sidecarOrder.indexOf(b.podContainer));
    for (const c of running) recordEvent(rt, pod.uid, { type: 'Normal', reason: 'Killing', object: c.podContainer, message: `Stopping container ${c.podContainer}` });
    const stop = (c: ObservedContainer) => stopExplained(rt.docker, c, pod, grace, opts.onProgress);
    await Promise.all(mains.map(stop));
    for (const c of sidecars) await stop(c);
  }
  await removeContainers(rt, pod);
  // A supervisor's sync already under way when the mark was written may still create one more
  // container (a restart, a new sandbox); it stops at its next look at the mark. Look again until
  // nothing of the Pod is left, so neither the Pod nor its volumes outlive the removal.
  for (let round = 0; round < LEFTOVER_ROUNDS; round++) {
    const [left] = await observePods(rt, { uid: pod.uid }, false);
    if (!left) break;
    await removeContainers(rt, left);
    await delay(LEFTOVER_PAUSE_MS);
  }
  if (pod.spec.spec.volumes.length) await removeVolumes(rt, pod.uid);
  await rt.records.forget(pod.uid);
}

const LEFTOVER_ROUNDS = 10;
const LEFTOVER_PAUSE_MS = 100;

/** Containers first, the infra last: nothing is ever left joined to a missing sandbox. */
async function removeContainers(rt: PodRuntime, pod: ObservedPod): Promise<void> {
  await Promise.all(pod.containers.map((c) => removeQuietly(rt.docker, c.id)));
  await Promise.all(pod.sandboxes.map((c) => removeQuietly(rt.docker, c.id)));
}

async function removeVolumes(rt: PodRuntime, uid: string): Promise<void> {
  const { Volumes } = await rt.docker.listVolumes({ filters: ownedFilter({ [LABEL_HOME]: rt.home, [LABEL_POD_UID]: uid }) });
  await Promise.all(
    (Volumes ?? []).map(async (v) => {
      try {
        await rt.docker.getVolume(v.Name).remove();
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    }),
  );
}

/** Removes the Pods the selector matches. A named Pod that does not exist is an error. */
export async function removePods(rt: PodRuntime, sel: PodSelector & { all?: boolean }, opts: RemoveOptions = {}): Promise<RemoveResult[]> {
  if (!sel.all && !sel.name && !sel.uid && !sel.group) {
    throw new PodlabError('USAGE', 'say which Pod to remove', { hint: 'give a Pod name, or --all (optionally with --group)' });
  }
  const pods = await observePods(rt, { ...sel }, false);
  if (!pods.length && (sel.name || sel.uid)) {
    throw podNotFound(sel.name ?? sel.uid ?? '', sel.namespace);
  }
  await Promise.all(pods.map((p) => removePodNow(rt, p, opts)));
  await rt.records.flush();
  if (sel.all && !sel.name && !sel.uid) await removeOrphanVolumes(rt, sel.group);
  return pods.map((p) => ({ name: p.name, namespace: p.namespace, uid: p.uid }));
}

/** emptyDir volumes whose Pod is gone (e.g. a crash mid-delete). */
async function removeOrphanVolumes(rt: PodRuntime, group?: string): Promise<void> {
  const { Volumes } = await rt.docker.listVolumes({ filters: ownedFilter({ [LABEL_HOME]: rt.home, ...(group ? { [LABEL_GROUP]: group } : {}) }) });
  const alive = new Set((await observePods(rt, {}, false)).map((p) => p.uid));
  await Promise.all(
    (Volumes ?? [])
      .filter((v) => v.Labels?.[LABEL_POD_UID] && !alive.has(v.Labels[LABEL_POD_UID]))
      .map(async (v) => {
        try {
          await rt.docker.getVolume(v.Name).remove();
        } catch (err) {
          if (statusOf(err) !== 404 && statusOf(err) !== 409) throw err;
        }
      }),
  );
}
