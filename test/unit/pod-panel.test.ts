// The Pod panel's pure parts: the process tree built from a snapshot (grouping, parentage across
// containers, threads, zombies, folding, layout), the namespace matrix, and the container rows of a
// status. The tree is checked against the CLI's `pod ps --tree`, which the integration tests hold
// to the real `pstree -g -t`.
import { describe, expect, it } from 'vitest';
import { containerTrees, drawTree } from '../../electron/cli/render-pstree.js';
import type { ContainerSnapshot, PodSnapshot, PodStatus, ProcessInfo } from '../../electron/contract/api.js';
import { namespaceMatrix, NS_COLUMNS, utsSharing } from '../../renderer/src/pods/ns-matrix.js';
import { containerRows, sandboxRebuilt, statusKey, statusTone } from '../../renderer/src/pods/pod-rows.js';
import { buildPodTree, layoutTree, linesText, type ContainerGroup, type TreeNode } from '../../renderer/src/pods/pstree.js';

function proc(pid: number, ppid: number, comm: string, nspgid: number, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return { pid, nspid: pid - 99, ppid, pgid: nspgid + 99, sid: nspgid + 99, nspgid, nsppid: 0, state: 'S', comm, args: comm, threads: [], ...extra };
}

const NS = { net: 11, ipc: 12, pid: 13, uts: 14, mnt: 15, cgroup: 16, user: 17, time: 18 };
const SHARED: ContainerSnapshot['sharedWithInfra'] = ['net', 'ipc', 'pid', 'cgroup', 'user', 'time'];

function ctr(name: string, role: ContainerSnapshot['role'], processes: ProcessInfo[], o: Partial<ContainerSnapshot> = {}): ContainerSnapshot {
  const shared = role === 'infra' ? [...NS_COLUMNS] : SHARED;
  return { name, role, id: `${name}-id`, dockerName: `k8s_${name}`, state: 'running', pid: processes[0]?.pid ?? 0, namespaces: { ...NS, uts: 100 + name.length, mnt: 200 + name.length }, sharedWithInfra: shared, processes, ...o };
}

function snapshot(...containers: ContainerSnapshot[]): PodSnapshot {
  return { pod: 'p', namespace: 'default', uid: 'u', containers };
}

function groupText(g: ContainerGroup | undefined): string[] {
  return (g?.roots ?? []).flatMap((r) => linesText(layoutTree(r)));
}

const threads = (first: number, ...names: string[]) => names.map((comm, i) => ({ tid: first + i, comm }));

/** The rsyslogd Pod of the e2e test, after `sleep 300 &` was exec'd in it (pause adopted the sleep). */
const syslogPod = () =>
  snapshot(
    ctr('POD', 'infra', [proc(100, 90, 'pause', 1)]),
    ctr('syslog', 'container', [proc(200, 91, 'rsyslogd', 7, { threads: threads(201, 'imklog', 'imuxsock', 'main') }), proc(260, 100, 'sleep', 40, { nsppid: 1 })]),
    ctr('shell', 'container', [proc(300, 92, 'sh', 9), proc(301, 300, 'sleep', 9), proc(302, 300, 'sleep', 9), proc(303, 300, 'sleep', 9), proc(304, 300, 'cat', 9, { state: 'Z', args: '' })]),
  );

