// The live process tree of one Pod, drawn like `pstree -g -t`: one group per container (the infra
// first), `name(PGID)`, threads as `{name}(PGID)`, zombies as `<defunct>`, and an orphan adopted by
// pause marked with the container it belongs to. Every process is one focusable node (one tab stop
// for the tree, arrow keys between nodes) whose PIDs in the Pod and on the host show on hover and
// focus. Memoized on the snapshot's text; the layout is computed once per change.
import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PodSnapshot } from '../../../electron/contract/api.js';
import { defineStrings, useLang, useStrings, type Lang } from '../i18n/lang.js';
import { buildPodTree, layoutTree, type ContainerGroup, type Line, type TreeMember, type TreeNode } from './pstree.js';

const STATES: Record<Lang, Record<string, string>> = {
  en: { R: 'running', S: 'sleeping', D: 'in uninterruptible sleep', Z: 'zombie', T: 'stopped', t: 'stopped by a tracer', I: 'idle', X: 'dead' },
  zh: { R: '运行中', S: '睡眠', D: '不可中断睡眠', Z: '僵尸', T: '已停止', t: '被跟踪而停止', I: '空闲', X: '已死亡' },
};

const strings = defineStrings({
  en: {
    tree: 'Process tree',
    sharedPid: 'One PID namespace for the whole Pod (shareProcessNamespace): pause is PID 1 and adopts orphans.',
    privatePid: 'A PID namespace per container: each container’s first process is its PID 1.',
    zombies: (n: number) => (n === 1 ? '1 zombie' : `${n} zombies`),
    empty: {
      'not-running': (state: string) => `not running (${state})`,
      adopted: () => 'its processes are drawn under their parent in another container',
      none: () => 'no processes',
    },
    where: (shared: boolean, container: string) => (shared ? 'in the Pod' : `in container ${container}`),
    process: (m: TreeMember, where: string, state: string) =>
      `${m.comm}: PID ${m.nsId ?? '?'} ${where}, ${m.hostId} on the host · PGID ${m.pgid} · parent ${m.nsParent ? m.nsParent : 'outside (the runtime’s shim)'} · ${state} · container ${m.container}${m.args ? ` · ${m.args}` : ''}`,
    thread: (m: TreeMember, where: string) =>
      `thread ${m.comm} of ${m.process?.comm ?? '?'} (PID ${m.process?.nsId ?? '?'} ${where}, ${m.process?.hostId ?? '?'} on the host) · TID ${m.hostId} on the host · PGID ${m.pgid} · container ${m.container}`,
    folded: (n: number, ins: string, hosts: string, where: string) => `${n} identical: PIDs ${ins} ${where}; ${hosts} on the host`,
    foldedThreads: (n: number, hosts: string) => `${n} identical threads: TIDs ${hosts} on the host`,
    hint: 'Hover or focus a process for its PIDs (arrow keys move between processes).',
  },
  zh: {
    tree: '进程树',
    sharedPid: '整个 Pod 只有一个 PID Namespace（shareProcessNamespace）：pause 是 1 号进程，并收养孤儿进程。',
    privatePid: '每个容器有自己的 PID Namespace：每个容器的第一个进程就是它的 1 号进程。',
    zombies: (n: number) => `${n} 个僵尸进程`,
    empty: {
      'not-running': (state: string) => `没有运行（${state}）`,
      adopted: () => '它的进程画在另一个容器里的父进程下面',
      none: () => '没有进程',
    },
    where: (shared: boolean, container: string) => (shared ? '（Pod 内）' : `（容器 ${container} 内）`),
    process: (m: TreeMember, where: string, state: string) =>
      `${m.comm}：PID ${m.nsId ?? '?'}${where}，宿主机上为 ${m.hostId} · PGID ${m.pgid} · ${m.nsParent ? `父进程 ${m.nsParent}` : '父进程在外面（运行时的 shim）'} · ${state} · 容器 ${m.container}${m.args ? ` · ${m.args}` : ''}`,
    thread: (m: TreeMember, where: string) =>
      `${m.process?.comm ?? '?'} 的线程 ${m.comm}（进程 PID ${m.process?.nsId ?? '?'}${where}，宿主机上为 ${m.process?.hostId ?? '?'}）· 宿主机上的 TID ${m.hostId} · PGID ${m.pgid} · 容器 ${m.container}`,
    folded: (n: number, ins: string, hosts: string, where: string) => `${n} 个相同的进程：PID ${ins}${where}；宿主机上为 ${hosts}`,
    foldedThreads: (n: number, hosts: string) => `${n} 个相同的线程：宿主机上的 TID ${hosts}`,
    hint: '把鼠标移到进程上或用键盘聚焦，查看它的 PID（方向键在进程之间移动）。',
  },
});

type Strings = (typeof strings)['en'];

function describe(node: TreeNode, shared: boolean, t: Strings, states: Record<string, string>): string {
  const first = node.members[0];
  if (!first) return node.label;
  const where = t.where(shared, first.container);
  if (node.members.length > 1) {
    const hosts = node.members.map((m) => m.hostId).join(', ');
    if (node.kind === 'thread') return `${node.label} — ${t.foldedThreads(node.members.length, hosts)}`;
    return `${node.label} — ${t.folded(node.members.length, node.members.map((m) => m.nsId ?? '?').join(', '), hosts, where)}`;
  }
  if (first.kind === 'thread') return t.thread(first, where);
  return t.process(first, where, `${first.state} ${states[first.state] ?? ''}`.trim());
}

