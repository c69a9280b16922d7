// The Pod engine against the real Docker engine: what a Pod becomes (checked with docker inspect
// and /proc, not with the engine's own view), init order, shared volumes, restarts, sandbox rebuilds.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodlabError } from '../../electron/engine/base/errors.js';
import type { ContainerStatus, PodStatus } from '../../electron/engine/pods/sync/status.js';
import { dockerExec, dockerInspect, httpGet as get, leftovers, nsInodes, run, startHarness, type Harness } from './pod-harness.js';

const TOOLBOX = 'podlab/toolbox:1';
const PORT = 20000 + (process.pid % 5000);
let h: Harness;

beforeAll(async () => {
  h = await startHarness('test-pods');
});
afterAll(async () => {
  await h?.close();
});

function byName(s: PodStatus, name: string): ContainerStatus {
  const c = [...s.initContainerStatuses, ...s.containerStatuses].find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${s.name}`);
  return c;
}

const ready = (s: PodStatus) => s.phase === 'Running' && s.ready === `${s.containerStatuses.length}/${s.containerStatuses.length}`;

async function getWithRetry(port: number): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      return await get(port);
    } catch (err) {
      if (i > 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const sharedPodYaml = `
apiVersion: v1
kind: Pod
metadata: {name: shared, labels: {app: shared}}
spec:
  shareProcessNamespace: true
  terminationGracePeriodSeconds: 1
  initContainers:
  - name: first
    image: ${TOOLBOX}
    command: [sh, -c, 'echo first >> /data/order']
    volumeMounts: [{name: data, mountPath: /data}]
  - name: second
    image: ${TOOLBOX}
    command: [sh, -c, 'test "$(tail -n1 /data/order)" = first && echo second >> /data/order && mkdir -p /data/www && echo hello-from-the-pod > /data/www/index.html']
    volumeMounts: [{name: data, mountPath: /data}]
  containers:
  - name: web
    image: ${TOOLBOX}
    command: [httpd, -f, -p, '8080', -h, /data/www]
    ports: [{containerPort: 8080, hostPort: ${PORT}}]
    volumeMounts: [{name: data, mountPath: /data}]
  - name: shell
    image: ${TOOLBOX}
    command: [sleep, '100000']
    volumeMounts: [{name: data, mountPath: /data, readOnly: true}]
  volumes:
  - name: data
    emptyDir: {}
`;

describe('a Pod with init containers, a shared emptyDir, shared PID and a hostPort', () => {
  let status: PodStatus;
  beforeAll(async () => {
    const [res] = await h.apply(sharedPodYaml);
    expect(res?.outcome).toBe('created');
    status = await h.waitFor('shared', ready, 'Running with 2/2 ready');
  });

  it('ran the init containers in order, each exiting 0, before the app containers', async () => {
    expect(byName(status, 'first').state).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed' } });
    expect(byName(status, 'second').state).toMatchObject({ terminated: { exitCode: 0 } });
    expect(await dockerExec(byName(status, 'shell').containerId as string, ['cat', '/data/order'])).toBe('first\nsecond\n');
    const firstDone = Date.parse((byName(status, 'first').state as { terminated: { finishedAt: string } }).terminated.finishedAt);
    const secondStart = Date.parse((byName(status, 'second').state as { terminated: { startedAt: string } }).terminated.startedAt);
    const webStart = Date.parse((byName(status, 'web').state as { running: { startedAt: string } }).running.startedAt);
    expect(secondStart).toBeGreaterThanOrEqual(firstDone);
    expect(webStart).toBeGreaterThanOrEqual(secondStart);
  });

  it('shares net, ipc and pid with the infra (inodes read from /proc on the host), but not uts or mnt', async () => {
    const infra = await dockerInspect(status.sandbox?.id as string);
    const web = await dockerInspect(byName(status, 'web').containerId as string);
    const shell = await dockerInspect(byName(status, 'shell').containerId as string);
    const [ni, nw, ns] = [nsInodes(infra.State.Pid), nsInodes(web.State.Pid), nsInodes(shell.State.Pid)];
    for (const t of ['net', 'ipc', 'pid'] as const) {
      expect(nw[t]).toBe(ni[t]);
      expect(ns[t]).toBe(ni[t]);
    }
    expect(nw.uts).not.toBe(ni.uts); // Docker has no UTS join: a copy of the hostname, not the namespace
    expect(nw.mnt).not.toBe(ni.mnt);
  });

  it('makes pause PID 1 for every container', async () => {
    const shell = byName(status, 'shell').containerId as string;
    expect(await dockerExec(shell, ['cat', '/proc/1/cmdline'])).toBe('/pause\0');
    const ps = await dockerExec(shell, ['ps', '-eo', 'pid,comm']);
    expect(ps).toMatch(/^\s*1 pause$/m);
    expect(ps).toMatch(/httpd/); // the web container's process, seen from the shell container
  });

  it('builds the infra and joins as the kubelet does (docker inspect)', async () => {
    const infra = await dockerInspect(status.sandbox?.id as string);
    expect(infra.HostConfig.IpcMode).toBe('shareable');
    expect(infra.Config.Hostname).toBe('shared');
    expect(infra.HostConfig.RestartPolicy.Name).toBe('no');
    expect(infra.HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '', HostPort: String(PORT) }] });
    expect(infra.Config.Labels['io.kubernetes.docker.type']).toBe('podsandbox');
    const web = await dockerInspect(byName(status, 'web').containerId as string);
    const join = `container:${infra.Id}`; // Docker resolves the infra's name to its id
    expect(web.HostConfig.NetworkMode).toBe(join);
    expect(web.HostConfig.IpcMode).toBe(join);
    expect(web.HostConfig.PidMode).toBe(join);
    expect(web.HostConfig.RestartPolicy.Name).toBe('no');
    expect(web.HostConfig.PortBindings ?? {}).toEqual({});
    expect(web.Config.Labels).toMatchObject({
      'io.podlab.owned': 'true',
      'io.podlab.group': 'test-pods',
      'io.kubernetes.pod.name': 'shared',
      'io.kubernetes.container.name': 'web',
    });
  });

  it('answers on the hostPort, and the containers reach each other on localhost', async () => {
    expect(await getWithRetry(PORT)).toBe('hello-from-the-pod\n');
    const viaLocalhost = await dockerExec(byName(status, 'shell').containerId as string, ['wget', '-qO-', 'http://127.0.0.1:8080/']);
    expect(viaLocalhost).toBe('hello-from-the-pod\n');
  });

  it('mounts readOnly mounts read-only', async () => {
    await expect(dockerExec(byName(status, 'shell').containerId as string, ['sh', '-c', 'echo x > /data/x'])).rejects.toThrow(/Read-only/i);
  });

  it('is unchanged on a second apply, refuses a changed spec, and replaces it with force', async () => {
    const [again] = await h.apply(sharedPodYaml);
    expect(again).toMatchObject({ outcome: 'unchanged', uid: status.uid });
    const changed = sharedPodYaml.replace("labels: {app: shared}", 'labels: {app: shared2}');
    // The refusal names what changed, computed from the stored spec.
    await expect(h.apply(changed)).rejects.toMatchObject({
      code: 'POD_CONFLICT',
      message: expect.stringMatching(/different spec \(1 field changed\)$/) as unknown,
      details: [expect.objectContaining({ message: 'metadata.labels.app: shared → shared2' })],
    });
    expect((await h.status('shared'))?.uid).toBe(status.uid);
  });

  it('rebuilds the whole Pod when the infra is killed: attempt + 1, init containers again, and says why', async () => {
    const before = status;
    await dockerInspect(before.sandbox?.id as string);
    await run('docker', ['kill', before.sandbox?.id as string]);
    const after = await h.waitFor('shared', (s) => s.sandboxAttempt === 1 && ready(s), 'sandbox attempt 1 running');
    expect(after.uid).toBe(before.uid);
    expect(after.sandbox?.id).not.toBe(before.sandbox?.id);
    expect(after.sandboxReason).toMatch(/^SandboxChanged: infra container .* exited with code 137/);
    expect(byName(after, 'first').containerId).not.toBe(byName(before, 'first').containerId);
    expect(byName(after, 'web').restartCount).toBe(1);
    // The old sandbox's network namespace is gone: the new web container joined the new infra.
    const web = await dockerInspect(byName(after, 'web').containerId as string);
    expect(web.HostConfig.NetworkMode).toBe(`container:${after.sandbox?.id}`);
    // emptyDir outlives the sandbox, as in Kubernetes: the init containers ran again and appended.
    expect(await dockerExec(byName(after, 'shell').containerId as string, ['cat', '/data/order'])).toBe('first\nsecond\nfirst\nsecond\n');
    expect(await getWithRetry(PORT)).toBe('hello-from-the-pod\n');
    const d = await h.engine.describe('shared');
    expect(d.events.map((e) => e.reason)).toContain('SandboxChanged');
    expect(d.events.find((e) => e.reason === 'SandboxChanged')?.message).toMatch(/exited with code 137/);
  });
});

describe('Pods without shareProcessNamespace', () => {
  it('give each container its own PID namespace, where its own command is PID 1', async () => {
    await h.apply(`
apiVersion: v1
kind: Pod
metadata: {name: private-pid}
spec:
  terminationGracePeriodSeconds: 0
  hostname: custom-host
  containers:
  - {name: a, image: ${TOOLBOX}, command: [sleep, '100000']}
  - {name: b, image: ${TOOLBOX}, command: [sleep, '100001']}
`);
    const s = await h.waitFor('private-pid', ready, 'Running');
    const infra = await dockerInspect(s.sandbox?.id as string);
    const a = await dockerInspect(byName(s, 'a').containerId as string);
    const b = await dockerInspect(byName(s, 'b').containerId as string);
    const [ni, na, nb] = [nsInodes(infra.State.Pid), nsInodes(a.State.Pid), nsInodes(b.State.Pid)];
    expect(na.net).toBe(ni.net);
    expect(nb.ipc).toBe(ni.ipc);
    expect(new Set([ni.pid, na.pid, nb.pid]).size).toBe(3);
    expect(a.HostConfig.PidMode).toBe('');
    expect(await dockerExec(a.Id, ['cat', '/proc/1/cmdline'])).toBe('sleep\x00100000\x00');
    // The hostname is copied from the infra at create time (UTS itself is not shared).
    expect((await dockerExec(b.Id, ['hostname'])).trim()).toBe('custom-host');
  });
});

describe('emptyDir medium: Memory', () => {
  it('is one tmpfs for the whole Pod: what an init container wrote is there for the app containers', async () => {
    await h.apply(`
apiVersion: v1
kind: Pod
metadata: {name: mem}
spec:
  terminationGracePeriodSeconds: 0
  initContainers:
  - {name: writer, image: ${TOOLBOX}, command: [sh, -c, 'echo kept-in-ram > /cache/note'], volumeMounts: [{name: cache, mountPath: /cache}]}
  containers:
  - {name: reader, image: ${TOOLBOX}, command: [sleep, '100000'], volumeMounts: [{name: cache, mountPath: /cache}]}
  volumes:
  - {name: cache, emptyDir: {medium: Memory, sizeLimit: 16Mi}}
`);
    const s = await h.waitFor('mem', ready, 'Running');
    const reader = byName(s, 'reader').containerId as string;
    expect(await dockerExec(reader, ['cat', '/cache/note'])).toBe('kept-in-ram\n');
    expect(await dockerExec(reader, ['sh', '-c', "grep ' /cache ' /proc/mounts"])).toMatch(/^tmpfs \/cache tmpfs/);
  });
});

describe('restart policies and back-off', () => {
  it('restarts a crashing container (first at once, then with back-off) and reports CrashLoopBackOff', async () => {
    await h.apply(`
apiVersion: v1
kind: Pod
metadata: {name: crasher}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: app, image: ${TOOLBOX}, command: [sh, -c, 'echo try; exit 3']}
`);
    const s = await h.waitFor('crasher', (x) => byName(x, 'app').restartCount >= 1 && x.display === 'CrashLoopBackOff', 'a restart and then back-off');
    const app = byName(s, 'app');
    expect(app.lastState).toMatchObject({ terminated: { exitCode: 3, reason: 'Error' } });
    const d = await h.engine.describe('crasher');
    const backoff = d.events.find((e) => e.reason === 'BackOff');
    expect(backoff?.message).toMatch(/next try in (9|10)s/);
    // Only the newest instance and the one before it are kept (for `logs --previous`).
    expect(d.docker.filter((c) => c.podContainer === 'app').length).toBeLessThanOrEqual(2);
  });

  it('restartPolicy OnFailure: a container exiting 0 completes the Pod (Succeeded)', async () => {
    await h.apply(`
