// The plan is data: a pure translation of a Pod into the exact Docker Engine API payloads
// (volumes, the infra container, then every joined container). Nothing here talks to Docker, so
// it is unit-testable and the UI can show each payload (the "translation inspector").
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import {
  INFRA_CONTAINER_NAME,
  LABEL_ATTEMPT,
  LABEL_CONTAINER_NAME,
  LABEL_CONTAINER_TYPE,
  LABEL_GROUP,
  LABEL_HOME,
  LABEL_OWNED,
  LABEL_POD_NAME,
  LABEL_POD_CREATED,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
  LABEL_RESTART_COUNT,
  LABEL_SANDBOX_ID,
  LABEL_SANDBOX_REASON,
  LABEL_SPEC,
  LABEL_SPEC_HASH,
  LABEL_TYPE,
  TYPE_CONTAINER,
  TYPE_SANDBOX,
} from '../../docker/labels.js';
import { PodlabError } from '../../base/errors.js';
import { compareApiVersions } from '../../docker/api-version.js';
import { containerName, infraName, volumeName, type PodIdentity } from './names.js';
import { isSidecar, type ContainerSpec, type PodSpec } from '../manifest/spec.js';

export type ContainerRole = 'init' | 'sidecar' | 'container';

export interface PlanContext {
  uid: string;
  group: string;
  /** The Podlab home (state directory id) that owns the Pod. */
  home: string;
  pauseImage: string;
  /** Engine API version ("1.41"): decides which fields Docker can honour. */
  apiVersion: string;
  /** When the Pod was first applied (ISO). */
  createdAt: string;
}

export interface VolumePlan {
  name: string;
  /** The Pod volume it implements. */
  podVolume: string;
  body: Docker.VolumeCreateOptions;
}

export interface ContainerPlan {
  /** The container's name in the Pod (`POD` for the infra). */
  podContainer: string;
  role: ContainerRole | 'infra';
  /** Docker container name (deterministic, includes the attempt). */
  name: string;
  body: Docker.ContainerCreateOptions;
}

/** Kubernetes fields Docker cannot honour on a joined container, and where Podlab put them instead. */
export interface PlanNote {
  podContainer: string;
  field: string;
  note: string;
}

export interface PodPlan {
  pod: PodIdentity;
  volumes: VolumePlan[];
  infra: ContainerPlan;
  init: ContainerPlan[];
  containers: ContainerPlan[];
  notes: PlanNote[];
}

const SHM_SIZE = 64 * 1024 * 1024;
/** Where the infra keeps Memory emptyDirs mounted, so the tmpfs outlives gaps between containers. */
export const INFRA_VOLUME_DIR = '/.podlab/volumes';

/** Stable hash of the normalized spec: apply uses it to tell "unchanged" from "changed". */
export function specHash(pod: PodSpec): string {
  return createHash('sha256').update(JSON.stringify(pod)).digest('hex').slice(0, 16);
}

function identity(pod: PodSpec, uid: string): PodIdentity {
  return { name: pod.metadata.name, namespace: pod.metadata.namespace, uid };
}

function podLabels(pod: PodSpec, ctx: PlanContext): Record<string, string> {
  return {
    [LABEL_OWNED]: 'true',
    [LABEL_GROUP]: ctx.group,
    [LABEL_HOME]: ctx.home,
    [LABEL_POD_NAME]: pod.metadata.name,
    [LABEL_POD_NAMESPACE]: pod.metadata.namespace,
    [LABEL_POD_UID]: ctx.uid,
    [LABEL_POD_CREATED]: ctx.createdAt,
  };
}

export function planVolumes(pod: PodSpec, ctx: PlanContext): VolumePlan[] {
  const id = identity(pod, ctx.uid);
  return pod.spec.volumes.map((v) => {
    const opts: Record<string, string> = {};
    if (v.emptyDir.medium === 'Memory') {
      // One tmpfs for the whole Pod (a tmpfs per container would lose what init containers wrote).
      opts.type = 'tmpfs';
      opts.device = 'tmpfs';
      opts.o = v.emptyDir.sizeLimitBytes ? `size=${v.emptyDir.sizeLimitBytes}` : 'size=64m';
    }
    return {
      name: volumeName(id, v.name),
      podVolume: v.name,
      body: {
        Name: volumeName(id, v.name),
        Driver: 'local',
        DriverOpts: opts,
        Labels: { ...podLabels(pod, ctx), 'io.podlab.volume': v.name },
      },
    };
  });
}

/** A named-volume mount. emptyDir starts empty: never copy the image's files at the target into it. */
function volumeMount(source: string, target: string, readOnly: boolean, subPath?: string): Docker.MountSettings {
  const volumeOptions = { NoCopy: true, ...(subPath ? { Subpath: subPath } : {}) };
  // @types/dockerode marks Labels/DriverConfig as required; the Engine API does not.
  return { Type: 'volume', Source: source, Target: target, ReadOnly: readOnly, VolumeOptions: volumeOptions as Docker.MountSettings['VolumeOptions'] };
}

