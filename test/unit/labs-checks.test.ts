// The declarative checks of a lab step, as pure functions over a built snapshot, Pod statuses and
// by-hand containers: each passes or fails, and says in both languages what it expected and saw.
import { describe, expect, it } from 'vitest';
import type { ContainerSnapshot, PodSnapshot, ProcessInfo } from '../../electron/engine/inspect/snapshot.js';
import type { PodStatus } from '../../electron/engine/pods/sync/status.js';
import { evaluatePure } from '../../electron/engine/labs/checks/evaluate.js';
import { checkSchema, tagCheck } from '../../electron/engine/labs/checks/schema.js';
import type { ByHandContainer, CheckResult, CheckWorld } from '../../electron/engine/labs/checks/world.js';

function proc(pid: number, comm: string, pgid: number, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return { pid: 1000 + pid, nspid: pid, ppid: 0, pgid: 1000 + pgid, sid: 1000 + pgid, nspgid: pgid, nsppid: 0, state: 'S', comm, args: comm, threads: [], ...extra };
}

function ctr(name: string, processes: ProcessInfo[], ns: ContainerSnapshot['namespaces']): ContainerSnapshot {
  return { name, role: name === 'POD' ? 'infra' : 'container', id: `${name}-id`, dockerName: `k8s_${name}`, state: 'running', pid: processes[0]?.pid ?? 0, namespaces: ns, sharedWithInfra: [], processes };
}

const NS = { net: 11, ipc: 12, pid: 13, uts: 14, mnt: 15, cgroup: 16 };

/** Pod pg with one PID namespace: pause, an app (sh + sleep), a shell running `sleep 1000 | cat`, and a zombie. */
const pg: PodSnapshot = {
  pod: 'pg',
  namespace: 'default',
  uid: 'u1',
  containers: [
    ctr('POD', [proc(1, 'pause', 1)], NS),
    ctr('app', [proc(7, 'sh', 7, { args: 'sh -c while true; do sleep 86400; done' }), proc(9, 'sleep', 7, { args: 'sleep 86400' })], { ...NS, uts: 24, mnt: 25 }),
    ctr('shell', [proc(20, 'sleep', 20, { args: 'sleep 2147483' }), proc(30, 'sleep', 30, { args: 'sleep 1000' }), proc(31, 'cat', 30), proc(40, 'sh', 40, { state: 'Z', args: '' })], { ...NS, net: 99, uts: 34, mnt: 35 }),
  ],
};

function status(name: string, o: Partial<PodStatus> = {}): PodStatus {
  return {
    name, namespace: 'default', uid: 'u1', group: 'lab', phase: 'Running', display: 'Running', conditions: [], hostNetwork: false, sandboxAttempt: 0, sandboxReason: 'Created',
    initContainerStatuses: [],
    containerStatuses: [
      { name: 'app', role: 'container', image: 'podlab/toolbox:1', state: { running: { startedAt: 't' } }, ready: true, started: true, restartCount: 2 },
      { name: 'shell', role: 'container', image: 'podlab/toolbox:1', state: { terminated: { exitCode: 137, reason: 'Error' } }, ready: false, started: false, restartCount: 0 },
    ],
    ready: '1/2', restarts: 2, createdAt: 't', ...o,
  };
}

const hand = (name: string, net: number, running = true): ByHandContainer => ({ name, id: `${name}-id`, running, namespaces: running ? { net } : {}, adopted: true });

const world: CheckWorld = { pods: [status('pg', { sandboxAttempt: 1, sandboxReason: 'SandboxChanged' })], snapshot: [pg], byHand: [hand('lab-b', 11), hand('lab-a', 11), hand('lab-c', 77), hand('lab-d', 0, false)] };

function check(yaml: Record<string, unknown>, w: CheckWorld = world): CheckResult {
  const r = evaluatePure(tagCheck(checkSchema.parse(yaml)), w);
  if (!r) throw new Error('not a declarative check');
  return r;
}

describe('Pod status checks', () => {
  it('podPhase compares the phase, or kubectl STATUS with display', () => {
    expect(check({ podPhase: { pod: 'pg', phase: 'Running' } })).toEqual({ pass: true, message: { en: 'expected Pod pg in phase Running; saw Running (STATUS Running)', zh: '期望Pod pg 处于 Running；实际Running（STATUS Running）' } });
    expect(check({ podPhase: { pod: 'pg', phase: 'Succeeded' } }).pass).toBe(false);
    expect(check({ podPhase: { pod: 'pg', display: 'Init:Error' } }, { ...world, pods: [status('pg', { phase: 'Pending', display: 'Init:Error' })] }).pass).toBe(true);
    expect(check({ podPhase: { pod: 'web', phase: 'Running' } }).message.en).toBe('expected Pod web in phase Running; saw no Pod "web" (is the lab started? `podlab lab start`)');
  });

  it('container: running or not, restarted at least N times', () => {
    expect(check({ container: { pod: 'pg', container: 'app', running: true, restartsAtLeast: 2 } }).pass).toBe(true);
    expect(check({ container: { pod: 'pg', container: 'app', restartsAtLeast: 3 } })).toEqual({
      pass: false,
      message: { en: 'expected container app of Pod pg restarted at least 3 time(s); saw running, RESTARTS 2', zh: '期望Pod pg 的容器 app至少重启过 3 次；实际running, RESTARTS 2' },
    });
    expect(check({ container: { pod: 'pg', container: 'shell', running: false } }).pass).toBe(true);
    expect(check({ container: { pod: 'pg', container: 'shell', running: true } }).message.en).toContain('saw terminated (Error, exit 137)');
  });

  it('sandbox: the attempt reached N', () => {
    expect(check({ sandbox: { pod: 'pg', attemptAtLeast: 1 } }).pass).toBe(true);
    expect(check({ sandbox: { pod: 'pg', attemptAtLeast: 2 } }).message.en).toBe('expected the sandbox of Pod pg rebuilt at least 2 time(s) (attempt ≥ 2); saw attempt 1 (SandboxChanged)');
  });
});

