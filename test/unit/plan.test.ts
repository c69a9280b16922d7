// The plan: a Pod spec → the exact Docker Engine API payloads. Every assertion names the field
// Docker will read, because that payload is what the learner sees in the translation inspector.
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { PodlabError } from '../../electron/engine/base/errors.js';
import {
  INFRA_VOLUME_DIR,
  checkEngineSupport,
  expandVars,
  planContainer,
  planInfra,
  planPod,
  planVolumes,
  specHash,
  type PlanContext,
} from '../../electron/engine/pods/sync/plan.js';
import { podSpec } from './observed-pod.js';

const UID = '9f0e1d2c-aaaa-4bbb-8ccc-000000000042';
const CTX: PlanContext = {
  uid: UID,
  group: 'lab-1',
  home: 'home-a',
  pauseImage: 'podlab/pause:3.10',
  apiVersion: '1.41',
  createdAt: '2025-01-01T00:00:00.000Z',
};
const INFRA = `k8s_POD_web_default_${UID}_0`;

/** A Pod with a little of everything: ports (some published), volumes, env, resources, capabilities. */
const FULL = `
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  hostname: box
  volumes:
    - name: cache
      emptyDir: {medium: Memory, sizeLimit: 16Mi}
    - name: data
      emptyDir: {}
  initContainers:
    - name: setup
      image: podlab/toolbox:1
      ports: [{containerPort: 9000, hostPort: 19000}]
      volumeMounts: [{name: data, mountPath: /data}]
    - name: log
      image: podlab/toolbox:1
      restartPolicy: Always
  containers:
    - name: app
      image: podlab/toolbox:1
      command: ["sh", "-c", "echo $(GREETING) $$(HOME) $(MISSING)"]
      args: ["$(GREETING)-arg"]
      env: [{name: GREETING, value: hi}, {name: MODE, value: lab}]
      workingDir: /srv
      ports:
        - {containerPort: 80, hostPort: 8080, hostIP: 127.0.0.1}
        - {containerPort: 53, protocol: UDP}
        - {containerPort: 5353, hostPort: 15353, protocol: UDP}
      resources: {limits: {cpu: 500m, memory: 64Mi}}
      securityContext:
        privileged: true
        capabilities: {add: [NET_ADMIN], drop: [ALL]}
      volumeMounts:
        - {name: cache, mountPath: /cache, readOnly: true}
        - {name: data, mountPath: /data}
`;

/** The smallest Pod, with spec-level extras spliced in. */
function minimal(specExtra: string[] = [], containerExtra: string[] = []): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    'spec:',
    ...specExtra.map((l) => `  ${l}`),
    '  containers:',
    '    - name: app',
    '      image: podlab/toolbox:1',
    ...containerExtra.map((l) => `      ${l}`),
  ].join('\n');
}

function hostConfig(body: Docker.ContainerCreateOptions): Docker.HostConfig {
  const hc = body.HostConfig;
  if (!hc) throw new Error('payload has no HostConfig');
  return hc;
}

function appPlan(yaml: string, name = 'app') {
  const pod = podSpec(yaml);
  const c = [...pod.spec.initContainers, ...pod.spec.containers].find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return planContainer(pod, c, CTX, INFRA, 0);
}

