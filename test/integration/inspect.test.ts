// The inspector against real Pods. Every fact it reports is checked around it: the host's /proc
// (this engine runs on this machine), `docker inspect`, and `ps` inside the container.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodlabError } from '../../electron/engine/base/errors.js';
import { Inspector } from '../../electron/engine/inspect/inspector.js';
import type { ContainerSnapshot, PodSnapshot, ProcessInfo, Snapshot } from '../../electron/engine/inspect/snapshot.js';
import { testDocker } from './docker.js';
import { NS_TYPES, dockerExec, dockerInspect, nsInodes, run, startHarness, type Harness } from './pod-harness.js';

const TOOLBOX = 'podlab/toolbox:1';
let h: Harness;
const inspectors: Inspector[] = [];

const sharedYaml = `
apiVersion: v1
kind: Pod
metadata: {name: shared}
spec:
  shareProcessNamespace: true
  terminationGracePeriodSeconds: 0
  initContainers:
  - {name: setup, image: ${TOOLBOX}, command: ['true']}
  containers:
  - {name: pipe, image: ${TOOLBOX}, command: [sh, -c, 'sleep 1000 | cat']}
  - name: orphans
    image: ${TOOLBOX}
    command: [sh, -c, '(sleep 1001 &) ; exec sleep 1004']
  - name: odd
    image: ${TOOLBOX}
    command: [sh, -c, 'cp /bin/bash "/tmp/a b) (c" && exec "/tmp/a b) (c" -c "sleep 1002; :"']
`;

const privateYaml = `
apiVersion: v1
kind: Pod
metadata: {name: private}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: plain, image: ${TOOLBOX}, command: [sleep, '1000']}
  - name: zombie
    image: ${TOOLBOX}
    command: [sh, -c, '(sleep 0.2 &) ; exec sleep 1000']
  - {name: syslog, image: ${TOOLBOX}, command: [rsyslogd]}
`;

const smallYaml = (i: number) => `
apiVersion: v1
kind: Pod
metadata: {name: small-${i}}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: app, image: ${TOOLBOX}, command: [sleep, '1000']}
`;

const ready = (s: { phase: string; ready: string; containerStatuses: unknown[] }) =>
  s.phase === 'Running' && s.ready === `${s.containerStatuses.length}/${s.containerStatuses.length}`;

/** Engine API calls and writes on hijacked (attach) connections of one dockerode client. */
interface Wire {
  calls: number;
  writes: number;
}

type Dial = (opts: { hijack?: boolean }, cb: (err: unknown, data: unknown) => void) => void;

/** An Inspector on its own Docker client whose traffic is counted on the wire. */
function countedInspector(opts: ConstructorParameters<typeof Inspector>[1] = {}, toolboxImage?: string): { inspector: Inspector; wire: Wire } {
  const docker = testDocker();
  const wire: Wire = { calls: 0, writes: 0 };
  const modem = docker.modem as unknown as { dial: Dial };
  const dial = modem.dial.bind(modem);
  modem.dial = (o, cb) => {
    wire.calls++;
    if (!o.hijack) return dial(o, cb);
    dial(o, (err, sock) => {
      const s = sock as { write: (...a: unknown[]) => boolean } | undefined;
      if (s) {
        const write = s.write.bind(s);
        s.write = (...a: unknown[]) => {
          wire.writes++;
          return write(...a);
        };
      }
      cb(err, sock);
    });
  };
  const rt = { ...h.engine.rt, docker, config: { ...h.engine.rt.config, ...(toolboxImage ? { toolboxImage } : {}) } };
  const inspector = new Inspector(rt, opts);
  inspectors.push(inspector);
  return { inspector, wire };
}

async function helpers(): Promise<string[]> {
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', 'label=io.podlab.role=inspector', '--filter', `label=io.podlab.home=${h.engine.rt.home}`]);
  return stdout.split('\n').filter(Boolean);
}

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The host's own view of a process: /proc/<pid>/stat and status. */
function hostProc(pid: number): { state: string; ppid: number; pgid: number; sid: number; nspid: number[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const nspid = (/^NSpid:\s*(.*)$/m.exec(status)?.[1] ?? '').split(/\s+/).filter(Boolean).map(Number);
    return { state: f[0] as string, ppid: Number(f[1]), pgid: Number(f[2]), sid: Number(f[3]), nspid };
  } catch {
    return undefined;
  }
}

