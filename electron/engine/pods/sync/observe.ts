// Reads the Docker side of Pods into one model. State lives in Docker: labels say which Pod,
// container and attempt an object is; the spec rides on a label too. Nothing is kept in memory,
// so the CLI, the app after a crash and the supervisor all see the same picture.
import type Docker from 'dockerode';
import {
  LABEL_ATTEMPT,
  LABEL_CONTAINER_NAME,
  LABEL_CONTAINER_TYPE,
  LABEL_GROUP,
  LABEL_HOME,
  LABEL_POD_NAME,
  LABEL_POD_CREATED,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
  LABEL_SANDBOX_ID,
  LABEL_SANDBOX_REASON,
  LABEL_SPEC,
  LABEL_SPEC_HASH,
  LABEL_TYPE,
  TYPE_SANDBOX,
  ownedFilter,
} from '../../docker/labels.js';
import type { ContainerRole } from './plan.js';
import type { PodSpec } from '../manifest/spec.js';

export type DockerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ObservedContainer {
  id: string;
  /** Docker name without the leading slash. */
  dockerName: string;
  /** Name in the Pod; `POD` for the infra. */
  podContainer: string;
  role: ContainerRole | 'infra';
  attempt: number;
  /** The infra's Docker name this container joined (empty for the infra itself). */
  sandbox: string;
  state: DockerState;
  exitCode?: number;
  oomKilled?: boolean;
  error?: string;
  /** ISO times; absent when Docker reports its zero time. */
  startedAt?: string;
  finishedAt?: string;
  /** Unix seconds. */
  created: number;
  image: string;
  labels: Record<string, string>;
  /** Pod IP, on the infra only. */
  ip?: string;
}

export interface ObservedPod {
  uid: string;
  name: string;
  namespace: string;
  group: string;
  spec: PodSpec;
  specHash: string;
  /** When the Pod was first applied (ISO). */
  createdAt: string;
  /** Infra containers, oldest attempt first. */
  sandboxes: ObservedContainer[];
  /** Every other container instance, oldest first. */
  containers: ObservedContainer[];
}

/** The Docker client and the Podlab home whose Pods are seen. */
export interface PodScope {
  docker: Docker;
  home: string;
}

export interface PodSelector {
  uid?: string;
  name?: string;
  namespace?: string;
  group?: string;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function selectorLabels(sel: PodSelector): Record<string, string> {
  const extra: Record<string, string> = {};
  if (sel.uid) extra[LABEL_POD_UID] = sel.uid;
  if (sel.name) extra[LABEL_POD_NAME] = sel.name;
  if (sel.namespace) extra[LABEL_POD_NAMESPACE] = sel.namespace;
  if (sel.group) extra[LABEL_GROUP] = sel.group;
  return extra;
}

function time(t: string | undefined): string | undefined {
  return t && !t.startsWith(ZERO_TIME.slice(0, 4)) ? t : undefined;
}

function fromList(c: Docker.ContainerInfo): ObservedContainer {
  const labels = c.Labels ?? {};
  const isInfra = labels[LABEL_TYPE] === TYPE_SANDBOX;
  const exit = /^Exited \((-?\d+)\)/.exec(c.Status ?? '');
  const nets = c.NetworkSettings?.Networks ?? {};
  const ip = Object.values(nets).map((n) => n.IPAddress).find((a) => a);
  return {
    id: c.Id,
    dockerName: (c.Names?.[0] ?? '').replace(/^\//, ''),
    podContainer: labels[LABEL_CONTAINER_NAME] ?? '',
    role: isInfra ? 'infra' : ((labels[LABEL_CONTAINER_TYPE] as ContainerRole | undefined) ?? 'container'),
    attempt: Number(labels[LABEL_ATTEMPT] ?? 0),
    sandbox: isInfra ? '' : (labels[LABEL_SANDBOX_ID] ?? ''),
    state: c.State as DockerState,
    ...(exit ? { exitCode: Number(exit[1]) } : {}),
    created: c.Created,
    image: c.Image,
    labels,
    ...(isInfra && ip ? { ip } : {}),
  };
}

/** Adds exit code, OOM flag and start/finish times from `inspect` (the list API has none of them). */
async function withDetail(docker: Docker, c: ObservedContainer): Promise<ObservedContainer> {
  try {
    const info = await docker.getContainer(c.id).inspect();
    const st = info.State;
    const startedAt = time(st.StartedAt);
    const finishedAt = time(st.FinishedAt);
    return {
      ...c,
      state: st.Status as DockerState,
      ...(st.Status === 'exited' || st.Status === 'dead' ? { exitCode: st.ExitCode } : {}),
      oomKilled: st.OOMKilled,
      ...(st.Error ? { error: st.Error } : {}),
      ...(startedAt ? { startedAt } : {}),
      ...(finishedAt ? { finishedAt } : {}),
    };
  } catch {
    return c; // removed between list and inspect: the list entry is the last word
  }
}

function byAttempt(a: ObservedContainer, b: ObservedContainer): number {
  return a.attempt - b.attempt || a.created - b.created;
}

/** Every Podlab Pod matching the selector: one list call, plus one inspect per container when `detail`. */
export async function observePods(scope: PodScope, sel: PodSelector = {}, detail = true): Promise<ObservedPod[]> {
  const docker = scope.docker;
  const list = await docker.listContainers({ all: true, filters: ownedFilter({ [LABEL_HOME]: scope.home, ...selectorLabels(sel) }) });
  let containers = list.filter((c) => c.Labels?.[LABEL_POD_UID]).map(fromList);
  if (detail) containers = await Promise.all(containers.map((c) => withDetail(docker, c)));
  const pods = new Map<string, ObservedPod>();
  for (const c of containers.sort(byAttempt)) {
    const uid = c.labels[LABEL_POD_UID] as string;
    let pod = pods.get(uid);
    if (!pod) {
      const specJson = c.labels[LABEL_SPEC];
      if (!specJson) continue; // not a Pod container we can reason about
      pod = {
        uid,
        name: c.labels[LABEL_POD_NAME] ?? '',
        namespace: c.labels[LABEL_POD_NAMESPACE] ?? 'default',
        group: c.labels[LABEL_GROUP] ?? '',
        spec: JSON.parse(specJson) as PodSpec,
        specHash: c.labels[LABEL_SPEC_HASH] ?? '',
        createdAt: c.labels[LABEL_POD_CREATED] ?? new Date(c.created * 1000).toISOString(),
        sandboxes: [],
        containers: [],
      };
      pods.set(uid, pod);
    }
    (c.role === 'infra' ? pod.sandboxes : pod.containers).push(c);
  }
  return [...pods.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export function currentSandbox(pod: ObservedPod): ObservedContainer | undefined {
  return pod.sandboxes[pod.sandboxes.length - 1];
}

/** The newest instance of a Pod container, optionally only among those joined to `sandbox`. */
export function latestInstance(pod: ObservedPod, name: string, sandbox?: string): ObservedContainer | undefined {
  let found: ObservedContainer | undefined;
  for (const c of pod.containers) {
    if (c.podContainer === name && (sandbox === undefined || c.sandbox === sandbox)) found = c;
  }
  return found;
}

/** Next attempt number for a Pod container: attempts continue across sandboxes, as restart counts do. */
export function nextAttempt(pod: ObservedPod, name: string): number {
  let max = -1;
  for (const c of pod.containers) if (c.podContainer === name) max = Math.max(max, c.attempt);
  return max + 1;
}

export function sandboxReason(s: ObservedContainer): string {
  return s.labels[LABEL_SANDBOX_REASON] ?? 'Created';
}
