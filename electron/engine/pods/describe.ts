// Reading Pods: the `pod ls` table rows and `pod describe`'s full picture (status, events, the
// Docker objects behind each container). Both are views of observePods + computePodStatus.
import { LABEL_HOME, LABEL_POD_UID, ownedFilter } from '../docker/labels.js';
import { PodlabError } from '../base/errors.js';
import { observePods, type ObservedContainer, type ObservedPod, type PodSelector } from './sync/observe.js';
import type { PodEvent } from './records.js';
import type { PodRuntime } from './runtime.js';
import type { PodSpec } from './manifest/spec.js';
import { computePodStatus, type PodStatus } from './sync/status.js';

export interface PodDescription {
  status: PodStatus;
  spec: PodSpec;
  events: PodEvent[];
  /** The Docker containers behind the Pod, infra first: what `docker ps` shows for it. */
  docker: { name: string; id: string; podContainer: string; attempt: number; state: string; exitCode?: number }[];
  volumes: string[];
}

/** Pod containers as the manifest lists them (init first), each container's attempts in order. */
function inSpecOrder(pod: ObservedPod): ObservedContainer[] {
  const order = [...pod.spec.spec.initContainers, ...pod.spec.spec.containers].map((c) => c.name);
  const rank = (c: ObservedContainer) => (order.indexOf(c.podContainer) + 1 || order.length + 1) * 1e6 + c.attempt;
  return [...pod.containers].sort((a, b) => rank(a) - rank(b));
}

export async function listPods(rt: PodRuntime, sel: PodSelector = {}): Promise<PodStatus[]> {
  const pods = await observePods(rt, sel);
  const now = Date.now();
  return pods.map((p) => computePodStatus(p, now));
}

export async function findPod(rt: PodRuntime, name: string, namespace = 'default'): Promise<ObservedPod> {
  const [pod] = await observePods(rt, { name, namespace });
  if (!pod) {
    throw new PodlabError('POD_NOT_FOUND', `no Pod "${name}" in namespace ${namespace}`, { hint: 'run `podlab pod ls` to see the Pods' });
  }
  return pod;
}

export async function describePod(rt: PodRuntime, name: string, namespace = 'default'): Promise<PodDescription> {
  const pod = await findPod(rt, name, namespace);
  const { Volumes } = await rt.docker.listVolumes({ filters: ownedFilter({ [LABEL_HOME]: rt.home, [LABEL_POD_UID]: pod.uid }) });
  return {
    status: computePodStatus(pod),
    spec: pod.spec,
    events: await rt.records.events(pod.uid),
    docker: [...pod.sandboxes, ...inSpecOrder(pod)].map((c) => ({
      name: c.dockerName,
      id: c.id,
      podContainer: c.podContainer,
      attempt: c.attempt,
      state: c.state,
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    })),
    volumes: (Volumes ?? []).map((v) => v.Name).sort(),
  };
}