describe('the process tree', () => {
  it('groups by container with the infra first, and draws a process adopted by pause once, under pause, with its container', () => {
    const tree = buildPodTree(syslogPod());
    expect(tree.sharedPid).toBe(true);
    expect(tree.groups.map((g) => g.name)).toEqual(['POD', 'syslog', 'shell']);
    expect(groupText(tree.groups[0])).toEqual(['pause(1)───sleep(40) [syslog]']);
    expect(groupText(tree.groups[1])).toEqual(['rsyslogd(7)─┬─{imklog}(7)', '            ├─{imuxsock}(7)', '            └─{main}(7)']);
    const all = tree.groups.flatMap((g) => g.roots.flatMap(function walk(n: TreeNode): TreeNode[] {
      return [n, ...n.children.flatMap(walk)];
    }));
    expect(all.filter((n) => n.members.some((m) => m.hostId === 260))).toHaveLength(1);
    const orphan = tree.groups[0]?.roots[0]?.children[0];
    expect(orphan).toMatchObject({ key: 'p260', foreign: 'syslog', members: [{ hostId: 260, nsId: 161, nsParent: 1, container: 'syslog', pgid: 40 }] });
  });

  it('draws threads in braces with their process’s PGID, sorted by name among the child processes, each with its host TID', () => {
    const pod = snapshot(
      ctr('POD', 'infra', [proc(100, 90, 'pause', 1)]),
      ctr('log', 'container', [proc(200, 91, 'rsyslogd', 7, { threads: threads(210, 'main', 'imklog') }), proc(205, 200, 'logger', 7)]),
    );
    const log = buildPodTree(pod).groups[1];
    expect(groupText(log)).toEqual(['rsyslogd(7)─┬─{imklog}(7)', '            ├─logger(7)', '            └─{main}(7)']);
    const imklog = log?.roots[0]?.children[0];
    expect(imklog).toMatchObject({ kind: 'thread', key: 't211', label: '{imklog}(7)' });
    expect(imklog?.members[0]).toMatchObject({ kind: 'thread', hostId: 211, pgid: 7, process: { comm: 'rsyslogd', hostId: 200, nsId: 101 } });
  });

  it('marks zombies as <defunct>, counts them per container, and folds identical siblings keeping every PID', () => {
    const tree = buildPodTree(syslogPod());
    const shell = tree.groups[2];
    expect(groupText(shell)).toEqual(['sh(9)─┬─cat <defunct>(9)', '      └─3*[sleep(9)]']);
    expect(shell?.zombies).toBe(1);
    expect(tree.zombies).toBe(1);
    const [cat, sleeps] = shell?.roots[0]?.children ?? [];
    expect(cat).toMatchObject({ zombie: true, label: 'cat <defunct>(9)' });
    expect(sleeps?.members.map((m) => [m.nsId, m.hostId])).toEqual([
      [202, 301],
      [203, 302],
      [204, 303],
    ]);
  });

  it('says why a container draws no tree: not running, its processes adopted elsewhere, or none', () => {
    const pod = snapshot(
      ctr('POD', 'infra', [proc(100, 90, 'pause', 1)]),
      ctr('setup', 'init', [], { state: 'exited' }),
      ctr('moved', 'container', [proc(260, 100, 'sleep', 40)]),
      ctr('idle', 'container', []),
    );
    expect(buildPodTree(pod).groups.map((g) => [g.name, g.empty])).toEqual([
      ['POD', undefined],
      ['setup', 'not-running'],
      ['moved', 'adopted'],
      ['idle', 'none'],
    ]);
  });

  it('tells a Pod with a PID namespace per container', () => {
    const pod = snapshot(ctr('POD', 'infra', [proc(100, 90, 'pause', 1)]), ctr('app', 'container', [proc(200, 91, 'httpd', 1)], { sharedWithInfra: ['net', 'ipc'] }));
    const tree = buildPodTree(pod);
    expect(tree.sharedPid).toBe(false);
    expect(tree.groups.map((g) => g.sharesPid)).toEqual([true, false]);
  });

  it('lays a container’s trees out exactly as the CLI’s pstree -g -t drawing does', () => {
    const pod = syslogPod();
    // Without pause adopting anything, each container's trees are its own: the CLI's containerTrees.
    const shell = pod.containers[2] as ContainerSnapshot;
    const deep = ctr('deep', 'container', [
      proc(400, 91, 'sh', 5),
      proc(401, 400, 'sh', 5, { threads: threads(450, 'w', 'w') }),
      proc(402, 401, 'sleep', 6),
      proc(403, 400, 'sh', 5, { threads: threads(460, 'w', 'w') }),
      proc(404, 403, 'sleep', 6),
      proc(405, 400, 'awk', 8, { threads: threads(470, 'io') }),
    ]);
    for (const c of [shell, deep]) {
      const ours = buildPodTree(snapshot(ctr('POD', 'infra', [proc(100, 90, 'pause', 1)]), c)).groups[1];
      expect(groupText(ours), c.name).toEqual(containerTrees(c).flatMap((t) => drawTree(t)));
    }
    expect(groupText(buildPodTree(snapshot(deep)).groups[0])).toEqual(['sh(5)─┬─awk(8)───{io}(8)', '      └─2*[sh(5)]─┬─sleep(6)', '                  └─2*[{w}(5)]']);
  });

  it('keeps a node’s key across refreshes, and lays out 200 processes quickly', () => {
    const many = Array.from({ length: 200 }, (_, i) => proc(1000 + i, i % 10 === 0 ? 91 : 1000 + i - (i % 10), `w${i % 7}`, 3 + (i % 10 === 0 ? i : i - (i % 10))));
    const pod = snapshot(ctr('POD', 'infra', [proc(100, 90, 'pause', 1)]), ctr('app', 'container', many));
    const start = performance.now();
    const tree = buildPodTree(pod);
    const lines = tree.groups.flatMap((g) => g.roots.flatMap((r) => layoutTree(r)));
    expect(performance.now() - start).toBeLessThan(200);
    expect(lines.length).toBeGreaterThanOrEqual(20);
    expect(buildPodTree(pod).groups[1]?.roots.map((r) => r.key)).toEqual(tree.groups[1]?.roots.map((r) => r.key));
    expect(tree.groups[1]?.roots[0]?.key).toBe('p1000');
  });
});

