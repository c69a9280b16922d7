// Every example Pod shipped in labs/examples builds and becomes ready on the real engine, and does
// what its header comment and the README promise: the examples are teaching material, and one that
// does not do what it says teaches the wrong thing. Claims are checked through the README's own
// commands (the bundled CLI) and independently through Docker and /proc.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodSnapshot } from '../../electron/engine/model.js';
import type { PodStatus } from '../../electron/engine/pods/sync/status.js';
import { diedSince, eventually, podlabIn, startedFinished } from './example-tools.js';
import { dockerInspect, httpGet, nsInodes, run, startHarness, type Harness } from './pod-harness.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../labs/examples');
const examples = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
let h: Harness;

beforeAll(async () => {
  h = await startHarness('test-examples');
});
afterAll(async () => {
  await h?.close();
});

const applied = new Map<string, Promise<PodStatus[]>>();

/** Applies a manifest once and waits until each of its Pods is Running and ready; the Pods stay up for the claims. */
function running(yaml: string): Promise<PodStatus[]> {
  const known = applied.get(yaml);
  if (known) return known;
  const up = h.apply(yaml).then((results) => {
    for (const r of results) expect(r.warnings).toEqual([]);
    return Promise.all(results.map((r) => h.waitFor(r.name, (x) => x.phase === 'Running' && x.conditions.every((c) => c.status === 'True'), 'Running and ready')));
  });
  applied.set(yaml, up);
  return up;
}
const example = async (file: string) => (await running(readFileSync(path.join(DIR, file), 'utf8')))[0] as PodStatus;

const podlab = (...args: string[]) => podlabIn(h.stateDir, args);
const idOf = (s: PodStatus, name: string) => [...s.initContainerStatuses, ...s.containerStatuses].find((c) => c.name === name)?.containerId as string;
const snapshot = async (name: string) => (await h.engine.inspect({ name })).pods[0] as PodSnapshot;
const processesOf = (pod: PodSnapshot, name: string) => pod.containers.find((c) => c.name === name)?.processes ?? [];