/** readlink /proc/<pid>/ns/<type> on the host; undefined once the process is gone. */
function hostLink(pid: number, type: string): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/${type}`);
  } catch {
    return undefined;
  }
}

function pod(s: Snapshot, name: string): PodSnapshot {
  const p = s.pods.find((x) => x.pod === name);
  if (!p) throw new Error(`no pod ${name} in the snapshot: ${s.pods.map((x) => x.pod).join(', ')}`);
  return p;
}

function ctr(p: PodSnapshot, name: string): ContainerSnapshot {
  const c = p.containers.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${p.pod}`);
  return c;
}

function proc(c: ContainerSnapshot, args: string): ProcessInfo {
  const p = c.processes.find((x) => x.args === args);
  if (!p) throw new Error(`no process "${args}" in ${c.name}: ${JSON.stringify(c.processes)}`);
  return p;
}

let main: { inspector: Inspector; wire: Wire };

beforeAll(async () => {
  h = await startHarness('test-inspect');
  await h.apply([sharedYaml, privateYaml, ...[0, 1, 2, 3, 4].map(smallYaml)].join('---\n'));
  for (const name of ['shared', 'private', 'small-0', 'small-1', 'small-2', 'small-3', 'small-4']) await h.waitFor(name, ready, 'ready');
  main = countedInspector();
});

afterAll(async () => {
  for (const i of inspectors) await i.close().catch(() => undefined);
  const left = h ? await helpers() : [];
  await h?.close();
  // No helper container outlives the tests.
  expect(left).toEqual([]);
});

