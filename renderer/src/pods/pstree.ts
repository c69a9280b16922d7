// The Pod panel's process tree, as data: a Pod's processes and threads arranged the way psmisc's
// `pstree -g -t` draws them (kernel parentage, `name(PGID)`, threads as `{name}(PGID)`, siblings by
// name, identical ones folded into `N*[…]`), one group per container with the infra first, then laid
// out into lines of connector text and nodes. Pure: the panel renders it, the unit tests read it.
import type { ContainerSnapshot, PodSnapshot, ProcessInfo } from '../../../electron/contract/api.js';

/** One process or thread a node stands for: what hover and keyboard focus tell about it. */
export interface TreeMember {
  kind: 'process' | 'thread';
  /** PID (or a thread's TID) on the engine's host. */
  hostId: number;
  /** PID inside the process's PID namespace (the Pod's when it shares one); a thread's is not read. */
  nsId?: number;
  /** Parent PID inside that namespace; 0 when the parent is outside it (the runtime's shim). */
  nsParent?: number;
  comm: string;
  args: string;
  state: string;
  /** Process group as seen inside the PID namespace: what `pstree -g` prints in brackets. */
  pgid: number;
  /** The container whose cgroup holds it. */
  container: string;
  /** For a thread, the process it belongs to. */
  process?: { comm: string; hostId: number; nsId: number };
}

export interface TreeNode {
  /** Stable across refreshes for the same process (React keys, keyboard focus). */
  key: string;
  kind: 'process' | 'thread';
  /** `sh(7)`, `{imklog}(7)`, `sleep <defunct>(9)`, or `3*[sleep(7)]` for folded siblings. */
  label: string;
  /** Set when the process belongs to another container than its parent (an orphan pause adopted). */
  foreign?: string;
  zombie: boolean;
  /** One, or every sibling a fold stands for. */
  members: TreeMember[];
  children: TreeNode[];
}

export type EmptyReason = 'not-running' | 'adopted' | 'none';

export interface ContainerGroup {
  name: string;
  role: ContainerSnapshot['role'];
  state: string;
  roots: TreeNode[];
  /** Why the group draws no tree (absent when it has one). */
  empty?: EmptyReason;
  /** Processes in the container's cgroup, and how many of them are zombies. */
  processes: number;
  zombies: number;
  /** Whether this container's PIDs are the Pod's (one shared PID namespace) or its own. */
  sharesPid: boolean;
}

export interface PodTree {
  /** One PID namespace for the whole Pod: pause is PID 1 for every container. */
  sharedPid: boolean;
  groups: ContainerGroup[];
  zombies: number;
}

/** The PGID pstree -g prints: the in-namespace one, the host's when the kernel has no NSpgid. */
function pgidOf(p: ProcessInfo): number {
  return p.nspgid || p.pgid;
}

function processMember(p: ProcessInfo, container: string): TreeMember {
  return { kind: 'process', hostId: p.pid, nsId: p.nspid, nsParent: p.nsppid, comm: p.comm, args: p.args, state: p.state, pgid: pgidOf(p), container };
}

interface Owned {
  p: ProcessInfo;
  container: string;
}

/** Siblings in pstree's default order, threads among the child processes: by name, then by id. */
function bySortKey(a: { comm: string; id: number }, b: { comm: string; id: number }): number {
  return a.comm < b.comm ? -1 : a.comm > b.comm ? 1 : a.id - b.id;
}

function threadNodes(o: Owned): { comm: string; id: number; node: TreeNode }[] {
  const owner = { comm: o.p.comm, hostId: o.p.pid, nsId: o.p.nspid };
  return o.p.threads.map((t) => ({
    comm: t.comm,
    id: t.tid,
    node: {
      key: `t${t.tid}`,
      kind: 'thread',
      label: `{${t.comm}}(${pgidOf(o.p)})`,
      zombie: false,
      members: [{ kind: 'thread', hostId: t.tid, comm: t.comm, args: '', state: o.p.state, pgid: pgidOf(o.p), container: o.container, process: owner }],
      children: [],
    },
  }));
}

/**
 * Every process of the Pod by its real parent (host PIDs): a process whose parent is among them
 * hangs under it whatever container it belongs to, so a process is drawn once; roots go to their
 * own container's group, in PID order.
 */
function forest(procs: Owned[]): Map<string, TreeNode[]> {
  const byPid = new Map(procs.map((o) => [o.p.pid, o]));
  const children = new Map<number, Owned[]>();
  for (const o of procs) {
    if (!byPid.has(o.p.ppid)) continue;
    const list = children.get(o.p.ppid);
    if (list) list.push(o);
    else children.set(o.p.ppid, [o]);
  }
  const build = (o: Owned, parent?: Owned): TreeNode => {
    const kids = [...(children.get(o.p.pid) ?? []).map((c) => ({ comm: c.p.comm, id: c.p.pid, node: build(c, o) })), ...threadNodes(o)];
    const zombie = o.p.state === 'Z';
    return {
      key: `p${o.p.pid}`,
      kind: 'process',
      label: `${zombie ? `${o.p.comm} <defunct>` : o.p.comm}(${pgidOf(o.p)})`,
      ...(parent && parent.container !== o.container ? { foreign: o.container } : {}),
      zombie,
      members: [processMember(o.p, o.container)],
      children: fold(kids.sort(bySortKey).map((k) => k.node)),
    };
  };
  const roots = new Map<string, TreeNode[]>();
  for (const o of procs.filter((x) => !byPid.has(x.p.ppid)).sort((a, b) => a.p.pid - b.p.pid)) {
    const list = roots.get(o.container);
    if (list) list.push(build(o));
    else roots.set(o.container, [build(o)]);
  }
  return roots;
}