apiVersion: v1
kind: Pod
metadata: {name: job}
spec:
  restartPolicy: OnFailure
  containers:
  - {name: work, image: ${TOOLBOX}, command: [sh, -c, 'echo done']}
`);
    const s = await h.waitFor('job', (x) => x.phase === 'Succeeded', 'Succeeded');
    expect(s.display).toBe('Completed');
    expect(byName(s, 'work').restartCount).toBe(0);
  });

  it('restartPolicy Never: a failing init container fails the Pod and no app container is created', async () => {
    await h.apply(`
apiVersion: v1
kind: Pod
metadata: {name: broken-init}
spec:
  restartPolicy: Never
  initContainers:
  - {name: check, image: ${TOOLBOX}, command: [sh, -c, 'exit 7']}
  containers:
  - {name: app, image: ${TOOLBOX}, command: [sleep, '100000']}
`);
    const s = await h.waitFor('broken-init', (x) => x.phase === 'Failed', 'Failed');
    expect(s.display).toBe('Init:Error');
    expect(byName(s, 'check').state).toMatchObject({ terminated: { exitCode: 7 } });
    expect(byName(s, 'app').containerId).toBeUndefined();
    await h.supervisor?.idle();
    const d = await h.engine.describe('broken-init');
    expect(d.docker.map((c) => c.podContainer).sort()).toEqual(['POD', 'check']);
  });
});

describe('native sidecars (init containers with restartPolicy: Always)', () => {
  it('start before the next init container, keep running beside the app, and stop once the app completes', async () => {
    await h.apply(`
