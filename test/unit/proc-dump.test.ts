// The inspector's pure parts: the helper's answer parsed, joined with the observed Pods into a
// snapshot, the request line, the script itself (run by the host's bash), and the watch pacing.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assembleSnapshot, liveContainerIds, mainProcess, sandboxContainers } from '../../electron/engine/inspect/assemble.js';
import { helperCreateBody } from '../../electron/engine/inspect/helper.js';
import { deniedProcesses, parseNamespaceLink, parseProcDump, type DumpedProcess } from '../../electron/engine/inspect/proc-dump.js';
import { helperScript, requestLine } from '../../electron/engine/inspect/proc-script.js';
import type { Snapshot } from '../../electron/engine/inspect/snapshot.js';
import { pollSnapshots, snapshotKey } from '../../electron/engine/inspect/watch.js';
import { pod } from './observed-pod.js';

const T = '\t';
const P = (...f: (string | number)[]) => ['P', ...f].join(T);
const N = (pid: number, type: string, link: string) => ['N', `/proc/${pid}/ns`, type, link].join(T);
const nsLines = (pid: number, inodes: Record<string, number>) => Object.entries(inodes).map(([t, i]) => N(pid, t, `${t}:[${i}]`));

describe('parseProcDump', () => {
  it('reads processes, namespace links and the end marker', () => {
    const text = [
      P('c1', 7691, 'S', 7671, 7691, 7691, 400535, '7691,1', '7691,1', 'pause', '/pause'),
      P('c2', 7772, 'S', 7756, 7756, 7756, 400572, '7772,14', '7756,7', 'cat', 'cat'),
      N(7691, 'net', 'net:[4026532184]'),
      N(7691, 'pid_for_children', 'pid:[4026532183]'),
      N(7691, 'uts', 'uts:[4026532181]'),
      'E\t3',
    ].join('\n');
    const dump = parseProcDump(text);
    expect(dump.seq).toBe(3);
    expect(dump.processes).toEqual([
      { containerId: 'c1', pid: 7691, state: 'S', ppid: 7671, pgid: 7691, sid: 7691, startTime: 400535, nspids: [7691, 1], nspgids: [7691, 1], comm: 'pause', args: '/pause' },
      { containerId: 'c2', pid: 7772, state: 'S', ppid: 7756, pgid: 7756, sid: 7756, startTime: 400572, nspids: [7772, 14], nspgids: [7756, 7], comm: 'cat', args: 'cat' },
    ]);
    // *_for_children links are not namespaces of the process itself.
    expect(dump.namespaces.get(7691)).toEqual({ inodes: { net: 4026532184, uts: 4026532181 }, unreadable: [] });
  });

  it('keeps names with spaces and parentheses, and empty arguments (a zombie)', () => {
    const dump = parseProcDump(
      [P('c', 10, 'S', 1, 10, 10, 5, '10', '10', 'a b) (c', '/tmp/a b) (c -c sleep 1; :'), P('c', 11, 'Z', 10, 10, 10, 6, '11,8', '10,1', 'sleep', '')].join('\n'),
    );
    expect(dump.processes.map((p) => [p.comm, p.args, p.state])).toEqual([
      ['a b) (c', '/tmp/a b) (c -c sleep 1; :', 'S'],
      ['sleep', '', 'Z'],
    ]);
  });

  it('accepts a kernel without NSpid, and skips lines a vanished process left half-written', () => {
    const dump = parseProcDump(
      [
        P('c', 20, 'S', 1, 20, 20, 9, '', '', 'old', 'old'),
        P('c', 21, '', '', '', '', '', '', '', '', ''), // stat gone between two reads
        'P\tc\t22\tS', // cut short
        P('c', 'x', 'S', 1, 1, 1, 1, '1', '1', 'bad', 'bad'),
        N(23, 'net', 'garbage'),
        'N\t/elsewhere\tnet\tnet:[1]',
        'something else',
        '',
      ].join('\n'),
    );
    expect(dump.processes.map((p) => [p.pid, p.nspids])).toEqual([[20, []]]);
    expect(dump.namespaces.get(23)).toEqual({ inodes: {}, unreadable: ['net'] });
    expect(dump.namespaces.size).toBe(1);
    expect(dump.seq).toBeUndefined();
  });

  it('gives each process its other threads, and drops a thread line that does not parse', () => {
    const dump = parseProcDump(
      [
        P('c', 30, 'S', 1, 30, 30, 9, '30,1', '30,1', 'rsyslogd', 'rsyslogd'),
        ['T', 30, 33, 'main'].join(T),
        ['T', 30, 31, 'imklog'].join(T),
        ['T', 30, 32, 'im uxsock'].join(T),
        ['T', 30, 30, 'rsyslogd'].join(T), // the main thread is the process itself
        ['T', 30, 'x', 'bad'].join(T),
        ['T', 30, 34].join(T),
        'E\t1',
      ].join('\n'),
    );
    expect(dump.threads.get(30)).toEqual([
      { tid: 33, comm: 'main' },
      { tid: 31, comm: 'imklog' },
      { tid: 32, comm: 'im uxsock' },
    ]);
    expect(dump.threads.size).toBe(1);
  });

  it('parses a namespace link', () => {
    expect(parseNamespaceLink('net:[4026532184]')).toEqual(['net', 4026532184]);
    expect(parseNamespaceLink('')).toBeUndefined();
    expect(parseNamespaceLink('/proc/1/ns/net')).toBeUndefined();
  });
});