describe('planInfra', () => {
  const full = podSpec(FULL);

  it('creates the pause container with a shareable IPC namespace on the default bridge', () => {
    const infra = planInfra(full, CTX, 0);
    expect(infra.name).toBe(INFRA);
    expect(infra.role).toBe('infra');
    expect(infra.podContainer).toBe('POD');
    expect(infra.body.name).toBe(INFRA);
    expect(infra.body.Image).toBe('podlab/pause:3.10');
    const hc = hostConfig(infra.body);
    expect(hc.IpcMode).toBe('shareable');
    expect(hc.NetworkMode).toBe('bridge');
    expect(hc.PidMode).toBeUndefined();
    expect(hc.ShmSize).toBe(64 * 1024 * 1024);
    expect(hc.SecurityOpt).toEqual(['no-new-privileges']);
    expect(hc.RestartPolicy).toEqual({ Name: 'no' });
  });

  it('uses spec.hostname, or the Pod name without one', () => {
    expect(planInfra(full, CTX, 0).body.Hostname).toBe('box');
    expect(planInfra(podSpec(minimal()), CTX, 0).body.Hostname).toBe('web');
  });

  it('publishes only hostPort > 0, from init and app containers, and exposes exactly those', () => {
    const infra = planInfra(full, CTX, 0);
    expect(hostConfig(infra.body).PortBindings).toEqual({
      '9000/tcp': [{ HostIp: '', HostPort: '19000' }],
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
      '5353/udp': [{ HostIp: '', HostPort: '15353' }],
    });
    expect(Object.keys(infra.body.ExposedPorts ?? {}).sort()).toEqual(['5353/udp', '80/tcp', '9000/tcp']);
  });

  it('has no PortBindings or ExposedPorts when nothing is published', () => {
    const infra = planInfra(podSpec(minimal([], ['ports: [{containerPort: 80}]'])), CTX, 0);
    expect(hostConfig(infra.body).PortBindings).toBeUndefined();
    expect(infra.body.ExposedPorts).toBeUndefined();
  });

  it('labels the sandbox: owned, group, home, io.kubernetes.* identity, attempt, reason, spec', () => {
    const labels = planInfra(full, CTX, 3, 'SandboxChanged: infra exited').body.Labels ?? {};
    expect(labels['io.podlab.owned']).toBe('true');
    expect(labels['io.podlab.group']).toBe('lab-1');
    expect(labels['io.podlab.home']).toBe('home-a');
    expect(labels['io.podlab.pod-created']).toBe('2025-01-01T00:00:00.000Z');
    expect(labels['io.kubernetes.docker.type']).toBe('podsandbox');
    expect(labels['io.kubernetes.container.name']).toBe('POD');
    expect(labels['io.kubernetes.pod.name']).toBe('web');
    expect(labels['io.kubernetes.pod.namespace']).toBe('default');
    expect(labels['io.kubernetes.pod.uid']).toBe(UID);
    expect(labels['io.podlab.attempt']).toBe('3');
    expect(labels['io.podlab.sandbox-reason']).toBe('SandboxChanged: infra exited');
    expect(labels['io.podlab.spec-hash']).toBe(specHash(full));
    expect(JSON.parse(labels['io.podlab.spec'] ?? 'null')).toEqual(full);
  });

  it('names the sandbox attempt in name and labels, with "Created" as the default reason', () => {
    const infra = planInfra(full, CTX, 2);
    expect(infra.name).toBe(`k8s_POD_web_default_${UID}_2`);
    expect(infra.body.Labels?.['io.podlab.sandbox-reason']).toBe('Created');
  });

  it('hostNetwork: host network and no Hostname (the node name is the Pod hostname)', () => {
    const infra = planInfra(podSpec(minimal(['hostNetwork: true'])), CTX, 0);
    expect(hostConfig(infra.body).NetworkMode).toBe('host');
    expect(infra.body.Hostname).toBeUndefined();
  });

  it('hostIPC and hostPID put the infra in the host namespaces', () => {
    const hc = hostConfig(planInfra(podSpec(minimal(['hostIPC: true', 'hostPID: true'])), CTX, 0).body);
    expect(hc.IpcMode).toBe('host');
    expect(hc.PidMode).toBe('host');
  });

  it('mounts every Memory emptyDir in the infra so the tmpfs outlives the containers', () => {
    const hc = hostConfig(planInfra(full, CTX, 0).body);
    expect(hc.Mounts).toEqual([
      {
        Type: 'volume',
        Source: `k8s_cache_web_default_${UID}`,
        Target: `${INFRA_VOLUME_DIR}/cache`,
        ReadOnly: false,
        VolumeOptions: { NoCopy: true },
      },
    ]);
    expect(hostConfig(planInfra(podSpec(minimal()), CTX, 0).body).Mounts).toBeUndefined();
  });
});

describe('planVolumes', () => {
  it('one named volume per emptyDir; Memory is a tmpfs with its size limit', () => {
    const [cache, data] = planVolumes(podSpec(FULL), CTX);
    expect(cache?.name).toBe(`k8s_cache_web_default_${UID}`);
    expect(cache?.podVolume).toBe('cache');
    expect(cache?.body.Name).toBe(cache?.name);
    expect(cache?.body.Driver).toBe('local');
    expect(cache?.body.DriverOpts).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=16777216' });
    expect(cache?.body.Labels?.['io.podlab.owned']).toBe('true');
    expect(cache?.body.Labels?.['io.podlab.volume']).toBe('cache');
    expect(cache?.body.Labels?.['io.kubernetes.pod.uid']).toBe(UID);
    expect(data?.name).toBe(`k8s_data_web_default_${UID}`);
    expect(data?.body.DriverOpts).toEqual({});
  });

  it('a Memory emptyDir without sizeLimit gets a 64m tmpfs', () => {
    const pod = podSpec(minimal(['volumes: [{name: m, emptyDir: {medium: Memory}}]']));
    expect(planVolumes(pod, CTX)[0]?.body.DriverOpts).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=64m' });
  });
});

