// Which Docker container a terminal opens into: the newest instance of the Pod's container, and
// only if it runs. One list call (no per-container inspect), so polling it while waiting is cheap.
import { PodlabError } from '../base/errors.js';
import { latestInstance, observePods, type ObservedPod } from './sync/observe.js';
import type { PodRuntime } from './runtime.js';

export interface ResolvedContainer {
  pod: ObservedPod;
  /** The Pod container's name. */
  container: string;
  id: string;
  running: boolean;
}

export async function findPodQuick(rt: PodRuntime, name: string, namespace = 'default'): Promise<ObservedPod | undefined> {
  const [pod] = await observePods(rt, { name, namespace }, false);
  return pod;
}

/** Pod container to use when none is named: the only one, else the first app container. */
export function defaultContainer(pod: ObservedPod): string | undefined {
  return pod.spec.spec.containers[0]?.name;
}

export async function resolveContainer(rt: PodRuntime, podName: string, namespace = 'default', container?: string): Promise<ResolvedContainer> {
  const pod = await findPodQuick(rt, podName, namespace);
  if (!pod) throw new PodlabError('POD_NOT_FOUND', `no Pod "${podName}" in namespace ${namespace}`, { hint: 'run `podlab pod ls` to see the Pods' });
  const names = [...pod.spec.spec.initContainers, ...pod.spec.spec.containers].map((c) => c.name);
  const name = container ?? defaultContainer(pod);
  if (!name || !names.includes(name)) {
    throw new PodlabError('USAGE', `Pod "${podName}" has no container "${name ?? ''}"`, { hint: `pick one of: ${names.join(', ')} (-c NAME)` });
  }
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