describe('namespace checks', () => {
  it('namespaces: shared when every inode is one, not shared otherwise; POD is the infra', () => {
    expect(check({ namespaces: { pod: 'pg', containers: ['POD', 'app'], type: 'net', shared: true } }).pass).toBe(true);
    expect(check({ namespaces: { pod: 'pg', containers: ['app', 'shell'], type: 'net', shared: true } })).toEqual({
      pass: false,
      message: { en: 'expected app, shell of Pod pg in one net namespace; saw net inodes app: 11, shell: 99', zh: '期望Pod pg 的 app, shell 共享同一个 net Namespace；实际net inodes app: 11, shell: 99' },
    });
    expect(check({ namespaces: { pod: 'pg', containers: ['app', 'shell'], type: 'uts', shared: false } }).pass).toBe(true);
    expect(check({ namespaces: { pod: 'pg', containers: ['app', 'gone'], type: 'net', shared: false } }).message.en).toContain('gone: not running');
  });

  it('joined: a by-hand container in the namespace of another by-hand container or of a Pod container', () => {
    expect(check({ joined: { container: 'lab-a', to: 'lab-b' } }).pass).toBe(true);
    expect(check({ joined: { container: 'lab-a', to: { pod: 'pg', container: 'POD' } } }).pass).toBe(true);
    expect(check({ joined: { container: 'lab-c', to: 'lab-b', namespace: 'net' } }).message.en).toBe('expected container lab-c in the net namespace of lab-b; saw net inodes lab-c: 77, lab-b: 11');
    expect(check({ joined: { container: 'lab-d', to: 'lab-b' } }).message.en).toContain('no running container lab-d');
    expect(check({ joined: { container: 'lab-a', to: 'lab-d' } }).message.zh).toBe('期望容器 lab-a 加入 lab-d 的 net Namespace；实际lab-d 没有运行');
  });
});

describe('process checks', () => {
  it('finds a process by name or command, in a container or the whole Pod', () => {
    expect(check({ process: { pod: 'pg', command: 'sleep 1000' } }).pass).toBe(true);
    expect(check({ process: { pod: 'pg', container: 'app', command: 'sleep 1000' } }).message.en).toBe(
      'expected a process running "sleep 1000" in container app of Pod pg; saw no such process; container app of Pod pg runs sh, sleep',
    );
  });

  it('pid1: PID 1 of its PID namespace', () => {
    expect(check({ process: { pod: 'pg', name: 'pause', pid1: true } }).pass).toBe(true);
    expect(check({ process: { pod: 'pg', name: 'sh', pid1: true } }).pass).toBe(false);
  });

  it('sameGroupAs: one process group with another process', () => {
    expect(check({ process: { pod: 'pg', command: 'sleep 1000', sameGroupAs: { name: 'cat' } } }).pass).toBe(true);
    const apart = check({ process: { pod: 'pg', command: 'sleep 86400', sameGroupAs: { name: 'cat' } } });
    expect(apart.pass).toBe(false);
    expect(apart.message.en).toBe(
      'expected a process running "sleep 86400" in Pod pg, in one process group with "cat"; saw sh(pid 7, pgid 7), sleep(pid 9, pgid 7) (0 as expected); "cat": cat(pid 31, pgid 30)',
    );
  });

  it('count bounds the matches; a zombie is no running process', () => {
    expect(check({ process: { pod: 'pg', name: 'sleep', count: { atLeast: 3, atMost: 3 } } }).pass).toBe(true);
    expect(check({ process: { pod: 'pg', name: 'cat', count: { atMost: 0 } } }).pass).toBe(false);
    expect(check({ process: { pod: 'pg', name: 'tail', count: { atMost: 0 } } }).pass).toBe(true);
    expect(check({ process: { pod: 'pg', container: 'shell', name: 'sh' } }).pass).toBe(false);
  });

  it('zombies: counted in a Pod or a container', () => {
    expect(check({ zombies: { pod: 'pg', atLeast: 1 } })).toEqual({
      pass: true,
      message: { en: 'expected at least 1 zombie processes in Pod pg; saw 1 zombie(s): sh(pid 40, pgid 40, zombie)', zh: '期望Pod pg 中有至少 1 个僵尸进程；实际1 个僵尸进程：sh(pid 40, pgid 40, zombie)' },
    });
    expect(check({ zombies: { pod: 'pg', container: 'app', atLeast: 1 } }).pass).toBe(false);
    expect(check({ zombies: { pod: 'pg', atMost: 0 } }).pass).toBe(false);
  });
});

describe('the check format', () => {
  it('takes exactly one predicate, with its fields checked', () => {
    expect(checkSchema.safeParse({}).success).toBe(false);
    expect(checkSchema.safeParse({ podPhase: { pod: 'a', phase: 'Running' }, sandbox: { pod: 'a', attemptAtLeast: 1 } }).success).toBe(false);
    expect(checkSchema.safeParse({ process: { pod: 'a' } }).success).toBe(false);
    expect(checkSchema.safeParse({ script: { run: 'true' } }).success).toBe(false);
    expect(checkSchema.safeParse({ script: { host: true, run: 'true' } }).success).toBe(true);
    expect(evaluatePure(tagCheck(checkSchema.parse({ script: { host: true, run: 'true' } })), world)).toBeUndefined();
  });
});