function portKey(port: number, protocol: string): string {
  return `${port}/${protocol.toLowerCase()}`;
}

/** The infra ("pause") container: owns the network, IPC and (when shared) PID namespaces. */
export function planInfra(pod: PodSpec, ctx: PlanContext, attempt: number, reason = 'Created'): ContainerPlan {
  const id = identity(pod, ctx.uid);
  const s = pod.spec;
  const portBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  const exposed: Record<string, object> = {};
  // With hostNetwork the ports are the host's already: Docker would discard bindings anyway.
  for (const c of s.hostNetwork ? [] : [...s.initContainers, ...s.containers]) {
    for (const p of c.ports) {
      if (!p.hostPort) continue; // as the kubelet: only hostPort > 0 is published
      const key = portKey(p.containerPort, p.protocol);
      exposed[key] = {};
      (portBindings[key] ??= []).push({ HostIp: p.hostIP ?? '', HostPort: String(p.hostPort) });
    }
  }
  const memoryVolumes = s.volumes.filter((v) => v.emptyDir.medium === 'Memory');
  const body: Docker.ContainerCreateOptions = {
    name: infraName(id, attempt),
    Image: ctx.pauseImage,
    Labels: {
      ...podLabels(pod, ctx),
      [LABEL_TYPE]: TYPE_SANDBOX,
      [LABEL_CONTAINER_NAME]: INFRA_CONTAINER_NAME,
      [LABEL_ATTEMPT]: String(attempt),
      [LABEL_SANDBOX_REASON]: reason,
      [LABEL_SPEC_HASH]: specHash(pod),
      [LABEL_SPEC]: JSON.stringify(pod),
    },
    ...(s.hostNetwork ? {} : { Hostname: s.hostname ?? pod.metadata.name }),
    ...(Object.keys(exposed).length ? { ExposedPorts: exposed } : {}),
    HostConfig: {
      NetworkMode: s.hostNetwork ? 'host' : 'bridge',
      IpcMode: s.hostIPC ? 'host' : 'shareable',
      ...(s.hostPID ? { PidMode: 'host' } : {}),
      ShmSize: SHM_SIZE,
      SecurityOpt: ['no-new-privileges'],
      // No OomScoreAdj -998 as the kubelet sets: lowering it needs CAP_SYS_RESOURCE, which engines
      // inside user namespaces or sandboxes lack ("can't get final child's PID"), and a laptop lab
      // gains nothing from it.
      RestartPolicy: { Name: 'no' },
      ...(Object.keys(portBindings).length ? { PortBindings: portBindings } : {}),
      ...(memoryVolumes.length
        ? {
            Mounts: memoryVolumes.map((v) => volumeMount(volumeName(id, v.name), `${INFRA_VOLUME_DIR}/${v.name}`, false)),
          }
        : {}),
    },
  };
  return { podContainer: INFRA_CONTAINER_NAME, role: 'infra', name: infraName(id, attempt), body };
}

/** Kubernetes `$(VAR)` expansion in command and args; `$$` escapes, unknown references stay as written. */
export function expandVars(s: string, env: Map<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && env.has(name) ? (env.get(name) as string) : m;
  });
}

export function roleOf(pod: PodSpec, c: ContainerSpec): ContainerRole {
  if (!pod.spec.initContainers.includes(c)) return 'container';
  return isSidecar(c) ? 'sidecar' : 'init';
}

