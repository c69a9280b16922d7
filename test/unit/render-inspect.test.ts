// The text views of a snapshot: pstree -g style trees and the namespace matrix.
import { describe, expect, it } from 'vitest';
import { renderInspect } from '../../electron/cli/render-inspect.js';
import { drawTree, podTree, podTrees } from '../../electron/cli/render-pstree.js';
import { nsMatrix } from '../../electron/cli/render-ns.js';
import type { ContainerSnapshot, PodSnapshot, ProcessInfo } from '../../electron/engine/inspect/snapshot.js';

function proc(pid: number, ppid: number, comm: string, nspgid: number, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return { pid, nspid: pid, ppid, pgid: nspgid, sid: nspgid, nspgid, nsppid: 0, state: 'S', comm, args: comm, threads: [], ...extra };
}

function ctr(name: string, role: ContainerSnapshot['role'], processes: ProcessInfo[], ns: ContainerSnapshot['namespaces'], shared: ContainerSnapshot['sharedWithInfra'] = []): ContainerSnapshot {
  return { name, role, id: `${name}-id`, dockerName: `k8s_${name}`, state: 'running', pid: processes[0]?.pid ?? 0, namespaces: ns, sharedWithInfra: shared, processes };
}

describe('drawTree (psmisc layout)', () => {
  it('draws an only child with ───, several with ─┬─ ├─ └─ and keeps columns aligned', () => {
    const t = {
      label: 'a(1)',
      children: [
        { label: 'b(1)', children: [{ label: 'c(1)', children: [] }, { label: 'd(1)', children: [] }] },
        { label: 'e(5)', children: [{ label: 'f(5)', children: [] }] },
        { label: 'g(7)', children: [] },
      ],
    };
    expect(drawTree(t)).toEqual([
      'a(1)─┬─b(1)─┬─c(1)',
      '     │      └─d(1)',
      '     ├─e(5)───f(5)',
      '     └─g(7)',
    ]);
  });

  it('folds identical siblings into N*[…], as pstree does', () => {
    const leaf = () => ({ label: 'sleep(8)', children: [] });
    expect(drawTree({ label: 'sh(8)', children: [leaf(), leaf(), leaf()] })).toEqual(['sh(8)───3*[sleep(8)]']);
    expect(drawTree({ label: 'sh(8)', children: [leaf(), leaf(), { label: 'cat(8)', children: [] }] })).toEqual([
      'sh(8)─┬─2*[sleep(8)]',
      '      └─cat(8)',
    ]);
  });
});

const NS = { net: 11, ipc: 12, pid: 13, uts: 14, mnt: 15, cgroup: 16, user: 17 };

describe('podTree', () => {
  it('groups by container, pause first, with in-Pod PGIDs, and names the shared PID namespace', () => {
    const pod: PodSnapshot = {
      pod: 'shared',
      namespace: 'default',
      uid: 'u',
      containers: [
        ctr('POD', 'infra', [proc(100, 90, 'pause', 1)], NS),
        ctr('web', 'container', [proc(200, 91, 'sh', 7), proc(201, 200, 'sleep', 7), proc(202, 200, 'cat', 7)], { ...NS, uts: 24, mnt: 25 }, ['net', 'ipc', 'pid', 'cgroup', 'user']),
        ctr('zombie', 'container', [proc(300, 92, 'sleep', 9), proc(301, 300, 'sh', 9, { state: 'Z' })], { ...NS, uts: 34, mnt: 35 }, ['net', 'ipc', 'pid', 'cgroup', 'user']),
      ],
    };
    expect(podTree(pod)).toBe(
      [
        'pod/shared — one PID namespace for the whole Pod: pause is PID 1',
        '├─POD───pause(1)',
        '├─web───sh(7)─┬─cat(7)',
        '│             └─sleep(7)',
        '└─zombie───sleep(9)───sh <defunct>(9)',
      ].join('\n'),
    );
  });

  it('draws threads in braces with their process\'s group, sorted among child processes by name, identical ones folded', () => {
    const threaded = (pid: number, comm: string, pgid: number, ...names: string[]) => proc(pid, 90, comm, pgid, { threads: names.map((t, i) => ({ tid: pid + 100 + i, comm: t })) });
    const own = (name: string, pid: number, ...procs: ProcessInfo[]) => ctr(name, 'container', procs, { ...NS, pid }, ['net', 'ipc']);
    const pod = { pod: 'syslog', namespace: 'default', uid: 'u', containers: [ctr('POD', 'infra', [proc(100, 90, 'pause', 1)], NS)] };
    pod.containers.push(own('log', 33, threaded(300, 'rsyslogd', 1, 'main', 'imklog', 'imuxsock'), proc(301, 300, 'logger', 1)), own('web', 53, threaded(500, 'httpd', 5, 'worker', 'worker', 'worker')));
    expect(podTree(pod).split('\n').slice(1)).toEqual([
      '├─POD───pause(1)',
      '├─log───rsyslogd(1)─┬─{imklog}(1)',
      '│                   ├─{imuxsock}(1)',
      '│                   ├─logger(1)',
      '│                   └─{main}(1)',
      '└─web───httpd(5)───3*[{worker}(5)]',
    ]);
    expect(podTrees([pod])).toContain('{name}(N): a thread of the process above it');
    expect(podTrees([{ ...pod, containers: pod.containers.slice(0, 1) }])).not.toContain('{name}(N)');
  });

  it('says when each container has its own PID namespace, and shows containers without processes', () => {
    const pod: PodSnapshot = {
      pod: 'private',
      namespace: 'lab',
      uid: 'u',
      containers: [
        ctr('POD', 'infra', [proc(100, 90, 'pause', 1)], NS),
        ctr('init', 'init', [], {}),
        ctr('app', 'container', [proc(200, 91, 'httpd', 1)], { ...NS, pid: 23 }, ['net', 'ipc']),
      ],
    };
    pod.containers[1]!.state = 'exited';
    expect(podTree(pod).split('\n')).toEqual([
      'pod/private (namespace lab) — a PID namespace per container',
      '├─POD───pause(1)',
      '├─init (init) [exited]',
      '└─app───httpd(1)',
    ]);
  });
});