describe('deniedProcesses', () => {
  it('tells missing privileges from a zombie and from a process that is gone', () => {
    const dump = parseProcDump(
      [
        P('c', 1, 'S', 0, 1, 1, 1, '1', '1', 'denied', 'x'),
        P('c', 2, 'Z', 1, 1, 1, 2, '2', '1', 'zombie', ''),
        P('c', 3, 'S', 1, 1, 1, 3, '3', '1', 'gone', 'x'),
        P('c', 4, 'S', 1, 1, 1, 4, '4', '1', 'fine', 'x'),
        ...['net', 'pid', 'user'].map((t) => N(1, t, '')),
        N(2, 'net', ''),
        N(2, 'pid', 'pid:[5]'),
        N(4, 'net', 'net:[7]'),
        P('c', 5, 'S', 1, 1, 1, 5, '5', '1', 'unlistable', 'x'),
        'D\t5',
      ].join('\n'),
    );
    expect(dump.unlistable).toEqual([5]);
    expect(deniedProcesses(dump).map((d) => [d.process.comm, d.capability])).toEqual([
      ['denied', 'SYS_PTRACE'],
      ['unlistable', 'DAC_READ_SEARCH'],
    ]);
  });
});

describe('requestLine', () => {
  it('names the sequence number and full container ids', () => {
    const id = 'a'.repeat(64);
    expect(requestLine(4, [id, 'b'.repeat(64)])).toBe(`4 ${id} ${'b'.repeat(64)}\n`);
    expect(() => requestLine(1, ['abc'])).toThrow(/full container id/);
    expect(() => requestLine(1, [`${id}\n1 ${id}`])).toThrow();
  });
});

describe('the helper container', () => {
  it('asks for the fewest privileges that read namespace links, and cleans up after itself', () => {
    const body = helperCreateBody({ image: 'podlab/toolbox:1', home: 'abc123', idleSeconds: 120 });
    expect(body.name).toMatch(new RegExp(`^podlab-inspector-abc123-${process.pid}-[0-9a-f]{6}$`));
    expect(body.Labels).toEqual({ 'io.podlab.owned': 'true', 'io.podlab.home': 'abc123', 'io.podlab.role': 'inspector' });
    expect(body.HostConfig).toMatchObject({
      PidMode: 'host',
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      CapAdd: ['SYS_PTRACE', 'DAC_READ_SEARCH'],
      AutoRemove: true,
      RestartPolicy: { Name: 'no' },
    });
    expect(body).toMatchObject({ OpenStdin: true, StdinOnce: true, AttachStdin: true, Tty: false });
    expect(body.Cmd?.slice(0, 2)).toEqual(['bash', '-c']);
  });
});