apiVersion: v1
kind: Pod
metadata: {name: sidecar}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  initContainers:
  - name: logger
    image: ${TOOLBOX}
    restartPolicy: Always
    command: [sh, -c, 'touch /shared/logger-up; exec sleep 100000']
    volumeMounts: [{name: shared, mountPath: /shared}]
  - name: needs-logger
    image: ${TOOLBOX}
    command: [sh, -c, 'test -f /shared/logger-up']
    volumeMounts: [{name: shared, mountPath: /shared}]
  containers:
  - name: main
    image: ${TOOLBOX}
    command: [sh, -c, 'sleep 1; echo main-done']
  volumes: [{name: shared, emptyDir: {}}]
`);
    const running = await h.waitFor('sidecar', (x) => 'running' in byName(x, 'main').state, 'main running');
    expect(byName(running, 'logger').state).toHaveProperty('running');
    expect(byName(running, 'needs-logger').state).toMatchObject({ terminated: { exitCode: 0 } });
    const done = await h.waitFor('sidecar', (x) => x.phase === 'Succeeded' && !('running' in byName(x, 'logger').state), 'Succeeded with the sidecar stopped');
    expect(byName(done, 'main').state).toMatchObject({ terminated: { exitCode: 0 } });
  });
});

describe('describe events', () => {
  it('read in causal order: applied and pulled, the sandbox, then init containers, the sidecar and the app, each Created before Started', async () => {
    await h.apply(`
