// Finding what a command names: a Pod by name, and one of its containers — named, or the default
// one when none is named, chosen the way kubectl chooses it for logs and exec alike.
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

/** The annotation kubectl reads for the container a command means when none is named. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** The Pod container a command means, and what to tell the user when it was not named. */
export interface ContainerChoice {
  name: string;
  /**
   * kubectl's words on stderr when it picked the first container of several: `Defaulted container
   * "web" out of: web, ps-watch, setup (init)`; or that the annotation names no container. Every
   * front door prints this one text, so `logs` and `exec` say the same.
   */
  notice?: string;
}

/** Every container as kubectl lists them in that notice: app containers, then init containers marked. */
function allContainerNames(pod: ObservedPod): string {
  const { containers, initContainers } = pod.spec.spec;
  return [...containers.map((c) => c.name), ...initContainers.map((c) => `${c.name} (init)`)].join(', ');
}

/**
 * The Pod container a command means, as kubectl picks it: the named one; else the one the
 * `kubectl.kubernetes.io/default-container` annotation names; else the first app container — with
 * a notice when the Pod has others. A name the Pod lacks is a USAGE error listing the choices.
 */
export function pickContainer(pod: ObservedPod, container: string | undefined): ContainerChoice {
  const names = containerNames(pod);
  if (container !== undefined) {
    if (!names.includes(container)) {
      throw new PodlabError('USAGE', `Pod "${pod.name}" has no container "${container}"`, { hint: `choose one of: ${names.join(', ')} (-c NAME)` });
    }
    return { name: container };
  }
  const annotated = pod.spec.metadata.annotations[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && names.includes(annotated)) return { name: annotated };
  const first = pod.spec.spec.containers[0]?.name;
  if (first === undefined) throw new PodlabError('INTERNAL', `Pod "${pod.name}" has no containers`, { hint: 're-apply its manifest' });
  const notices = [
    ...(annotated ? [`Default container name "${annotated}" not found in pod ${pod.name}`] : []),
    ...(names.length > 1 ? [`Defaulted container "${first}" out of: ${allContainerNames(pod)}`] : []),
  ];
  return notices.length ? { name: first, notice: notices.join('\n') } : { name: first };
}

export interface ResolvedContainer {
  pod: ObservedPod;
  /** The Pod container's name. */
  container: string;
  /** The newest Docker container behind it ('' before the first one is created). */
  id: string;
  running: boolean;
  /** ContainerChoice's notice, when no container was named. */
  notice?: string;
}

/** The newest instance of a Pod's container (named, or the first app container). One list call. */
export async function resolveContainer(rt: PodRuntime, podName: string, namespace = 'default', container?: string): Promise<ResolvedContainer> {
  const pod = await findPod(rt, podName, namespace, { detail: false });
  const choice = pickContainer(pod, container);
  const inst = latestInstance(pod, choice.name);
  return { pod, container: choice.name, id: inst?.id ?? '', running: inst?.state === 'running', ...(choice.notice ? { notice: choice.notice } : {}) };
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