/** Runs the helper script with the host's bash (no container processes match here). */
function runScript(input: string, idleSeconds = 5): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', helperScript(idleSeconds)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ out, code }));
    child.stdin.end(input);
  });
}

describe('the helper script', () => {
  it('says it is ready, answers every request with its end marker, and exits on EOF', async () => {
    const { out, code } = await runScript(`1 ${'0'.repeat(64)}\n2 ${'f'.repeat(64)} ${'e'.repeat(64)}\n`);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^R\t\d+\.\d+/);
    expect(lines.slice(1)).toEqual(['E\t1', 'E\t2']);
    expect(code).toBe(0);
  });

  it('exits by itself when no request comes', async () => {
    const child = spawn('bash', ['-c', helperScript(1)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).not.toBeNull();
    child.stdin.destroy();
  });
});

// ——— Assembly ———

const sharedYaml = `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  shareProcessNamespace: true
  initContainers:
  - {name: setup, image: podlab/toolbox:1}
  containers:
  - {name: app, image: podlab/toolbox:1}
  - {name: side, image: podlab/toolbox:1}
`;

const POD_NS = { net: 4026532184, ipc: 4026532182, pid: 4026532183, uts: 4026532181, mnt: 4026532180, cgroup: 4026531835, user: 4026531837, time: 4026531834 };

function proc(containerId: string, pid: number, ppid: number, o: Partial<DumpedProcess> & { ns?: number[] } = {}): string {
  const nspids = o.nspids ?? o.ns ?? [pid];
  return P(containerId, pid, o.state ?? 'S', ppid, o.pgid ?? pid, o.sid ?? pid, o.startTime ?? pid, nspids.join(','), (o.nspgids ?? [o.pgid ?? pid]).join(','), o.comm ?? 'sh', o.args ?? `cmd ${pid}`);
}

