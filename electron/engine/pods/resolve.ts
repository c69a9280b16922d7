// Finding what a command names: a Pod by name, and one of its containers — named, or the default
// one when none is named (or a refusal, for the verbs that want the learner to choose).
import { PodlabError } from '../base/errors.js';
import { latestInstance, observePods, type ObservedPod } from './sync/observe.js';
import type { PodRuntime } from './runtime.js';

/** The one "no such Pod" error every verb and front door reports (any namespace when none is given). */
export function podNotFound(name: string, namespace?: string): PodlabError {
  const where = namespace ? ` in namespace ${namespace}` : '';
  return new PodlabError('POD_NOT_FOUND', `no Pod "${name}"${where}`, { hint: 'run `podlab pod ls` to see the Pods' });
}

export interface FindOptions {
  /**
   * Inspect every container for exit codes and times (what status needs). Without it one list
   * call answers, cheap enough to poll while a terminal waits for a rebuild.
   */
  detail?: boolean;
}

/** The Pod of that name, or `podNotFound`. */
export async function findPod(rt: PodRuntime, name: string, namespace = 'default', opts: FindOptions = {}): Promise<ObservedPod> {
  const [pod] = await observePods(rt, { name, namespace }, opts.detail ?? true);
  if (!pod) throw podNotFound(name, namespace);
  return pod;
}

/** Every container of the Pod, init containers first, as the manifest lists them. */
export function containerNames(pod: ObservedPod): string[] {
  return [...pod.spec.spec.initContainers, ...pod.spec.spec.containers].map((c) => c.name);
}

/**
 * What to do when no container is named: `first` takes the first app container (exec, terminals);
 * `refuse` takes the only app container and refuses to guess among several (logs).
 */
export type UnnamedContainer = 'first' | 'refuse';

/** The Pod container a command means, or a USAGE error that lists the choices. */
export function pickContainer(pod: ObservedPod, container: string | undefined, unnamed: UnnamedContainer): string {
  const names = containerNames(pod);
  const choices = { hint: `choose one of: ${names.join(', ')} (-c NAME)` };
  const apps = pod.spec.spec.containers;
  const name = container ?? (unnamed === 'first' || apps.length === 1 ? apps[0]?.name : undefined);
  if (container === undefined && name === undefined) {
    throw new PodlabError('USAGE', `Pod "${pod.name}" has several containers: say which with -c`, choices);
  }
  if (!name || !names.includes(name)) throw new PodlabError('USAGE', `Pod "${pod.name}" has no container "${name ?? ''}"`, choices);
  return name;
}

export interface ResolvedContainer {
  pod: ObservedPod;
  /** The Pod container's name. */
  container: string;
  /** The newest Docker container behind it ('' before the first one is created). */
  id: string;
  running: boolean;
}

/** The newest instance of a Pod's container (named, or the first app container). One list call. */
export async function resolveContainer(rt: PodRuntime, podName: string, namespace = 'default', container?: string): Promise<ResolvedContainer> {
  const pod = await findPod(rt, podName, namespace, { detail: false });
  const name = pickContainer(pod, container, 'first');
  const inst = latestInstance(pod, name);
  return { pod, container: name, id: inst?.id ?? '', running: inst?.state === 'running' };
}

/** Like resolveContainer, but the container must be running. */
export async function runningContainer(rt: PodRuntime, podName: string, namespace = 'default', container?: string): Promise<ResolvedContainer> {
  const r = await resolveContainer(rt, podName, namespace, container);
  if (!r.running) {
    throw new PodlabError('POD_FAILED', `container "${r.container}" of Pod "${podName}" is not running`, {
      hint: `see why with \`podlab pod describe ${podName}\`; a terminal opens once it runs`,
    });
  }
  return r;
}
