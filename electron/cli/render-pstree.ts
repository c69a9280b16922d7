// `podlab pod ps --tree`: each container's processes drawn the way psmisc's `pstree -g` draws them
// — `name(PGID)`, box-drawing joints, identical siblings folded into `N*[…]` — grouped by container
// under the Pod, pause first. PGIDs are as seen inside the Pod (NSpgid), like pstree run in it.
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

function processLabel(p: ProcessInfo): string {
  const name = p.state === 'Z' ? `${p.comm} <defunct>` : p.comm;
  return `${name}(${p.nspgid || p.pgid})`;
}

/** The process trees of one container: roots are processes whose parent is outside it. */
export function containerTrees(c: ContainerSnapshot): TreeNode[] {
  const byPid = new Map(c.processes.map((p) => [p.pid, p]));
  const children = new Map<number, ProcessInfo[]>();
  for (const p of c.processes) {
    if (byPid.has(p.ppid)) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  }
  // Siblings in pstree's default order: by command name, then PID.
  const order = (a: ProcessInfo, b: ProcessInfo) => (a.comm < b.comm ? -1 : a.comm > b.comm ? 1 : a.pid - b.pid);
  const build = (p: ProcessInfo): TreeNode => ({
    label: processLabel(p),
    children: (children.get(p.pid) ?? []).sort(order).map(build),
  });
  return c.processes.filter((p) => !byPid.has(p.ppid)).sort((a, b) => a.pid - b.pid).map(build);
}

function containerNode(c: ContainerSnapshot): TreeNode {
  const trees = containerTrees(c);
  const label = c.name === 'POD' ? 'POD' : `${c.name}${c.role === 'init' ? ' (init)' : c.role === 'sidecar' ? ' (sidecar)' : ''}`;
  if (!trees.length) return { label: `${label} [${c.state === 'running' ? 'no processes' : c.state}]`, children: [] };
  return { label, children: trees };
}

/** The whole Pod: a header naming the PID namespace arrangement, then one branch per container. */
export function podTree(pod: PodSnapshot): string {
  const infra = pod.containers.find((c) => c.role === 'infra');
  const others = pod.containers.filter((c) => c !== infra);
  const shared = others.length > 0 && others.every((c) => c.state !== 'running' || c.sharedWithInfra.includes('pid'));
  const header = `pod/${pod.pod}${pod.namespace === 'default' ? '' : ` (namespace ${pod.namespace})`} — ${
    shared ? 'one PID namespace for the whole Pod: pause is PID 1' : 'a PID namespace per container'
  }`;
  // Merging is for identical processes, never for containers: each keeps its own branch.
  const root: TreeNode = { label: '', children: pod.containers.map(containerNode) };
  const lines: string[] = [];
  root.children.forEach((c, i) => {
    const last = i === root.children.length - 1;
    drawTree(c).forEach((line, j) => lines.push(`${j === 0 ? (last ? '└─' : '├─') : last ? '  ' : '│ '}${line}`));
  });
  return [header, ...lines].join('\n');
}