describe('planContainer: joining the infra', () => {
  it('joins network and IPC of the infra by name, keeps a private PID namespace by default', () => {
    const hc = hostConfig(appPlan(minimal()).body);
    expect(hc.NetworkMode).toBe(`container:${INFRA}`);
    expect(hc.IpcMode).toBe(`container:${INFRA}`);
    expect(hc.PidMode).toBe('');
    expect(hc.UTSMode).toBeUndefined();
    expect(hc.RestartPolicy).toEqual({ Name: 'no' });
  });

  it('shareProcessNamespace joins the infra PID namespace', () => {
    expect(hostConfig(appPlan(minimal(['shareProcessNamespace: true'])).body).PidMode).toBe(`container:${INFRA}`);
  });

  it('hostNetwork / hostIPC / hostPID use the host namespaces, with UTS host for hostNetwork', () => {
    const net = hostConfig(appPlan(minimal(['hostNetwork: true'])).body);
    expect(net.NetworkMode).toBe('host');
    expect(net.UTSMode).toBe('host');
    expect(net.IpcMode).toBe(`container:${INFRA}`);
    const ipcPid = hostConfig(appPlan(minimal(['hostIPC: true', 'hostPID: true'])).body);
    expect(ipcPid.IpcMode).toBe('host');
    expect(ipcPid.PidMode).toBe('host');
    expect(ipcPid.NetworkMode).toBe(`container:${INFRA}`);
    expect(ipcPid.UTSMode).toBeUndefined();
  });

  it('carries none of the fields Docker refuses on a joined container, even with hostPorts declared', () => {
    const plan = appPlan(FULL);
    expect(plan.body.Hostname).toBeUndefined();
    expect(plan.body.ExposedPorts).toBeUndefined();
    expect(hostConfig(plan.body).PortBindings).toBeUndefined();
    expect(hostConfig(plan.body).PublishAllPorts).toBeUndefined();
  });

  it('labels the container with its role, sandbox and restart count', () => {
    const pod = podSpec(FULL);
    const [setup, log] = pod.spec.initContainers;
    const app = pod.spec.containers[0];
    if (!setup || !log || !app) throw new Error('fixture changed');
    const roles = [setup, log, app].map((c) => planContainer(pod, c, CTX, INFRA, 4));
    expect(roles.map((p) => p.role)).toEqual(['init', 'sidecar', 'container']);
    expect(roles.map((p) => p.body.Labels?.['io.kubernetes.container.type'])).toEqual(['init', 'sidecar', 'container']);
    const labels = roles[2]?.body.Labels ?? {};
    expect(labels['io.kubernetes.docker.type']).toBe('container');
    expect(labels['io.kubernetes.sandbox.id']).toBe(INFRA);
    expect(labels['io.kubernetes.container.name']).toBe('app');
    expect(labels['io.kubernetes.container.restartCount']).toBe('4');
    expect(labels['io.podlab.attempt']).toBe('4');
    expect(labels['io.podlab.owned']).toBe('true');
    expect(labels['io.podlab.group']).toBe('lab-1');
    expect(labels['io.podlab.home']).toBe('home-a');
    expect(labels['io.podlab.spec-hash']).toBe(specHash(pod));
    expect(roles[2]?.name).toBe(`k8s_app_web_default_${UID}_4`);
    expect(roles[2]?.body.name).toBe(`k8s_app_web_default_${UID}_4`);
  });
});

