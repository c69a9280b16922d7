// Joining the Docker side (which Pod and container an id is) with the kernel side (the helper's
// dump of /proc) into Pod snapshots. Pure, so every rule here is unit-tested with fixture text.
import { currentSandbox, latestInstance, type ObservedContainer, type ObservedPod } from '../pods/sync/observe.js';
import type { DumpedProcess, ProcDump } from './proc-dump.js';
import { NAMESPACE_TYPES, type ContainerSnapshot, type NamespaceInodes, type NamespaceType, type PodSnapshot, type ProcessInfo } from './snapshot.js';

/** Docker states in which a container has processes worth asking the helper about. */
const LIVE_STATES = new Set<string>(['running', 'paused', 'restarting', 'removing']);

export function isLive(c: ObservedContainer): boolean {
  return LIVE_STATES.has(c.state);
}

/**
 * The containers of a Pod's current sandbox, as a snapshot shows them: the infra first, then the
 * init containers and the containers in spec order (the newest instance of each in this sandbox,
 * exited ones included), then any other container that joined this sandbox.
 */
export function sandboxContainers(pod: ObservedPod): ObservedContainer[] {
  const infra = currentSandbox(pod);
  if (!infra) return [];
  const out = [infra];
  const seen = new Set<string>();
  const add = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const inst = latestInstance(pod, name, infra.dockerName);
    if (inst) out.push(inst);
  };
  for (const c of pod.spec.spec.initContainers) add(c.name);
  for (const c of pod.spec.spec.containers) add(c.name);
  for (const c of pod.containers) if (c.sandbox === infra.dockerName) add(c.podContainer);
  return out;
}

/** Ids of the running containers a refresh asks the helper about. */
export function liveContainerIds(pods: ObservedPod[]): string[] {
  return pods.flatMap((p) => sandboxContainers(p).filter(isLive).map((c) => c.id));
}

function last(xs: number[]): number | undefined {
  return xs[xs.length - 1];
}

/** The process a container was started with: its parent is outside the container; the earliest such one (exec'd shells hang off the shim too, but later). */
export function mainProcess(procs: DumpedProcess[]): DumpedProcess | undefined {
  const mine = new Set(procs.map((p) => p.pid));
  const roots = procs.filter((p) => !mine.has(p.ppid));
  let best: DumpedProcess | undefined;
  for (const p of roots.length ? roots : procs) {
    if (!best || p.startTime < best.startTime || (p.startTime === best.startTime && p.pid < best.pid)) best = p;
  }
  return best;
}

function pidNamespace(dump: ProcDump, pid: number): number | undefined {
  return dump.namespaces.get(pid)?.inodes.pid;
}

/** The parent's PID as the process's own PID namespace sees it, 0 when the parent is outside that namespace. */
function nsParentPid(p: DumpedProcess, dump: ProcDump, byPid: Map<number, DumpedProcess>): number {
  // One NSpid level: the process lives in the namespace the helper sees, and so does its parent.
  if (p.nspids.length === 1) return p.ppid;
  const parent = byPid.get(p.ppid);
  if (!parent) return 0; // the shim, or a process of another Pod: outside the container's namespace
  const mine = pidNamespace(dump, p.pid);
  const theirs = pidNamespace(dump, parent.pid);
  const same = mine !== undefined && theirs !== undefined ? mine === theirs : p.nspids.length === parent.nspids.length;
  return same ? (last(parent.nspids) ?? 0) : 0;
}

function processInfo(p: DumpedProcess, dump: ProcDump, byPid: Map<number, DumpedProcess>): ProcessInfo {
  return {
    pid: p.pid,
    nspid: last(p.nspids) ?? p.pid,
    ppid: p.ppid,
    pgid: p.pgid,
    sid: p.sid,
    nspgid: last(p.nspgids) ?? p.pgid,
    nsppid: nsParentPid(p, dump, byPid),
    state: p.state,
    comm: p.comm,
    args: p.args,
    threads: [...(dump.threads.get(p.pid) ?? [])].sort((a, b) => a.tid - b.tid),
  };
}

function namespacesOf(dump: ProcDump, pid: number | undefined): NamespaceInodes {
  const found = pid === undefined ? undefined : dump.namespaces.get(pid)?.inodes;
  const out: NamespaceInodes = {};
  // Always in NAMESPACE_TYPES order, so equal snapshots serialize equally.
  for (const t of NAMESPACE_TYPES) if (found?.[t] !== undefined) out[t] = found[t];
  return out;
}

/** Namespace inodes of each container's first process, by container id: for containers outside any Pod (a lab's by-hand ones). */
export function containerNamespaces(dump: ProcDump, ids: readonly string[]): Map<string, NamespaceInodes> {
  return new Map(ids.map((id) => [id, namespacesOf(dump, mainProcess(dump.processes.filter((p) => p.containerId === id))?.pid)]));
}

function sharedWith(ns: NamespaceInodes, infra: NamespaceInodes): NamespaceType[] {
  return NAMESPACE_TYPES.filter((t) => ns[t] !== undefined && ns[t] === infra[t]);
}

/**
 * One snapshot per Pod (in the order given), from the observed Pods and the helper's dump. The
 * infra's own `sharedWithInfra` lists every namespace it has (each equals itself).
 */
export function assembleSnapshot(pods: ObservedPod[], dump: ProcDump): PodSnapshot[] {
  const byPid = new Map(dump.processes.map((p) => [p.pid, p]));
  const byContainer = new Map<string, DumpedProcess[]>();
  for (const p of dump.processes) {
    const list = byContainer.get(p.containerId);
    if (list) list.push(p);
    else byContainer.set(p.containerId, [p]);
  }

  return pods.map((pod) => {
    const containers: ContainerSnapshot[] = sandboxContainers(pod).map((c) => {
      const procs = isLive(c) ? [...(byContainer.get(c.id) ?? [])].sort((a, b) => a.pid - b.pid) : [];
      const main = mainProcess(procs);
      return {
        name: c.podContainer,
        role: c.role,
        id: c.id,
        dockerName: c.dockerName,
        state: c.state,
        pid: main?.pid ?? 0,
        namespaces: namespacesOf(dump, main?.pid),
        sharedWithInfra: [],
        processes: procs.map((p) => processInfo(p, dump, byPid)),
      };
    });
    const infra = containers[0]?.namespaces ?? {};
    for (const c of containers) c.sharedWithInfra = sharedWith(c.namespaces, infra);
    return { pod: pod.name, namespace: pod.namespace, uid: pod.uid, containers };
  });
}