/** One joined container. `sandboxName` is the infra's Docker name (or id): joins refer to it. */
export function planContainer(
  pod: PodSpec,
  c: ContainerSpec,
  ctx: PlanContext,
  sandboxName: string,
  attempt: number,
): ContainerPlan {
  const id = identity(pod, ctx.uid);
  const s = pod.spec;
  const role = roleOf(pod, c);
  // Kubernetes expands $(VAR) in env values (from the variables before it), command and args.
  const env = new Map<string, string>();
  for (const e of c.env) env.set(e.name, expandVars(e.value, env));
  const expand = (xs: string[] | undefined) => xs?.map((x) => expandVars(x, env));
  const command = expand(c.command);
  const args = expand(c.args);
  const join = `container:${sandboxName}`;
  const hostConfig: Docker.HostConfig = {
    // cri-dockerd's namespace rules: host modes go straight to the host, the rest join the infra.
    NetworkMode: s.hostNetwork ? 'host' : join,
    IpcMode: s.hostIPC ? 'host' : join,
    PidMode: s.hostPID ? 'host' : s.shareProcessNamespace ? join : '',
    ...(s.hostNetwork ? { UTSMode: 'host' } : {}),
    RestartPolicy: { Name: 'no' }, // restarts are the supervisor's job
    Privileged: c.securityContext.privileged,
    ...(c.securityContext.capabilities.add.length ? { CapAdd: c.securityContext.capabilities.add } : {}),
    ...(c.securityContext.capabilities.drop.length ? { CapDrop: c.securityContext.capabilities.drop } : {}),
    ...(c.resources.limits.nanoCpus ? { NanoCpus: c.resources.limits.nanoCpus } : {}),
    ...(c.resources.limits.memoryBytes
      ? { Memory: c.resources.limits.memoryBytes, MemorySwap: c.resources.limits.memoryBytes }
      : {}),
    Mounts: c.volumeMounts.map((m) => volumeMount(volumeName(id, m.name), m.mountPath, m.readOnly, m.subPath)),
  };
  const body: Docker.ContainerCreateOptions = {
    name: containerName(id, c.name, attempt),
    Image: c.image,
    // Kubernetes: command replaces ENTRYPOINT, args replace CMD; command alone drops the image's CMD.
    ...(command ? { Entrypoint: command, Cmd: args ?? [] } : args ? { Cmd: args } : {}),
    Env: [...env].map(([k, v]) => `${k}=${v}`),
    ...(c.workingDir ? { WorkingDir: c.workingDir } : {}),
    Tty: c.tty,
    OpenStdin: c.stdin,
    StdinOnce: false,
    StopTimeout: s.terminationGracePeriodSeconds,
    Labels: {
      ...podLabels(pod, ctx),
      [LABEL_TYPE]: TYPE_CONTAINER,
      [LABEL_SANDBOX_ID]: sandboxName,
      [LABEL_CONTAINER_NAME]: c.name,
      [LABEL_CONTAINER_TYPE]: role,
      [LABEL_ATTEMPT]: String(attempt),
      [LABEL_RESTART_COUNT]: String(attempt),
      [LABEL_SPEC_HASH]: specHash(pod),
      [LABEL_SPEC]: JSON.stringify(pod),
    },
    HostConfig: hostConfig,
  };
  return { podContainer: c.name, role, name: containerName(id, c.name, attempt), body };
}

/** Fields Docker refuses on joined containers, or cannot share: shown to the learner, never hidden. */
export function planNotes(pod: PodSpec): PlanNote[] {
  const notes: PlanNote[] = [];
  for (const c of [...pod.spec.initContainers, ...pod.spec.containers]) {
    if (c.ports.some((p) => p.hostPort)) {
      notes.push({
        podContainer: c.name,
        field: 'ports[].hostPort',
        note: 'published on the infra container: Docker refuses port bindings on a container that joins another network namespace',
      });
    }
  }
  if (!pod.spec.hostNetwork) {
    notes.push({
      podContainer: INFRA_CONTAINER_NAME,
      field: 'spec.hostname',
      note: 'set on the infra; Docker has no UTS join, so each container gets a copy of the hostname, not a shared UTS namespace',
    });
  }
  return notes;
}

/** Refuse what this engine cannot honour, before anything is created. */
export function checkEngineSupport(pod: PodSpec, apiVersion: string, file?: string): void {
  const problems: PodlabError[] = [];
  const all = [...pod.spec.initContainers, ...pod.spec.containers];
  for (const c of all) {
    for (const m of c.volumeMounts) {
      // Not `< 0`: an unreadable version is refused too.
      if (m.subPath && !(compareApiVersions(apiVersion, '1.45') >= 0)) {
        problems.push(
          new PodlabError('DOCKER_REFUSED', `container "${c.name}": volumeMounts subPath "${m.subPath}" needs Docker Engine 26 or newer (API 1.45); this engine speaks API ${apiVersion}`, {
            location: { ...(file ? { file } : {}), field: `volumeMounts[${m.name}].subPath` },
          }),
        );
      }
    }
  }
  if (problems.length) {
    throw new PodlabError('DOCKER_REFUSED', `Pod "${pod.metadata.name}" uses what this Docker engine cannot do`, {
      details: problems,
      hint: 'remove subPath (mount the whole volume) or upgrade Docker',
    });
  }
}

/** The whole Pod at sandbox attempt `attempt`, every container at attempt 0. */
export function planPod(pod: PodSpec, ctx: PlanContext, attempt = 0): PodPlan {
  const infra = planInfra(pod, ctx, attempt);
  return {
    pod: identity(pod, ctx.uid),
    volumes: planVolumes(pod, ctx),
    infra,
    init: pod.spec.initContainers.map((c) => planContainer(pod, c, ctx, infra.name, 0)),
    containers: pod.spec.containers.map((c) => planContainer(pod, c, ctx, infra.name, 0)),
    notes: planNotes(pod),
  };
}