/** A group's lines, with a key per line: the key of its first node, stable across refreshes. */
function groupLines(g: ContainerGroup): { key: string; line: Line }[] {
  return g.roots.flatMap((root) => layoutTree(root)).map((line) => {
    const node = line.find((s) => s.kind === 'node');
    return { key: node?.kind === 'node' ? node.node.key : '', line };
  });
}

function ProcessTreeView({ snapshot }: { snapshot: PodSnapshot; snapshotKey: string }) {
  const t = useStrings(strings);
  const states = STATES[useLang().lang];
  const tree = useMemo(() => buildPodTree(snapshot), [snapshot]);
  const groups = useMemo(() => tree.groups.map((g) => ({ group: g, lines: groupLines(g) })), [tree]);
  // Document order of the nodes: where the arrow keys go.
  const order = useMemo(() => groups.flatMap((g) => g.lines.flatMap((l) => l.line.flatMap((s) => (s.kind === 'node' ? [s.node] : [])))), [groups]);
  // Every node's description (its title and accessible name), computed once per change.
  const labels = useMemo(() => new Map(order.map((n) => [n.key, describe(n, tree.sharedPid, t, states)])), [order, tree, t, states]);
  const [active, setActive] = useState<string | undefined>(undefined);
  const [shown, setShown] = useState<string | undefined>(undefined);
  const box = useRef<HTMLDivElement>(null);
  const onFocusNode = useCallback((key: string) => {
    setActive(key);
    setShown(key);
  }, []);

  const focusable = order.some((n) => n.key === active) ? active : order[0]?.key;
  const detailNode = order.find((n) => n.key === shown);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = order.findIndex((n) => n.key === focusable);
    const next = { ArrowDown: at + 1, ArrowRight: at + 1, ArrowUp: at - 1, ArrowLeft: at - 1, Home: 0, End: order.length - 1 }[e.key];
    if (next === undefined || !order.length) return;
    e.preventDefault();
    const target = order[Math.max(0, Math.min(order.length - 1, next))];
    if (target) box.current?.querySelector<HTMLElement>(`[data-node="${target.key}"]`)?.focus();
  };

  return (
    <div className="ptree" ref={box} onKeyDown={onKeyDown} data-testid="process-tree">
      <p className="ptree-ns">{tree.sharedPid ? t.sharedPid : t.privatePid}</p>
      {groups.map(({ group: g, lines }) => (
        <section key={g.name} className="ptree-group" aria-label={g.name} data-container={g.name}>
          <div className="ptree-head">
            <code className="ptree-cname">{g.name}</code>
            {g.zombies > 0 && <span className="badge badge-bad">{t.zombies(g.zombies)}</span>}
            {g.empty && <span className="muted">{t.empty[g.empty](g.state)}</span>}
          </div>
          {lines.length > 0 && (
            <div className="ptree-lines">
              {lines.map(({ key, line }) => (
                <div className="ptree-line" key={key}>
                  {line.map((s, i) =>
                    s.kind === 'text' ? (
                      <span className="ptree-joint" aria-hidden="true" key={`j${i}`}>
                        {s.text}
                      </span>
                    ) : (
                      <TreeNodeView
                        key={s.node.key}
                        node={s.node}
                        label={labels.get(s.node.key) ?? s.node.label}
                        focusable={s.node.key === focusable}
                        onShow={setShown}
                        onFocus={onFocusNode}
                      />
                    ),
                  )}
                </div>
              ))}
            </div>
          )}
        </section>
      ))}
      <p className="ptree-detail" data-testid="process-detail">
        {detailNode ? labels.get(detailNode.key) : t.hint}
      </p>
    </div>
  );
}

/** One process or thread; Enter, Space or a click keeps its details shown below the tree. */
const TreeNodeView = memo(function TreeNodeView({
  node,
  label,
  focusable,
  onShow,
  onFocus,
}: {
  node: TreeNode;
  label: string;
  focusable: boolean;
  onShow: (key: string) => void;
  onFocus: (key: string) => void;
}) {
  const classes = ['pnode', `pnode-${node.kind}`, node.zombie ? 'pnode-zombie' : '', node.foreign ? 'pnode-foreign' : ''].filter(Boolean).join(' ');
  return (
    <span
      className={classes}
      tabIndex={focusable ? 0 : -1}
      role="button"
      aria-label={label}
      title={label}
      data-node={node.key}
      data-pgid={node.members[0]?.pgid}
      onFocus={() => onFocus(node.key)}
      onMouseEnter={() => onShow(node.key)}
      onClick={() => onShow(node.key)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onShow(node.key);
        }
      }}
    >
      {node.label}
      {node.foreign && <span className="pnode-mark"> [{node.foreign}]</span>}
    </span>
  );
});

export const ProcessTree = memo(ProcessTreeView, (a, b) => a.snapshotKey === b.snapshotKey);
