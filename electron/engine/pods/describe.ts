// `pod describe`'s full picture of one Pod: status, events, and the Docker objects behind each
// container (what `docker ps` shows for it), a view of observePods + computePodStatus.
import { LABEL_HOME, LABEL_POD_UID, ownedFilter } from '../docker/labels.js';
import type { ObservedContainer, ObservedPod } from './sync/observe.js';
import { findPod } from './resolve.js';
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