/** `podlab exec POD -c CTR -- CMD…`: its stdout, or a failure naming what went wrong. */
async function execIn(pod: string, ctr: string, ...cmd: string[]): Promise<string> {
  const r = await podlab('exec', pod, '-c', ctr, '--', ...cmd);
  if (r.code !== 0) throw new Error(`podlab exec ${pod} -c ${ctr} -- ${cmd.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

describe('labs/examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples)('%s applies and every Pod in it becomes Running and ready', async (name) => {
    const pods = await running(readFileSync(path.join(DIR, name), 'utf8'));
    expect(pods.length).toBeGreaterThan(0);
    for (const s of pods) expect([...s.initContainerStatuses, ...s.containerStatuses].every((c) => c.restartCount === 0)).toBe(true);
  });
});

describe('init-and-sidecar.yaml', () => {
  let s: PodStatus;
  beforeAll(async () => {
    s = await example('init-and-sidecar.yaml');
  });

  it('runs the init containers in order, then the sidecar, then the app containers: /shared/events.log and Docker agree', async () => {
    const log = await eventually('five lines in events.log', async () => {
      const lines = (await execIn('init-and-sidecar', 'web', 'cat', '/shared/events.log')).trimEnd().split('\n');
      return lines.length >= 5 ? lines : undefined;
    });
    expect(log.slice(0, 2)).toEqual(['1. init-write-page done', '2. init-check-page done']);
    expect(log.slice(2).sort()).toEqual(['3. log-tail (sidecar) started', '4. ps-watch started', '4. web started']);
    const [write, check, sidecar, web, psWatch] = await Promise.all(['init-write-page', 'init-check-page', 'log-tail', 'web', 'ps-watch'].map((n) => startedFinished(idOf(s, n))));
    expect(write!.finished).toBeLessThanOrEqual(check!.started);
    expect(check!.finished).toBeLessThanOrEqual(sidecar!.started);
    // The sidecar is running, not finished, when the app containers start.
    expect(sidecar!.started).toBeLessThanOrEqual(Math.min(web!.started, psWatch!.started));
    expect(s.initContainerStatuses.find((c) => c.name === 'log-tail')?.state).toHaveProperty('running');
  });

  it('the sidecar follows events.log: `pod logs -c log-tail` prints its lines', async () => {
    const r = await eventually('log-tail printing the app containers\' lines', async () => {
      const x = await podlab('pod', 'logs', 'init-and-sidecar', '-c', 'log-tail');
      return x.stdout.includes('4. web started') && x.stdout.includes('4. ps-watch started') ? x : undefined;
    });
    expect(r.stdout).toMatch(/^1\. init-write-page done\n2\. init-check-page done\n/);
  });

  it('web serves the page both init containers wrote at 127.0.0.1:18080, published by the infra', async () => {
    expect(await httpGet(18080)).toBe('written by init-write-page\nand checked by init-check-page\n');
    const infra = await dockerInspect(s.sandbox?.id as string);
    expect(infra.HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] });
  });

  it('`pod logs -c web` (the README\'s command) shows web\'s start line and the requests it served', async () => {
    await httpGet(18080);
    const r = await eventually('a request in web\'s log', async () => {
      const x = await podlab('pod', 'logs', 'init-and-sidecar', '-c', 'web');
      return x.stderr.includes('response:200') ? x : undefined;
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('4. web started\n');
  });

  it('ps-watch writes its line and lists every process of the Pod, pause as PID 1', async () => {
    const r = await eventually('a listing with every container\'s process', async () => {
      const x = await podlab('pod', 'logs', 'init-and-sidecar', '-c', 'ps-watch');
      const listings = x.stdout.split(/^\s*PID\s+PPID\s+COMMAND$/m);
      return listings.some((l) => /^\s*1\s+0 pause$/m.test(l) && / tail$/m.test(l) && / httpd$/m.test(l)) ? x : undefined;
    });
    // The read-only mount of old: sh: /shared/events.log: Read-only file system.
    expect(r.stderr).toBe('');
    expect(await execIn('init-and-sidecar', 'web', 'cat', '/shared/events.log')).toContain('4. ps-watch started\n');
  });

  it('shares one emptyDir volume and the pause container\'s PID namespace among all containers', async () => {
    const infra = await dockerInspect(s.sandbox?.id as string);
    const names = ['init-write-page', 'init-check-page', 'log-tail', 'web', 'ps-watch'];
    const volumes = await Promise.all(names.map(async (n) => ((await dockerInspect(idOf(s, n))) as unknown as { Mounts: { Name: string; Destination: string }[] }).Mounts));
    const shared = volumes.map((m) => m.filter((x) => x.Destination === '/shared').map((x) => x.Name));
    expect(new Set(shared.flat()).size).toBe(1);
    expect(shared.every((m) => m.length === 1)).toBe(true);
    for (const n of ['log-tail', 'web', 'ps-watch']) expect(nsInodes((await dockerInspect(idOf(s, n))).State.Pid).pid).toBe(nsInodes(infra.State.Pid).pid);
  });

  it('`pod ps --tree` draws each container\'s processes in the one PID namespace', async () => {
    const r = await podlab('pod', 'ps', 'init-and-sidecar', '--tree');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('pod/init-and-sidecar — one PID namespace for the whole Pod: pause is PID 1');
    expect(lines).toContain('├─init-write-page (init) [exited]');
    expect(lines).toContainEqual(expect.stringMatching(/^├─log-tail \(sidecar\)───tail\(\d+\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^├─web───httpd\(\d+\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^└─ps-watch───sh\(\d+\)/));
  });

  it('restarts the sidecar when it exits, and stops it after the app containers', async () => {
    await run('docker', ['kill', idOf(s, 'log-tail')]);
    const after = await h.waitFor('init-and-sidecar', (x) => x.initContainerStatuses.some((c) => c.name === 'log-tail' && c.restartCount === 1 && 'running' in c.state), 'log-tail restarted');
    expect(after.containerStatuses.map((c) => c.restartCount)).toEqual([0, 0]);
    const since = Date.now() / 1000;
    await h.engine.remove({ name: 'init-and-sidecar' }, { graceSeconds: 10 });
    const died = await diedSince(s.uid, since);
    const at = (n: string) => died.indexOf(n);
    expect(at('web')).toBeGreaterThanOrEqual(0);
    expect(at('ps-watch')).toBeGreaterThanOrEqual(0);
    expect(at('log-tail')).toBeGreaterThan(Math.max(at('web'), at('ps-watch')));
  });
});

describe('shared-pid.yaml', () => {
  beforeAll(async () => {
    await example('shared-pid.yaml');
  });

  it('pause is PID 1 and each container sees the others\' processes; first processes have PPID 0', async () => {
    for (const ctr of ['observer', 'orphan-maker']) {
      const rows = await execIn('shared-pid', ctr, 'ps', '-e', '-o', 'pid=,ppid=,args=');
      expect(rows).toMatch(/^\s*1\s+0 \/pause$/m);
      expect(rows).toMatch(/^\s*\d+\s+0 sleep 3600$/m); // orphan-maker
      expect(rows).toMatch(/^\s*\d+\s+0 sh -c sleep 5/m); // observer
    }
  });

  it('observer\'s `pstree -p 0` hangs pause and every first process from ?()', async () => {
    const log = await eventually('observer\'s first report', async () => {
      const x = await podlab('pod', 'logs', 'shared-pid', '-c', 'observer');
      return x.stdout.includes('--- zombies') ? x.stdout : undefined;
    });
    const tree = log.split('--- zombies')[0]?.split('\n').slice(1) ?? [];
    expect(tree[0]).toBe('?()-+-pause(1)');
    expect(tree).toContainEqual(expect.stringMatching(/^ {4}[|`]-sh\(\d+\)---pstree\(\d+\)$/));
    expect(tree).toContainEqual(expect.stringMatching(/^ {4}[|`]-sleep\(\d+\)$/));
  });

  it('pause adopts the orphans and reaps them: no zombie, and `pod ps --tree` draws the adopted sleep under pause', async () => {
    // The example's own `sleep 2` ends and is reaped: orphan-maker keeps only `sleep 3600`.
    await eventually('the orphaned sleep 2 gone', async () => {
      const procs = processesOf(await snapshot('shared-pid'), 'orphan-maker');
      return procs.length === 1 && procs[0]?.args === 'sleep 3600' ? true : undefined;
    });
    const report = await eventually('observer\'s zombie report', async () => (await podlab('pod', 'logs', 'shared-pid', '-c', 'observer')).stdout.split('--- zombies (state Z):\n')[1]);
    // Only ps's header: no process in state Z.
    expect(report.split('\n---')[0]?.trim().split('\n')).toEqual([expect.stringMatching(/^PID\s+PPID\s+STAT\s+COMMAND$/)]);
    await execIn('shared-pid', 'orphan-maker', 'sh', '-c', '(sleep 60 &)');
    const orphan = await eventually('the orphan adopted by pause', async () => processesOf(await snapshot('shared-pid'), 'orphan-maker').find((p) => p.args === 'sleep 60' && p.nsppid === 1));
    const tree = (await podlab('pod', 'ps', 'shared-pid', '--tree')).stdout.split('\n');
    expect(tree[1]).toBe(`├─POD───pause(1)───sleep(${orphan.nspgid}) [orphan-maker]`);
  });

  it('without shareProcessNamespace, the finished sleep stays a zombie of orphan-maker\'s PID 1, `sleep 3600`', async () => {
    const yaml = readFileSync(path.join(DIR, 'shared-pid.yaml'), 'utf8');
    const own = yaml.replace(/^ {2}shareProcessNamespace: true$/m, '  shareProcessNamespace: false').replace(/^ {2}name: shared-pid$/m, '  name: shared-pid-own');
    expect(own.match(/^ {2}(shareProcessNamespace: false|name: shared-pid-own)$/gm)).toHaveLength(2);
    await running(own);
    const zombie = await eventually('a zombie in orphan-maker', async () => processesOf(await snapshot('shared-pid-own'), 'orphan-maker').find((p) => p.state === 'Z'));
    expect(zombie).toMatchObject({ comm: 'sleep', nsppid: 1 });
    const init = processesOf(await snapshot('shared-pid-own'), 'orphan-maker').find((p) => p.nspid === 1);
    expect(init).toMatchObject({ args: 'sleep 3600', pid: zombie.ppid });
    expect((await podlab('pod', 'ps', 'shared-pid-own', '--tree')).stdout).toMatch(/^├─orphan-maker───sleep\(1\)───sleep <defunct>\(1\)$/m);
  });
});

describe('two-containers.yaml', () => {
  beforeAll(async () => {
    await example('two-containers.yaml');
  });

  it('client reaches web at localhost:8080', async () => {
    const log = await eventually('the page in client\'s log', async () => {
      const x = await podlab('pod', 'logs', 'two-containers', '-c', 'client');
      return x.stdout.includes('hello from the web container') ? x.stdout : undefined;
    });
    expect(log).toMatch(/^hello from the web container$/m);
  });

  it('both containers see the same interfaces and address, and one port space', async () => {
    expect(await execIn('two-containers', 'client', 'ip', 'addr')).toBe(await execIn('two-containers', 'web', 'ip', 'addr'));
    const second = await podlab('exec', 'two-containers', '-c', 'client', '--', 'timeout', '5', 'httpd', '-f', '-p', '8080');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('bind: Address already in use');
  });
});