describe('the kernel\'s parentage across containers', () => {
  const SHARED: ContainerSnapshot['sharedWithInfra'] = ['net', 'ipc', 'pid', 'cgroup', 'user'];
  // shared-pid after `podlab exec shared-pid -c orphan-maker -- sh -c '(sleep 60 &)'`: the sleep's
  // subshell exited, so pause (host PID 100) adopted it; it still belongs to orphan-maker.
  const orphaned = (): PodSnapshot => ({
    pod: 'shared-pid',
    namespace: 'default',
    uid: 'u',
    containers: [
      ctr('POD', 'infra', [proc(100, 90, 'pause', 1)], NS),
      ctr('orphan-maker', 'container', [proc(200, 91, 'sleep', 8), proc(260, 100, 'sleep', 47, { nspid: 54, nsppid: 1 })], NS, SHARED),
      ctr('observer', 'container', [proc(210, 92, 'sh', 9), proc(230, 210, 'sleep', 9)], NS, SHARED),
    ],
  });

  it('draws an orphan under pause, marked with the container it belongs to', () => {
    expect(podTree(orphaned()).split('\n')).toEqual([
      'pod/shared-pid — one PID namespace for the whole Pod: pause is PID 1',
      '├─POD───pause(1)───sleep(47) [orphan-maker]',
      '├─orphan-maker───sleep(8)',
      '└─observer───sh(9)───sleep(9)',
    ]);
  });

  it('keeps the adopted process\'s own children unmarked, and says so when a container has only adopted processes', () => {
    const pod = orphaned();
    pod.containers[1]!.processes = [proc(260, 100, 'sh', 47), proc(261, 260, 'sleep', 47)];
    expect(podTree(pod).split('\n').slice(1, 3)).toEqual([
      '├─POD───pause(1)───sh(47) [orphan-maker]───sleep(47)',
      '├─orphan-maker [its processes are drawn under their parents]',
    ]);
  });

  it('ends with a legend: PGIDs as seen in the Pod, the mark when one is drawn, and why pstree -g inside shows only pause', () => {
    const text = podTrees([orphaned()]);
    expect(text).toMatch(/\n\nname\(N\): N is the process group id as seen inside the Pod, as `pstree -g` shows it\.\n/);
    expect(text).toMatch(/^\[c\]: the process belongs to container c, its parent to another one \(pause, PID 1, adopts orphans\)\.$/m);
    expect(text).toMatch(/`pstree -g` shows only pause\(1\)[^]*hang off PID 0:\n`pstree -g 0` draws them all\.$/);
  });

  it('leaves the mark and the shared-namespace note out where they do not apply', () => {
    const pod = orphaned();
    pod.containers[1]!.processes.pop();
    for (const c of pod.containers.slice(1)) c.sharedWithInfra = ['net', 'ipc'];
    const text = podTrees([pod]);
    expect(text).toContain('a PID namespace per container');
    expect(text).toContain('name(N): N is the process group id');
    expect(text).not.toContain('[c]');
    expect(text).not.toContain('pstree -g 0');
  });

  it('prints the parent inside the Pod (NSPPID) next to PPID in the ps table', () => {
    const lines = renderInspect('ps', { takenAt: '', engineCalls: 1, pods: [orphaned()] }, {}).split('\n');
    expect(lines[1]).toMatch(/^CONTAINER\s+PID\s+NSPID\s+PPID\s+NSPPID\s+PGID\s+NSPGID\s+SID\s+STAT\s+COMMAND$/);
    expect(lines.find((l) => l.includes(' 260 '))).toMatch(/^orphan-maker\s+260\s+54\s+100\s+1\s+47\s+47\s+47\s+S\s+sleep$/);
  });
});

describe('nsMatrix', () => {
  it('prints inodes per container, marks what is shared with the infra, and explains UTS', () => {
    const pod: PodSnapshot = {
      pod: 'p',
      namespace: 'default',
      uid: 'u',
      containers: [ctr('POD', 'infra', [], NS), ctr('app', 'container', [], { ...NS, uts: 24, mnt: 25 }, ['net', 'ipc', 'pid', 'cgroup', 'user'])],
    };
    const text = nsMatrix(pod).split('\n');
    expect(text[0]).toBe('pod/p');
    expect(text[1]).toMatch(/^CONTAINER\s+NET\s+IPC\s+PID\s+UTS\s+MNT\s+CGROUP\s+USER$/);
    expect(text[2]).toMatch(/^POD\s+11\s+12\s+13\s+14\s+15\s+16\s+17$/);
    expect(text[3]).toMatch(/^app\s+11 ✓\s+12 ✓\s+13 ✓\s+24\s+25\s+16 ✓\s+17 ✓$/);
    expect(text.join('\n')).toMatch(/uts: Docker cannot join a UTS namespace/);
  });
});
