// `podlab pod ps --tree`: processes drawn the way psmisc's `pstree -g -t` draws them — `name(PGID)`,
// threads as `{name}(PGID)`, box-drawing joints, identical siblings folded into `N*[…]` — by the
// kernel's parentage, one branch per container, pause first. PGIDs are as seen inside the Pod
// (NSpgid), like pstree run in it.
import type { ContainerSnapshot, PodSnapshot, ProcessInfo } from '../engine/model.js';

export interface TreeNode {
  label: string;
  children: TreeNode[];
}

/** Lines of one tree, psmisc style: `a─┬─b`, `├─`, `│`, `└─`, `───` for an only child. */
export function drawTree(node: TreeNode): string[] {
  const kids = foldIdentical(node.children);
  if (!kids.length) return [node.label];
  const pad = ' '.repeat([...node.label].length);
  const out: string[] = [];
  kids.forEach((child, i) => {
    const sub = drawTree(child);
    const only = kids.length === 1;
    const last = i === kids.length - 1;
    sub.forEach((line, j) => {
      if (i === 0 && j === 0) out.push(`${node.label}${only ? '───' : '─┬─'}${line}`);
      else if (j === 0) out.push(`${pad} ${last ? '└─' : '├─'}${line}`);
      else out.push(`${pad} ${only || last ? '  ' : '│ '}${line}`);
    });
  });
  return out;
}

/**
 * psmisc folds identical sibling subtrees into `N*[subtree]`. It compares names only, so with -g
 * siblings in different process groups fold under the first one's PGID; we compare what is drawn,
 * PGIDs included, because showing the groups is the point of the view.
 */
function foldIdentical(children: TreeNode[]): TreeNode[] {
  const out: { node: TreeNode; key: string; count: number }[] = [];
  for (const c of children) {
    const key = drawTree(c).join('\n');
    const same = out.find((o) => o.key === key);
    if (same) same.count++;
    else out.push({ node: c, key, count: 1 });
  }
  return out.map((o) => (o.count === 1 ? o.node : foldedNode(o.node, o.count)));
}

function foldedNode(node: TreeNode, count: number): TreeNode {
  const lines = drawTree(node);
  // A one-line subtree folds inline, as psmisc prints `3*[sleep(7)]`.
  if (lines.length === 1) return { label: `${count}*[${lines[0]}]`, children: [] };
  return { label: `${count}*[${node.label}]`, children: node.children };
}

function pgidOf(p: ProcessInfo): number {
  return p.nspgid || p.pgid;
}

function processLabel(p: ProcessInfo): string {
  const name = p.state === 'Z' ? `${p.comm} <defunct>` : p.comm;
  return `${name}(${pgidOf(p)})`;
}

/** A process's other threads as pstree -t draws them: leaves named in braces, in the process's group. */
function threadNodes(p: ProcessInfo): { comm: string; id: number; node: TreeNode }[] {
  return p.threads.map((t) => ({ comm: t.comm, id: t.tid, node: { label: `{${t.comm}}(${pgidOf(p)})`, children: [] } }));
}

/** A process and the container it belongs to (its cgroup), which may differ from its parent's. */
interface Owned {
  p: ProcessInfo;
  container: string;
}

/**
 * Trees of processes by their real parent (host PIDs): roots are the processes whose parent is not
 * among them. A child that belongs to another container than its parent (an orphan pause adopted)
 * is marked `[container]`. Returns each container's roots, in PID order.
 */
function forest(procs: Owned[]): { roots: Map<string, TreeNode[]>; marked: boolean } {
  const byPid = new Map(procs.map((o) => [o.p.pid, o]));
  const children = new Map<number, Owned[]>();
  for (const o of procs) {
    if (byPid.has(o.p.ppid)) children.set(o.p.ppid, [...(children.get(o.p.ppid) ?? []), o]);
  }
  // Siblings in pstree's default order, threads among child processes: by name, then PID or tid.
  const order = (a: { comm: string; id: number }, b: { comm: string; id: number }) => (a.comm < b.comm ? -1 : a.comm > b.comm ? 1 : a.id - b.id);
  let marked = false;
  const build = (o: Owned, parent?: Owned): TreeNode => {
    const foreign = parent !== undefined && parent.container !== o.container;
    marked ||= foreign;
    const kids = [...(children.get(o.p.pid) ?? []).map((c) => ({ comm: c.p.comm, id: c.p.pid, node: build(c, o) })), ...threadNodes(o.p)];
    return {
      label: foreign ? `${processLabel(o.p)} [${o.container}]` : processLabel(o.p),
      children: kids.sort(order).map((k) => k.node),
    };
  };
  const roots = new Map<string, TreeNode[]>();
  for (const o of procs.filter((x) => !byPid.has(x.p.ppid)).sort((a, b) => a.p.pid - b.p.pid)) {
    roots.set(o.container, [...(roots.get(o.container) ?? []), build(o)]);
  }
  return { roots, marked };
}