apiVersion: v1
kind: Pod
metadata: {name: order}
spec:
  terminationGracePeriodSeconds: 0
  initContainers:
  - {name: first, image: ${TOOLBOX}, command: [sh, -c, 'true']}
  - {name: side, image: ${TOOLBOX}, restartPolicy: Always, command: [sleep, '100000']}
  - {name: second, image: ${TOOLBOX}, command: [sh, -c, 'true']}
  containers:
  - {name: app, image: ${TOOLBOX}, command: [sleep, '100000']}
`);
    await h.waitFor('order', (s) => s.phase === 'Running' && s.conditions.every((c) => c.status === 'True'), 'Running and ready');
    const seq = (await h.engine.describe('order')).events.map((e) => `${e.reason} ${e.object}`);
    const at = (ev: string) => {
      const i = seq.indexOf(ev);
      if (i < 0) throw new Error(`no "${ev}" in ${seq.join(', ')}`);
      return i;
    };
    const sandbox = at('SandboxReady pod');
    expect(seq.slice(0, sandbox).sort()).toEqual(['Applied pod', 'Pulled app', 'Pulled first', 'Pulled second', 'Pulled side']);
    const order = ['first', 'side', 'second', 'app'];
    for (const c of order) {
      expect(at(`Created ${c}`), `${c} created after the sandbox is ready`).toBeGreaterThan(sandbox);
      expect(at(`Started ${c}`), `${c} started after it was created`).toBeGreaterThan(at(`Created ${c}`));
    }
    // Init containers strictly one after the other, the app last.
    for (const [a, b] of [['first', 'side'], ['side', 'second'], ['second', 'app']] as const) {
      expect(at(`Created ${b}`), `${b} created after ${a} started`).toBeGreaterThan(at(`Started ${a}`));
    }
  });
});

describe('state lives in Docker', () => {
  it('a supervisor started later repairs what happened while none ran (the infra died meanwhile)', async () => {
    const { loadConfig } = await import('../../electron/engine/base/config.js');
    const { Engine } = await import('../../electron/engine/engine.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    // A home of its own, with no supervisor at first.
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-late-'));
    const engine = await Engine.connect(loadConfig(process.env, { stateDir }));
    try {
      const { parsePodManifests } = await import('../../electron/engine/pods/manifest/parse.js');
      const yaml = `apiVersion: v1\nkind: Pod\nmetadata: {name: late}\nspec:\n  terminationGracePeriodSeconds: 0\n  containers:\n  - {name: a, image: ${TOOLBOX}, command: [sleep, '100000']}\n`;
      await engine.apply(parsePodManifests(yaml, 'late.yaml'), { group: 'test-late' });
      const [before] = await engine.list();
      await run('docker', ['kill', before?.sandbox?.id as string]);
      expect((await engine.list())[0]?.sandbox?.state).toBe('exited');
      const held = await engine.startSupervisor();
      try {
        let after = (await engine.list())[0];
        for (let i = 0; i < 200 && !(after?.sandboxAttempt === 1 && after.ready === '1/1'); i++) {
          await new Promise((r) => setTimeout(r, 100));
          after = (await engine.list())[0];
        }
        expect(after).toMatchObject({ uid: before?.uid, sandboxAttempt: 1, ready: '1/1', phase: 'Running' });
      } finally {
        await held?.stop();
      }
    } finally {
      await engine.remove({ all: true, group: 'test-late' }, { graceSeconds: 0 });
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('a second engine (as after a restart of Podlab) sees the same Pods from labels alone', async () => {
    const { Engine } = await import('../../electron/engine/engine.js');
    const { loadConfig } = await import('../../electron/engine/base/config.js');
    const other = await Engine.connect(loadConfig(process.env, { stateDir: h.stateDir }));
    const mine = (await h.engine.list()).map((p) => [p.name, p.uid, p.sandboxAttempt, p.phase]);
    const theirs = (await other.list()).map((p) => [p.name, p.uid, p.sandboxAttempt, p.phase]);
    expect(theirs).toEqual(mine);
    expect(theirs.length).toBeGreaterThan(3);
  });
});

describe('bad input leaves nothing half-built', () => {
  it('a missing image is reported by name before anything is created', async () => {
    const before = (await h.engine.list()).length;
    const err = await h
      .apply(`