describe('assembleSnapshot', () => {
  const fixture = pod(sharedYaml)
    .withSandbox({ state: 'exited' })
    .withContainer('app', { state: 'exited', sandbox: 0 })
    .withSandbox()
    .withContainer('setup', { state: 'exited', exitCode: 0 })
    // Listed out of spec order, and restarted once: only the newest instance counts.
    .withContainer('side', { state: 'exited', exitCode: 1 })
    .withContainer('side')
    .withContainer('app');
  const observed = fixture.build();
  const infra = observed.sandboxes[1]!;
  const app = observed.containers.find((c) => c.podContainer === 'app' && c.state === 'running')!;
  const side = observed.containers.find((c) => c.podContainer === 'side' && c.state === 'running')!;
  const staleApp = observed.containers[0]!;

  const text = [
    proc(infra.id, 100, 50, { ns: [100, 1], comm: 'pause', args: '/pause', startTime: 10 }),
    // app: a shell started by the shim (60) with a pipeline; an exec'd shell started later but has a lower PID (PID wrap).
    proc(app.id, 200, 60, { ns: [200, 7], startTime: 20, args: 'sh -c sleep 1000 | cat' }),
    proc(app.id, 201, 200, { ns: [201, 13], pgid: 200, nspgids: [200, 7], sid: 200, startTime: 21, comm: 'sleep', args: 'sleep 1000' }),
    proc(app.id, 202, 200, { ns: [202, 14], pgid: 200, nspgids: [200, 7], sid: 200, startTime: 21, comm: 'cat', args: 'cat' }),
    proc(app.id, 150, 60, { ns: [150, 30], startTime: 90, args: 'sh' }),
    // side: its main process, and an orphan re-parented to pause (same PID namespace).
    proc(side.id, 300, 61, { ns: [300, 20], startTime: 30, args: 'sleep 1000' }),
    // Two more threads of it, listed out of order.
    ['T', 300, 305, 'worker'].join(T),
    ['T', 300, 304, 'imklog'].join(T),
    proc(side.id, 301, 100, { ns: [301, 22], startTime: 31, args: 'sleep 5' }),
    proc(side.id, 302, 300, { ns: [302, 23], state: 'Z', startTime: 32, comm: 'sleep', args: '' }),
    // A stale entry of a container that is no longer running must not show.
    proc(staleApp.id, 400, 1, {}),
    ...nsLines(100, POD_NS),
    ...nsLines(200, { ...POD_NS, uts: 1001, mnt: 1002 }),
    ...nsLines(201, { ...POD_NS, uts: 1001, mnt: 1002 }),
    ...nsLines(202, { ...POD_NS, uts: 1001, mnt: 1002 }),
    ...nsLines(150, { ...POD_NS, uts: 1001, mnt: 1002 }),
    ...nsLines(300, { ...POD_NS, uts: 2001, mnt: 2002 }),
    ...nsLines(301, { ...POD_NS, uts: 2001, mnt: 2002 }),
    N(302, 'pid', `pid:[${POD_NS.pid}]`),
    N(302, 'user', `user:[${POD_NS.user}]`),
    N(302, 'net', ''),
    'E\t1',
  ].join('\n');

  const [snap] = assembleSnapshot([observed], parseProcDump(text));

  it('orders pause, init containers, then containers in spec order, newest instance of the current sandbox', () => {
    expect(snap?.containers.map((c) => [c.name, c.role, c.state, c.id])).toEqual([
      ['POD', 'infra', 'running', infra.id],
      ['setup', 'init', 'exited', observed.containers.find((c) => c.podContainer === 'setup')!.id],
      ['app', 'container', 'running', app.id],
      ['side', 'container', 'running', side.id],
    ]);
    expect(snap).toMatchObject({ pod: 'web', namespace: 'default', uid: observed.uid });
    expect(snap?.containers[1]).toMatchObject({ pid: 0, processes: [], namespaces: {}, sharedWithInfra: [] });
    expect(sandboxContainers(observed).map((c) => c.id)).not.toContain(staleApp.id);
    expect(liveContainerIds([observed])).toEqual([infra.id, app.id, side.id]);
  });

  it('takes the earliest process whose parent is outside the container as its main one', () => {
    expect(snap?.containers.map((c) => c.pid)).toEqual([100, 0, 200, 300]);
  });

  it('gives each process its own and its namespace view of PIDs, groups and parents', () => {
    const appC = snap!.containers[2]!;
    expect(appC.processes.map((p) => p.pid)).toEqual([150, 200, 201, 202]);
    expect(appC.processes.find((p) => p.pid === 201)).toEqual({
      pid: 201,
      nspid: 13,
      ppid: 200,
      pgid: 200,
      sid: 200,
      nspgid: 7,
      nsppid: 7,
      state: 'S',
      comm: 'sleep',
      args: 'sleep 1000',
      threads: [],
    });
    // The shim is outside the PID namespace: no parent inside.
    expect(appC.processes.find((p) => p.pid === 200)?.nsppid).toBe(0);
    const sideC = snap!.containers[3]!;
    // An orphan's new parent is pause, PID 1 of the shared namespace.
    expect(sideC.processes.find((p) => p.pid === 301)).toMatchObject({ ppid: 100, nsppid: 1 });
    // Threads are the process's own, in tid order; a single-threaded process has none.
    expect(sideC.processes.find((p) => p.pid === 300)?.threads).toEqual([
      { tid: 304, comm: 'imklog' },
      { tid: 305, comm: 'worker' },
    ]);
    expect(sideC.processes.find((p) => p.pid === 301)?.threads).toEqual([]);
    // A zombie keeps its container, its state and its PID namespace (for nsppid).
    expect(sideC.processes.find((p) => p.pid === 302)).toMatchObject({ state: 'Z', args: '', nsppid: 20 });
  });

  it('reports the main process namespaces and which ones equal the infra’s', () => {
    const [pause, , appC] = snap!.containers;
    expect(pause?.namespaces).toEqual(POD_NS);
    expect(pause?.sharedWithInfra).toEqual(['net', 'ipc', 'pid', 'uts', 'mnt', 'cgroup', 'user', 'time']);
    expect(appC?.namespaces).toEqual({ ...POD_NS, uts: 1001, mnt: 1002 });
    expect(appC?.sharedWithInfra).toEqual(['net', 'ipc', 'pid', 'cgroup', 'user', 'time']);
    // Keys in one fixed order, so equal snapshots serialize equally.
    expect(Object.keys(appC!.namespaces)).toEqual(['net', 'ipc', 'pid', 'uts', 'mnt', 'cgroup', 'user', 'time']);
  });

  it('finds no parent inside for a private PID namespace, and handles a Pod without sandbox', () => {
    const priv = pod(sharedYaml.replace('shareProcessNamespace: true', 'shareProcessNamespace: false')).withSandbox().withContainer('app').build();
    const a = priv.containers[0]!;
    const dump = parseProcDump(
      [
        proc(a.id, 500, 60, { ns: [500, 1], startTime: 1 }),
        proc(a.id, 501, 500, { ns: [501, 2], startTime: 2 }),
        ...nsLines(500, { pid: 9 }),
        ...nsLines(501, { pid: 9 }),
      ].join('\n'),
    );
    const [s] = assembleSnapshot([priv], dump);
    expect(s?.containers[1]?.processes.map((p) => [p.nspid, p.nsppid])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(s?.containers[0]).toMatchObject({ name: 'POD', pid: 0, processes: [] });
    const none = pod(sharedYaml).build();
    expect(assembleSnapshot([none], dump)).toEqual([{ pod: 'web', namespace: 'default', uid: none.uid, containers: [] }]);
  });

  it('treats a process in the helper’s own PID namespace (hostPID) as seeing its parent', () => {
    const host = pod(sharedYaml).withSandbox().build();
    const dump = parseProcDump([proc(host.sandboxes[0]!.id, 700, 650, { ns: [700] })].join('\n'));
    expect(assembleSnapshot([host], dump)[0]?.containers[0]?.processes[0]).toMatchObject({ nspid: 700, nsppid: 650 });
  });
});

describe('mainProcess', () => {
  const p = (pid: number, ppid: number, startTime: number) => parseProcDump(proc('c', pid, ppid, { startTime })).processes[0]!;
  it('prefers the earliest start, then the lowest PID', () => {
    expect(mainProcess([p(50, 1, 9), p(60, 1, 5), p(61, 60, 6)])?.pid).toBe(60);
    expect(mainProcess([p(70, 1, 5), p(60, 1, 5)])?.pid).toBe(60);
    expect(mainProcess([])).toBeUndefined();
  });
});

// ——— Watch ———

function snapshotOf(args: string, takenAt = new Date().toISOString(), engineCalls = 1): Snapshot {
  return {
    takenAt,
    engineCalls,
    pods: [{ pod: 'p', namespace: 'default', uid: 'u', containers: [{ name: 'app', role: 'container', id: 'i', dockerName: 'd', state: 'running', pid: 1, namespaces: {}, sharedWithInfra: [], processes: [{ pid: 1, nspid: 1, ppid: 0, pgid: 1, sid: 1, nspgid: 1, nsppid: 0, state: 'S', comm: 'x', args, threads: [] }] }] }],
  };
}

describe('pollSnapshots', () => {
  it('ignores takenAt and engineCalls when deciding what changed', () => {
    expect(snapshotKey(snapshotOf('a', 'then', 4))).toBe(snapshotKey(snapshotOf('a', 'now', 1)));
    expect(snapshotKey(snapshotOf('a'))).not.toBe(snapshotKey(snapshotOf('b')));
  });

  it('calls the listener on the first snapshot and on changes only, and stops when unsubscribed', async () => {
    const sequence = ['a', 'a', 'b', 'b', 'b', 'c'];
    let takes = 0;
    const seen: string[] = [];
    const errors: unknown[] = [];
    let stop: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      stop = pollSnapshots(
        async () => {
          const i = takes++;
          if (i === 1) throw new Error('boom');
          if (i >= sequence.length) resolve();
          return snapshotOf(sequence[Math.min(i, sequence.length - 1)]!);
        },
        (s) => seen.push(s.pods[0]!.containers[0]!.processes[0]!.args),
        { intervalMs: 5, onError: (e) => errors.push(e) },
      );
    });
    await done;
    stop();
    const after = takes;
    await new Promise((r) => setTimeout(r, 50));
    expect(takes).toBe(after);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(errors).toHaveLength(1);
  });
});