describe('planContainer: the process', () => {
  it('command → Entrypoint and args → Cmd, with $(VAR) expanded, $$ escaped, unknown refs kept', () => {
    const body = appPlan(FULL).body;
    expect(body.Entrypoint).toEqual(['sh', '-c', 'echo hi $(HOME) $(MISSING)']);
    expect(body.Cmd).toEqual(['hi-arg']);
  });

  it('expands $(VAR) in env values from the variables before them, and uses them in args', () => {
    const body = appPlan(minimal([], ['env: [{name: A, value: one}, {name: B, value: "$(A)-two"}, {name: C, value: "$(D)"}, {name: D, value: x}]', 'args: ["$(B)"]'])).body;
    expect(body.Env).toEqual(['A=one', 'B=one-two', 'C=$(D)', 'D=x']);
    expect(body.Cmd).toEqual(['one-two']);
  });

  it('command alone clears the image CMD (Cmd [])', () => {
    const body = appPlan(minimal([], ['command: ["sleep", "1"]'])).body;
    expect(body.Entrypoint).toEqual(['sleep', '1']);
    expect(body.Cmd).toEqual([]);
  });

  it('args alone keep the image ENTRYPOINT and replace CMD', () => {
    const body = appPlan(minimal([], ['args: ["-v"]'])).body;
    expect(body.Entrypoint).toBeUndefined();
    expect(body.Cmd).toEqual(['-v']);
  });

  it('neither keeps both from the image', () => {
    const body = appPlan(minimal()).body;
    expect(body.Entrypoint).toBeUndefined();
    expect(body.Cmd).toBeUndefined();
  });

  it('env as NAME=value in order, workingDir, stdin/tty and the grace period as StopTimeout', () => {
    const body = appPlan(FULL).body;
    expect(body.Env).toEqual(['GREETING=hi', 'MODE=lab']);
    expect(body.WorkingDir).toBe('/srv');
    expect(body.Tty).toBe(false);
    expect(body.OpenStdin).toBe(false);
    expect(body.StopTimeout).toBe(30);
    expect(body.Image).toBe('podlab/toolbox:1');
    const tty = appPlan(minimal(['terminationGracePeriodSeconds: 3'], ['stdin: true', 'tty: true'])).body;
    expect(tty.Tty).toBe(true);
    expect(tty.OpenStdin).toBe(true);
    expect(tty.StopTimeout).toBe(3);
    expect(appPlan(minimal()).body.WorkingDir).toBeUndefined();
  });

  it('resources: NanoCpus, and Memory = MemorySwap (no swap beyond the limit)', () => {
    const hc = hostConfig(appPlan(FULL).body);
    expect(hc.NanoCpus).toBe(500_000_000);
    expect(hc.Memory).toBe(64 * 1024 * 1024);
    expect(hc.MemorySwap).toBe(64 * 1024 * 1024);
    const none = hostConfig(appPlan(minimal()).body);
    expect(none.NanoCpus).toBeUndefined();
    expect(none.Memory).toBeUndefined();
    expect(none.MemorySwap).toBeUndefined();
  });

  it('securityContext: privileged and capabilities', () => {
    const hc = hostConfig(appPlan(FULL).body);
    expect(hc.Privileged).toBe(true);
    expect(hc.CapAdd).toEqual(['NET_ADMIN']);
    expect(hc.CapDrop).toEqual(['ALL']);
    const plain = hostConfig(appPlan(minimal()).body);
    expect(plain.Privileged).toBe(false);
    expect(plain.CapAdd).toBeUndefined();
    expect(plain.CapDrop).toBeUndefined();
  });

  it('volume mounts: the Pod volume, NoCopy (emptyDir starts empty), ReadOnly as declared', () => {
    expect(hostConfig(appPlan(FULL).body).Mounts).toEqual([
      { Type: 'volume', Source: `k8s_cache_web_default_${UID}`, Target: '/cache', ReadOnly: true, VolumeOptions: { NoCopy: true } },
      { Type: 'volume', Source: `k8s_data_web_default_${UID}`, Target: '/data', ReadOnly: false, VolumeOptions: { NoCopy: true } },
    ]);
    // The init container mounts the same Pod volume: one volume shared by all.
    expect(hostConfig(appPlan(FULL, 'setup').body).Mounts?.[0]?.Source).toBe(`k8s_data_web_default_${UID}`);
  });

  it('subPath becomes VolumeOptions.Subpath', () => {
    const yaml = minimal(['volumes: [{name: d, emptyDir: {}}]'], ['volumeMounts: [{name: d, mountPath: /d, subPath: x/y}]']);
    expect(hostConfig(appPlan(yaml).body).Mounts?.[0]?.VolumeOptions).toEqual({ NoCopy: true, Subpath: 'x/y' });
  });
});

describe('expandVars', () => {
  const env = new Map([
    ['A', 'one'],
    ['B_2', 'two'],
  ]);

  it.each([
    ['$(A)', 'one'],
    ['$(A)$(B_2)', 'onetwo'],
    ['x-$(A)-y', 'x-one-y'],
    ['$$(A)', '$(A)'],
    ['$$', '$'],
    ['cost: $$5', 'cost: $5'],
    ['$(NOPE)', '$(NOPE)'],
    ['$A ${A}', '$A ${A}'],
    ['$(A', '$(A'],
  ])('%s → %s', (input, want) => {
    expect(expandVars(input, env)).toBe(want);
  });
});