apiVersion: v1
kind: Pod
metadata: {name: no-image}
spec:
  containers:
  - {name: app, image: podlab-test/does-not-exist:1}
`)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodlabError);
    expect((err as PodlabError).code).toBe('IMAGE_MISSING');
    expect(JSON.stringify((err as PodlabError).toJSON())).toContain('podlab-test/does-not-exist:1');
    expect((await h.engine.list()).length).toBe(before);
    expect(await h.status('no-image')).toBeUndefined();
  });

  it('a hostPort already taken fails with a hint and rolls the Pod back completely', async () => {
    const server = http.createServer((_q, r) => r.end('busy'));
    const port = PORT + 1;
    await new Promise<void>((r) => server.listen(port, '0.0.0.0', r));
    try {
      const err = await h
        .apply(`
apiVersion: v1
kind: Pod
metadata: {name: port-taken}
spec:
  volumes: [{name: v, emptyDir: {}}]
  containers:
  - {name: app, image: ${TOOLBOX}, command: [sleep, '1000'], ports: [{containerPort: 80, hostPort: ${port}}], volumeMounts: [{name: v, mountPath: /v}]}
`)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PodlabError);
      expect((err as PodlabError).hint).toMatch(/hostPort/);
      expect(await h.status('port-taken')).toBeUndefined();
      const { execFile } = await import('node:child_process');
      const names = await new Promise<string>((resolve) =>
        execFile('docker', ['ps', '-a', '--filter', 'label=io.kubernetes.pod.name=port-taken', '--format', '{{.Names}}'], (_e, out) => resolve(out)),
      );
      expect(names.trim()).toBe('');
      const vols = await new Promise<string>((resolve) =>
        execFile('docker', ['volume', 'ls', '-q', '--filter', 'name=k8s_v_port-taken_'], (_e, out) => resolve(out)),
      );
      expect(vols.trim()).toBe('');
    } finally {
      server.close();
    }
  });
});

describe('delete', () => {
  it('removes the Pod (containers, infra, volumes) and leaves a bystander container alone', async () => {
    const sh = async (args: string[]) => (await run('docker', args)).stdout.trim();
    const bystander = await sh(['run', '-d', '--name', `bystander-${process.pid}`, TOOLBOX, 'sleep', '100000']);
    try {
      const s = await h.waitFor('shared', ready, 'Running');
      await h.engine.remove({ name: 'shared' });
      expect(await h.status('shared')).toBeUndefined();
      expect(await leftovers(s.uid)).toEqual([]);
      await h.engine.remove({ all: true, group: 'test-pods' }, { graceSeconds: 0 });
      expect(await h.engine.list()).toEqual([]);
      expect(await sh(['inspect', '-f', '{{.State.Status}}', bystander])).toBe('running');
    } finally {
      await sh(['rm', '-f', bystander]);
    }
  });

  it('removing a Pod that does not exist says so', async () => {
    await expect(h.engine.remove({ name: 'nope' })).rejects.toMatchObject({ code: 'POD_NOT_FOUND' });
  });
});