describe('a shared-PID Pod', () => {
  let snap: Snapshot;
  let p: PodSnapshot;
  beforeAll(async () => {
    // The odd-named process and the zombie-maker's child need a moment after "ready".
    snap = await until('the processes of every container', async () => {
      const s = await main.inspector.snapshot();
      const sh = pod(s, 'shared');
      const odd = ctr(sh, 'odd').processes.some((x) => x.args === 'sleep 1002');
      return odd && ctr(pod(s, 'private'), 'zombie').processes.some((x) => x.state === 'Z') ? s : undefined;
    });
    p = pod(snap, 'shared');
  });

  it('lists pause first, then init containers, then containers in spec order', () => {
    expect(p.containers.map((c) => [c.name, c.role])).toEqual([
      ['POD', 'infra'],
      ['setup', 'init'],
      ['pipe', 'container'],
      ['orphans', 'container'],
      ['odd', 'container'],
    ]);
    const setup = ctr(p, 'setup');
    expect(setup.state).toBe('exited');
    expect(setup.processes).toEqual([]);
    expect(setup.pid).toBe(0);
  });

  it('names each container main process as docker inspect does', async () => {
    for (const c of p.containers.filter((x) => x.state === 'running')) {
      const info = await dockerInspect(c.id);
      expect(c.pid, c.name).toBe(info.State.Pid);
      expect(c.dockerName).toBe(info.Name.replace(/^\//, ''));
    }
  });

  it('shows pause as PID 1 in every container view and one PID namespace for all', () => {
    const pause = ctr(p, 'POD');
    expect(pause.processes).toHaveLength(1);
    expect(pause.processes[0]).toMatchObject({ nspid: 1, comm: 'pause', args: '/pause', pid: pause.pid });
    const pidNs = pause.namespaces.pid;
    expect(pidNs).toBeGreaterThan(0);
    for (const c of p.containers.filter((x) => x.state === 'running')) {
      expect(c.namespaces.pid, c.name).toBe(pidNs);
      expect(c.sharedWithInfra, c.name).toContain('pid');
      // Every process's own PID namespace, read on the host, is the Pod's one.
      for (const x of c.processes) expect(hostLink(x.pid, 'pid') ?? `pid:[${pidNs}]`, `${c.name} ${x.args}`).toBe(`pid:[${pidNs}]`);
    }
    for (const c of p.containers.filter((x) => x.state === 'running' && x.name !== 'POD')) {
      // Each main process hangs off its shim (outside the namespace), so its parent is invisible inside.
      const mainProc = c.processes.find((x) => x.pid === c.pid) as ProcessInfo;
      expect(mainProc.nspid).toBeGreaterThan(1);
      expect(mainProc.nsppid).toBe(0);
    }
  });

  it('reports every process as the host /proc sees it', () => {
    let checked = 0;
    for (const c of p.containers) {
      for (const x of c.processes) {
        const host = hostProc(x.pid);
        if (!host) continue; // exited since
        checked++;
        expect({ ppid: x.ppid, pgid: x.pgid, sid: x.sid, nspid: x.nspid }, `${c.name} ${x.args}`).toEqual({
          ppid: host.ppid,
          pgid: host.pgid,
          sid: host.sid,
          nspid: host.nspid[host.nspid.length - 1],
        });
        expect(x.state).toBe(host.state);
      }
    }
    // pause, sh | sleep | cat, the orphan and its sibling, the odd bash and its sleep
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('puts a pipeline in one process group: the shell’s, as ps inside shows', async () => {
    const c = ctr(p, 'pipe');
    const sh = proc(c, 'sh -c sleep 1000 | cat');
    const sleep = proc(c, 'sleep 1000');
    const cat = proc(c, 'cat');
    // A non-interactive shell has no job control: the pipeline stays in the shell's group.
    expect(sleep.pgid).toBe(cat.pgid);
    expect(sleep.pgid).toBe(sh.pgid);
    expect(sh.pgid).toBe(sh.pid);
    expect(sleep.nspgid).toBe(sh.nspid);
    expect(sleep.nsppid).toBe(sh.nspid);
    expect(cat.nsppid).toBe(sh.nspid);
    // ps inside the container, in the Pod's PID namespace.
    const ps = await dockerExec(c.id, ['ps', '-eo', 'pid=,pgid=,args=']);
    const inside = new Map(
      ps
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .map(([pid, pgid, ...args]) => [args.join(' '), { pid: Number(pid), pgid: Number(pgid) }]),
    );
    expect(inside.get('sleep 1000')).toEqual({ pid: sleep.nspid, pgid: sleep.nspgid });
    expect(inside.get('cat')).toEqual({ pid: cat.nspid, pgid: cat.nspgid });
    expect(inside.get('/pause')).toEqual({ pid: 1, pgid: 1 });
  });

  it('reads a name with spaces and parentheses exactly', () => {
    const c = ctr(p, 'odd');
    const bash = c.processes.find((x) => x.pid === c.pid) as ProcessInfo;
    expect(bash.comm).toBe(readFileSync(`/proc/${bash.pid}/comm`, 'utf8').replace(/\n$/, ''));
    expect(bash.comm).toBe('a b) (c');
    expect(bash.args).toBe('/tmp/a b) (c -c sleep 1002; :');
  });

  it('gives a matrix equal to /proc/<pid>/ns/* of each container, read on the host', () => {
    for (const c of p.containers.filter((x) => x.state === 'running')) {
      const host = nsInodes(c.pid);
      for (const t of NS_TYPES) expect(`${t}:[${c.namespaces[t]}]`, `${c.name} ${t}`).toBe(host[t]);
      for (const t of ['user', 'time'] as const) expect(`${t}:[${c.namespaces[t]}]`, `${c.name} ${t}`).toBe(hostLink(c.pid, t));
    }
    for (const c of p.containers.filter((x) => x.state === 'running' && x.name !== 'POD')) {
      expect(c.sharedWithInfra, c.name).toEqual(expect.arrayContaining(['net', 'ipc', 'pid']));
      // Docker cannot join a UTS namespace, and every container has its own root filesystem.
      expect(c.sharedWithInfra, c.name).not.toContain('uts');
      expect(c.sharedWithInfra, c.name).not.toContain('mnt');
      expect(c.namespaces.uts).not.toBe(ctr(p, 'POD').namespaces.uts);
    }
  });

  it('sees an orphan re-parented to pause, and pause reaping it (no zombie left)', async () => {
    const pause = ctr(p, 'POD');
    const c = ctr(p, 'orphans');
    const orphan = proc(c, 'sleep 1001');
    expect(orphan.ppid).toBe(pause.pid);
    expect(hostProc(orphan.pid)?.ppid).toBe(pause.pid);
    expect(orphan.nsppid).toBe(1);
    await dockerExec(c.id, ['kill', String(orphan.nspid)]);
    // Reaped: gone from the host's /proc, not a zombie.
    await until('the orphan to be reaped', () => (hostProc(orphan.pid) === undefined ? true : undefined));
    const after = pod(await main.inspector.snapshot({ name: 'shared' }), 'shared');
    const all = after.containers.flatMap((x) => x.processes);
    expect(all.find((x) => x.pid === orphan.pid)).toBeUndefined();
    expect(all.filter((x) => x.state === 'Z')).toEqual([]);
  });
});

describe('a Pod without a shared PID namespace', () => {
  it('gives each container its own PID namespace with its main process as PID 1', async () => {
    const p = pod(await main.inspector.snapshot({ name: 'private' }), 'private');
    const inodes = new Set<number | undefined>();
    for (const c of p.containers) {
      expect(c.state, c.name).toBe('running');
      const info = await dockerInspect(c.id);
      expect(c.pid).toBe(info.State.Pid);
      expect(`pid:[${c.namespaces.pid}]`).toBe(nsInodes(c.pid).pid);
      expect(c.sharedWithInfra, c.name).toEqual(c.name === 'POD' ? expect.any(Array) : expect.not.arrayContaining(['pid']));
      inodes.add(c.namespaces.pid);
      const mainProc = c.processes.find((x) => x.pid === c.pid) as ProcessInfo;
      expect(mainProc.nspid, c.name).toBe(1);
      expect(hostProc(c.pid)?.nspid.at(-1)).toBe(1);
    }
    expect(inodes.size).toBe(p.containers.length);
  });

  it('shows the zombie a non-reaping PID 1 leaves, with its container', async () => {
    const p = pod(await main.inspector.snapshot({ name: 'private' }), 'private');
    const c = ctr(p, 'zombie');
    const z = c.processes.find((x) => x.state === 'Z') as ProcessInfo;
    expect(z).toMatchObject({ comm: 'sleep', args: '', ppid: c.pid, nsppid: 1 });
    expect(hostProc(z.pid)).toMatchObject({ state: 'Z', ppid: c.pid });
  });
});

describe('threads', () => {
  it('lists the other threads of a process by tid with their names, as the host /proc/<pid>/task shows them', async () => {
    // The toolbox's rsyslogd names its threads imklog, imuxsock and main right after starting them.
    const names = (x: ProcessInfo | undefined) => x?.threads.map((t) => t.comm).join(',');
    const p = await until('rsyslogd with its three named threads', async () => {
      const s = pod(await main.inspector.snapshot({ name: 'private' }), 'private');
      return names(ctr(s, 'syslog').processes[0]) === 'imklog,imuxsock,main' ? s : undefined;
    });
    const c = ctr(p, 'syslog');
    const rs = c.processes.find((x) => x.pid === c.pid) as ProcessInfo;
    expect(rs).toMatchObject({ comm: 'rsyslogd', nspid: 1, args: 'rsyslogd' });
    expect(rs.threads.map((t) => t.tid)).toEqual(
      readdirSync(`/proc/${rs.pid}/task`)
        .map(Number)
        .filter((t) => t !== rs.pid)
        .sort((a, b) => a - b),
    );
    for (const t of rs.threads) expect(readFileSync(`/proc/${rs.pid}/task/${t.tid}/comm`, 'utf8')).toBe(`${t.comm}\n`);
    // A single-threaded process has none, pause included.
    const others = p.containers.flatMap((x) => x.processes).filter((x) => x.pid !== rs.pid);
    expect(others.length).toBeGreaterThanOrEqual(3);
    for (const x of others) expect(x.threads, x.comm).toEqual([]);
  });
});

describe('cost of a refresh', () => {
  it('is the same number of engine calls for 1 Pod and for all 7', async () => {
    const { inspector, wire } = countedInspector();
    const first = await inspector.snapshot({ name: 'small-0' });
    expect(first.engineCalls).toBe(4); // list + create, attach, start of the helper
    expect(wire.calls).toBe(4);
    const measure = async (sel: { name?: string }) => {
      const before = { ...wire };
      const s = await inspector.snapshot(sel);
      return { s, calls: wire.calls - before.calls, writes: wire.writes - before.writes };
    };
    const one = await measure({ name: 'small-0' });
    const all = await measure({});
    expect(one.s.pods).toHaveLength(1);
    expect(all.s.pods.length).toBe(7);
    expect(all.s.pods.map((x) => x.pod)).toEqual(['private', 'shared', 'small-0', 'small-1', 'small-2', 'small-3', 'small-4']);
    expect(one.s.engineCalls).toBe(all.s.engineCalls);
    expect(one.calls).toBe(all.calls);
    expect(all.calls).toBe(all.s.engineCalls);
    expect(all.calls).toBe(1);
    // One request line each, on the open attach connection.
    expect(one.writes).toBe(1);
    expect(all.writes).toBe(1);
  });
});

describe('watch', () => {
  it('reports changes only, and stops asking once unsubscribed', async () => {
    const { inspector, wire } = countedInspector();
    const seen: Snapshot[] = [];
    const errors: unknown[] = [];
    const stop = inspector.watch((s) => seen.push(s), { intervalMs: 150, sel: { name: 'small-1' }, onError: (e) => errors.push(e) });
    await until('the first snapshot', () => (seen.length ? true : undefined));
    // Several refreshes with nothing new: no call.
    const writes0 = wire.writes;
    await until('three more refreshes', () => (wire.writes >= writes0 + 3 ? true : undefined));
    expect(seen).toHaveLength(1);
    // A new process in the container is a change.
    const c = ctr(pod(seen[0] as Snapshot, 'small-1'), 'app');
    await run('docker', ['exec', '-d', c.id, 'sleep', '999']);
    // (A refresh may first catch `runc init` on its way to exec: that is a change too.)
    const changed = await until('the new process', () =>
      seen.map((x) => ctr(pod(x, 'small-1'), 'app')).find((a) => a.processes.some((x) => x.args === 'sleep 999')),
    );
    const exec = proc(changed, 'sleep 999');
    expect(exec.nspid).toBeGreaterThan(1);
    expect(hostProc(exec.pid)?.ppid).toBe(exec.ppid);
    stop();
    const after = { ...wire };
    await new Promise((r) => setTimeout(r, 700));
    expect(wire).toEqual(after);
    expect(errors).toEqual([]);
    await inspector.close();
  });
});

describe('the helper container', () => {
  it('is removed by close(), and comes back on the next snapshot', async () => {
    const { inspector } = countedInspector();
    const before = await helpers();
    await inspector.snapshot({ name: 'small-2' });
    const running = (await helpers()).filter((id) => !before.includes(id));
    expect(running).toHaveLength(1);
    const info = await dockerInspect(running[0] as string);
    expect(info.Config.Labels).toMatchObject({ 'io.podlab.owned': 'true', 'io.podlab.home': h.engine.rt.home, 'io.podlab.role': 'inspector' });
    expect(info.HostConfig).toMatchObject({ PidMode: 'host', NetworkMode: 'none', ReadonlyRootfs: true, CapDrop: ['ALL'], AutoRemove: true });
    expect((info.HostConfig.CapAdd as string[]).map((x) => x.replace(/^CAP_/, '')).sort()).toEqual(['DAC_READ_SEARCH', 'SYS_PTRACE']);
    await inspector.close();
    expect(await helpers()).toEqual(before);
    const again = await inspector.snapshot({ name: 'small-2' });
    expect(again.engineCalls).toBe(4);
    expect(ctr(pod(again, 'small-2'), 'app').processes).toHaveLength(1);
    await inspector.close();
    expect(await helpers()).toEqual(before);
  });

  it('starts no helper for a snapshot that close() overtook', async () => {
    const { inspector } = countedInspector();
    const before = await helpers();
    const pending = inspector.snapshot({ name: 'small-2' }).then(
      () => 'resolved',
      (e: unknown) => (e as Error).message,
    );
    await inspector.close();
    expect(await pending).toMatch(/closed while this snapshot/);
    expect(await helpers()).toEqual(before);
  });

  it('is recreated when something removed it', async () => {
    const { inspector } = countedInspector();
    const before = await helpers();
    await inspector.snapshot({ name: 'small-3' });
    const mine = (await helpers()).filter((id) => !before.includes(id));
    await run('docker', ['rm', '-f', ...mine]);
    const s = await inspector.snapshot({ name: 'small-3' });
    expect(s.engineCalls).toBe(4);
    expect(ctr(pod(s, 'small-3'), 'app').processes.map((x) => x.args)).toEqual(['sleep 1000']);
    await inspector.close();
  });

  it('says how to get a missing image', async () => {
    const { inspector } = countedInspector({}, 'podlab/not-here:0');
    const err = await inspector.snapshot({ name: 'small-4' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodlabError);
    expect((err as PodlabError).code).toBe('IMAGE_MISSING');
    expect((err as PodlabError).hint).toMatch(/podlab images build/);
  });

  it.each([
    ['SYS_PTRACE', 'DAC_READ_SEARCH'],
    ['DAC_READ_SEARCH', 'SYS_PTRACE'],
  ])('says which capability is missing when it has only CAP_%s', async (has, missing) => {
    // pause runs as uid 65535: reading its namespaces needs both capabilities.
    const { inspector } = countedInspector({ helperCapabilities: [has] });
    const err = await inspector.snapshot({ name: 'small-4' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodlabError);
    expect((err as PodlabError).code).toBe('DOCKER_REFUSED');
    expect((err as PodlabError).message).toContain(`lacks CAP_${missing}`);
    expect((err as PodlabError).message).toContain('(pause)');
    expect((err as PodlabError).hint).toMatch(/CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH.*VM/);
    await inspector.close();
  });

  it('fails a request that gets no answer in time, with a hint, and leaves no helper', async () => {
    const { inspector } = countedInspector({ requestTimeoutMs: 1 });
    const before = await helpers();
    const err = await inspector.snapshot({ name: 'small-4' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodlabError);
    expect((err as PodlabError).message).toMatch(/did not answer/);
    expect((err as PodlabError).hint).toMatch(/try again/);
    await until('the stuck helper to be removed', async () => ((await helpers()).length <= before.length ? true : undefined));
  });
});