describe('planPod', () => {
  const pod = podSpec(FULL);

  it('plans volumes, the infra, then init and app containers joined to the infra at attempt 0', () => {
    const plan = planPod(pod, CTX);
    expect(plan.pod).toEqual({ name: 'web', namespace: 'default', uid: UID });
    expect(plan.volumes.map((v) => v.podVolume)).toEqual(['cache', 'data']);
    expect(plan.infra.name).toBe(INFRA);
    expect(plan.init.map((c) => c.name)).toEqual([`k8s_setup_web_default_${UID}_0`, `k8s_log_web_default_${UID}_0`]);
    expect(plan.containers.map((c) => c.name)).toEqual([`k8s_app_web_default_${UID}_0`]);
    for (const c of [...plan.init, ...plan.containers]) {
      expect(hostConfig(c.body).NetworkMode).toBe(`container:${INFRA}`);
    }
  });

  it('a later sandbox attempt changes the infra name and what containers join', () => {
    const plan = planPod(pod, CTX, 2);
    const infra2 = `k8s_POD_web_default_${UID}_2`;
    expect(plan.infra.name).toBe(infra2);
    expect(hostConfig(plan.containers[0]?.body ?? {}).NetworkMode).toBe(`container:${infra2}`);
    expect(plan.containers[0]?.body.Labels?.['io.kubernetes.sandbox.id']).toBe(infra2);
  });

  it('is deterministic: the same spec and context give the same payloads', () => {
    expect(planPod(podSpec(FULL), CTX)).toEqual(planPod(podSpec(FULL), CTX));
  });

  it('notes the hostPort move and the unshared UTS namespace', () => {
    const notes = planPod(pod, CTX).notes;
    expect(notes.filter((n) => n.field === 'ports[].hostPort').map((n) => n.podContainer)).toEqual(['setup', 'app']);
    expect(notes.some((n) => n.podContainer === 'POD' && n.field === 'spec.hostname')).toBe(true);
    const hostNet = planPod(podSpec(minimal(['hostNetwork: true'])), CTX).notes;
    expect(hostNet.some((n) => n.field === 'spec.hostname')).toBe(false);
  });
});

describe('specHash', () => {
  it('is stable for the same spec and 16 hex digits long', () => {
    expect(specHash(podSpec(FULL))).toBe(specHash(podSpec(FULL)));
    expect(specHash(podSpec(FULL))).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes when the spec changes', () => {
    const a = specHash(podSpec(minimal()));
    expect(specHash(podSpec(minimal([], ['args: ["x"]'])))).not.toBe(a);
    expect(specHash(podSpec(minimal(['restartPolicy: Never'])))).not.toBe(a);
    expect(specHash(podSpec(minimal().replace('name: web', 'name: web2')))).not.toBe(a);
  });
});

describe('checkEngineSupport', () => {
  const withSubPath = podSpec(
    minimal(['volumes: [{name: d, emptyDir: {}}]'], ['volumeMounts: [{name: d, mountPath: /d, subPath: x}]']),
  );

  it('refuses subPath below API 1.45, naming the container, the field and the version', () => {
    let err: unknown;
    try {
      checkEngineSupport(withSubPath, '1.41', 'pod.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PodlabError);
    const e = err as PodlabError;
    expect(e.code).toBe('DOCKER_REFUSED');
    expect(e.hint).toContain('subPath');
    expect(e.details).toHaveLength(1);
    expect(e.details[0]?.message).toContain('container "app"');
    expect(e.details[0]?.message).toContain('API 1.41');
    expect(e.details[0]?.location?.field).toBe('volumeMounts[d].subPath');
    expect(e.details[0]?.location?.file).toBe('pod.yaml');
  });

  it('accepts subPath from API 1.45 on, and Pods without subPath anywhere', () => {
    expect(() => checkEngineSupport(withSubPath, '1.45')).not.toThrow();
    expect(() => checkEngineSupport(withSubPath, '1.47')).not.toThrow();
    expect(() => checkEngineSupport(withSubPath, '2.0')).not.toThrow();
    expect(() => checkEngineSupport(withSubPath, '1.44')).toThrow(PodlabError);
    expect(() => checkEngineSupport(podSpec(FULL), '1.41')).not.toThrow();
  });
});