/** The process trees of one container on its own: roots are processes whose parent is outside it. */
export function containerTrees(c: ContainerSnapshot): TreeNode[] {
  return forest(c.processes.map((p) => ({ p, container: c.name }))).roots.get(c.name) ?? [];
}

function containerNode(c: ContainerSnapshot, trees: TreeNode[]): TreeNode {
  const label = c.name === 'POD' ? 'POD' : `${c.name}${c.role === 'init' ? ' (init)' : c.role === 'sidecar' ? ' (sidecar)' : ''}`;
  if (trees.length) return { label, children: trees };
  // Processes all adopted into another container's branch still make this one "running".
  const why = c.state !== 'running' ? c.state : c.processes.length ? 'its processes are drawn under their parents' : 'no processes';
  return { label: `${label} [${why}]`, children: [] };
}

function sharesPid(pod: PodSnapshot): boolean {
  const others = pod.containers.filter((c) => c.role !== 'infra');
  return others.length > 0 && others.every((c) => c.state !== 'running' || c.sharedWithInfra.includes('pid'));
}

/** One Pod: a header naming the PID namespace arrangement, then one branch per container. */
function podLines(pod: PodSnapshot): { lines: string[]; marked: boolean } {
  const header = `pod/${pod.pod}${pod.namespace === 'default' ? '' : ` (namespace ${pod.namespace})`} — ${
    sharesPid(pod) ? 'one PID namespace for the whole Pod: pause is PID 1' : 'a PID namespace per container'
  }`;
  // The kernel's parentage across the whole Pod: pause's adopted orphans hang under pause.
  const { roots, marked } = forest(pod.containers.flatMap((c) => c.processes.map((p) => ({ p, container: c.name }))));
  // Merging is for identical processes, never for containers: each keeps its own branch.
  const branches = pod.containers.map((c) => containerNode(c, roots.get(c.name) ?? []));
  const lines = [header];
  branches.forEach((c, i) => {
    const last = i === branches.length - 1;
    drawTree(c).forEach((line, j) => lines.push(`${j === 0 ? (last ? '└─' : '├─') : last ? '  ' : '│ '}${line}`));
  });
  return { lines, marked };
}

export function podTree(pod: PodSnapshot): string {
  return podLines(pod).lines.join('\n');
}

const LEGEND = 'name(N): N is the process group id as seen inside the Pod, as `pstree -g` shows it.';
const THREAD_NOTE = '{name}(N): a thread of the process above it, named as `pstree -t` shows it; threads share their process\'s group.';
const MARK_NOTE = '[c]: the process belongs to container c, its parent to another one (pause, PID 1, adopts orphans).';
const SHARED_NOTE = [
  'Inside a container, `pstree -g` shows only pause(1): the other containers\' first processes have their',
  'parent outside the Pod\'s PID namespace (the runtime\'s shim, on the host), so they hang off PID 0:',
  '`pstree -g 0` draws them all.',
];

/** `pod ps --tree`: every Pod's tree, then the legend and, when they apply, the notes. */
export function podTrees(pods: PodSnapshot[]): string {
  const drawn = pods.map(podLines);
  const threaded = pods.some((p) => p.containers.some((c) => c.processes.some((x) => x.threads.length > 0)));
  const notes = [LEGEND, ...(threaded ? [THREAD_NOTE] : []), ...(drawn.some((d) => d.marked) ? [MARK_NOTE] : []), ...(pods.some(sharesPid) ? SHARED_NOTE : [])];
  return [...drawn.map((d) => d.lines.join('\n')), notes.join('\n')].join('\n\n');
}