/** The text a node shows: its label, then the container it belongs to when that is not its parent's. */
export function nodeText(node: TreeNode): string {
  return node.foreign ? `${node.label} [${node.foreign}]` : node.label;
}

/** A subtree as drawn text: folding compares these, PGIDs and container marks included. */
function drawnText(node: TreeNode): string {
  return layoutTree(node)
    .map((line) => line.map((s) => (s.kind === 'node' ? nodeText(s.node) : s.text)).join(''))
    .join('\n');
}

/**
 * psmisc folds identical sibling subtrees into `N*[…]`; a one-line subtree folds whole
 * (`3*[sleep(7)]`), a taller one keeps the first one's children under `N*[label]`.
 */
function fold(children: TreeNode[]): TreeNode[] {
  const out: { node: TreeNode; text: string; same: TreeNode[] }[] = [];
  for (const c of children) {
    const text = drawnText(c);
    const found = out.find((o) => o.text === text);
    if (found) found.same.push(c);
    else out.push({ node: c, text, same: [c] });
  }
  return out.map(({ node, text, same }) => {
    if (same.length === 1) return node;
    const oneLine = !text.includes('\n');
    const folded: TreeNode = {
      key: `f${node.key}`,
      kind: node.kind,
      label: `${same.length}*[${oneLine ? text : node.label}]`,
      zombie: node.zombie,
      members: same.flatMap((s) => s.members),
      children: oneLine ? [] : node.children,
    };
    // A whole one-line subtree carries its container mark inside the brackets already.
    if (!oneLine && node.foreign) folded.foreign = node.foreign;
    return folded;
  });
}

function emptyReason(c: ContainerSnapshot, roots: TreeNode[]): EmptyReason | undefined {
  if (roots.length) return undefined;
  if (c.state !== 'running') return 'not-running';
  return c.processes.length ? 'adopted' : 'none';
}

/** True when every running app container is in the infra's PID namespace (shareProcessNamespace). */
export function sharesPidNamespace(pod: PodSnapshot): boolean {
  const others = pod.containers.filter((c) => c.role !== 'infra');
  return others.length > 0 && others.every((c) => c.state !== 'running' || c.sharedWithInfra.includes('pid'));
}

export function buildPodTree(pod: PodSnapshot): PodTree {
  const roots = forest(pod.containers.flatMap((c) => c.processes.map((p) => ({ p, container: c.name }))));
  const groups = pod.containers.map((c): ContainerGroup => {
    const mine = fold(roots.get(c.name) ?? []);
    const empty = emptyReason(c, mine);
    return {
      name: c.name,
      role: c.role,
      state: c.state,
      roots: mine,
      ...(empty ? { empty } : {}),
      processes: c.processes.length,
      zombies: c.processes.filter((p) => p.state === 'Z').length,
      sharesPid: c.role === 'infra' || c.sharedWithInfra.includes('pid'),
    };
  });
  return { sharedPid: sharesPidNamespace(pod), groups, zombies: groups.reduce((n, g) => n + g.zombies, 0) };
}

/** A piece of a drawn line: box-drawing connectors and padding, or a node. */
export type Segment = { kind: 'text'; text: string } | { kind: 'node'; node: TreeNode };
export type Line = Segment[];

function width(text: string): number {
  return [...text].length;
}

function withText(text: string, line: Line): Line {
  const [first, ...rest] = line;
  // Adjacent connector text merges into one segment: fewer elements to render.
  if (first?.kind === 'text') return [{ kind: 'text', text: text + first.text }, ...rest];
  return [{ kind: 'text', text }, ...line];
}

/** Lines of one tree, psmisc style: `a─┬─b`, `├─`, `│`, `└─`, and `───` for an only child. */
export function layoutTree(node: TreeNode): Line[] {
  const self: Segment = { kind: 'node', node };
  if (!node.children.length) return [[self]];
  const pad = ' '.repeat(width(nodeText(node)));
  const only = node.children.length === 1;
  const out: Line[] = [];
  node.children.forEach((child, i) => {
    const last = i === node.children.length - 1;
    layoutTree(child).forEach((line, j) => {
      if (i === 0 && j === 0) out.push([self, ...withText(only ? '───' : '─┬─', line)]);
      else if (j === 0) out.push(withText(`${pad} ${last ? '└─' : '├─'}`, line));
      else out.push(withText(`${pad} ${only || last ? '  ' : '│ '}`, line));
    });
  });
  return out;
}

/** Lines as plain text (what a learner compares with `pstree -g -t` in a terminal). */
export function linesText(lines: Line[]): string[] {
  return lines.map((line) => line.map((s) => (s.kind === 'node' ? nodeText(s.node) : s.text)).join(''));
}