describe('the namespace matrix', () => {
  it('has a row per container, POD first, and a cell per namespace type: the infra’s, shared, own or absent', () => {
    const pod = syslogPod();
    pod.containers.push(ctr('done', 'container', [], { state: 'exited', namespaces: {}, sharedWithInfra: [] }));
    const rows = namespaceMatrix(pod);
    expect(rows.map((r) => r.container)).toEqual(['POD', 'syslog', 'shell', 'done']);
    expect(rows[0]?.cells.map((c) => c.state)).toEqual(Array(8).fill('infra'));
    expect(rows[1]?.cells.map((c) => [c.type, c.state, c.inode])).toEqual([
      ['net', 'shared', 11],
      ['ipc', 'shared', 12],
      ['pid', 'shared', 13],
      ['uts', 'own', 106],
      ['mnt', 'own', 206],
      ['cgroup', 'shared', 16],
      ['user', 'shared', 17],
      ['time', 'shared', 18],
    ]);
    expect(rows[3]).toMatchObject({ running: false, cells: NS_COLUMNS.map((type) => ({ type, state: 'absent' })) });
  });

  it('says UTS is each container’s own on Docker, shared with hostNetwork, unknown without a running container', () => {
    expect(utsSharing(syslogPod())).toBe('own');
    const host = syslogPod();
    for (const c of host.containers) c.sharedWithInfra = [...NS_COLUMNS];
    expect(utsSharing(host)).toBe('shared');
    expect(utsSharing(snapshot(ctr('POD', 'infra', [])))).toBe('unknown');
  });
});

function status(o: Partial<PodStatus> = {}): PodStatus {
  return {
    name: 'p',
    namespace: 'default',
    uid: 'u',
    group: 'g',
    phase: 'Running',
    display: 'Running',
    conditions: [],
    hostNetwork: false,
    sandboxAttempt: 0,
    sandboxReason: 'Created',
    sandbox: { id: 'i', dockerName: 'k8s_POD_p', state: 'running' },
    initContainerStatuses: [
      { name: 'setup', role: 'init', image: 'x', state: { terminated: { exitCode: 0, reason: 'Completed' } }, ready: true, started: false, restartCount: 0 },
      { name: 'proxy', role: 'sidecar', image: 'x', state: { running: { startedAt: '' } }, ready: true, started: true, restartCount: 2 },
    ],
    containerStatuses: [{ name: 'app', role: 'container', image: 'x', state: { waiting: { reason: 'CrashLoopBackOff' } }, ready: false, started: false, restartCount: 5 }],
    ready: '1/2',
    restarts: 7,
    createdAt: '',
    ...o,
  };
}

describe('the container rows of a Pod status', () => {
  it('lists POD first, then init containers and sidecars, then app containers, with state, ready, restarts and whether a terminal can go in', () => {
    expect(containerRows(status()).map((r) => [r.name, r.role, r.state, r.reason, r.ready, r.restarts, r.canExec])).toEqual([
      ['POD', 'infra', 'running', undefined, undefined, undefined, false],
      ['setup', 'init', 'terminated', 'Completed', true, 0, false],
      ['proxy', 'sidecar', 'running', undefined, true, 2, true],
      ['app', 'container', 'waiting', 'CrashLoopBackOff', false, 5, false],
    ]);
    const { sandbox: _gone, ...noSandbox } = status();
    expect(containerRows(noSandbox)[0]).toMatchObject({ name: 'POD', state: 'waiting', reason: 'ContainerCreating' });
  });

  it('colours STATUS by what it says, marks a rebuilt sandbox, and keys a status by its content', () => {
    expect(statusTone(status())).toBe('ok');
    expect(statusTone(status({ display: 'CrashLoopBackOff' }))).toBe('bad');
    expect(statusTone(status({ display: 'Completed', phase: 'Succeeded' }))).toBe('done');
    expect(statusTone(status({ display: 'Init:0/2', phase: 'Pending' }))).toBe('pending');
    expect(sandboxRebuilt(status())).toBe(false);
    expect(sandboxRebuilt(status({ sandboxAttempt: 1, sandboxReason: 'SandboxChanged: the infra exited' }))).toBe(true);
    expect(statusKey(status())).toBe(statusKey(status()));
    expect(statusKey(status({ sandboxAttempt: 1 }))).not.toBe(statusKey(status()));
  });
});
