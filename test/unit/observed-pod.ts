// Builds ObservedPod fixtures by hand — what observePods would read from Docker — so the sync plan
// and the status can be tested without an engine:
//   pod(yaml).withSandbox().withContainer('init', { state: 'exited', exitCode: 0 }).build()
// Every method returns a new fixture, so one base can branch into several scenarios.
import {
  LABEL_ATTEMPT,
  LABEL_CONTAINER_NAME,
  LABEL_CONTAINER_TYPE,
  LABEL_POD_NAME,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
  LABEL_SANDBOX_ID,
  LABEL_SANDBOX_REASON,
  LABEL_TYPE,
  TYPE_CONTAINER,
  TYPE_SANDBOX,
} from '../../electron/engine/docker/labels.js';
import { parsePodManifests } from '../../electron/engine/pods/manifest/parse.js';
import { containerName, infraName, type PodIdentity } from '../../electron/engine/pods/sync/names.js';
import type { DockerState, ObservedContainer, ObservedPod } from '../../electron/engine/pods/sync/observe.js';
import { roleOf, specHash } from '../../electron/engine/pods/sync/plan.js';
import type { PodSpec } from '../../electron/engine/pods/manifest/spec.js';

/** The fixtures' clock: `at(s)` is `s` seconds after T0, as Docker's ISO times. */
export const T0 = Date.parse('2025-01-01T00:00:00.000Z');

export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

/** Epoch ms `seconds` after T0, for `computeSyncPlan(pod, now)` and `computePodStatus(pod, now)`. */
export function ms(seconds: number): number {
  return T0 + seconds * 1000;
}

export const FIXTURE_UID = '0123abcd-0000-4000-8000-000000000001';

export function podSpec(yaml: string): PodSpec {
  const [parsed, ...rest] = parsePodManifests(yaml, 'fixture.yaml');
  if (!parsed || rest.length) throw new Error('fixture YAML must hold exactly one Pod');
  return parsed.pod;
}

interface InstanceOptions {
  attempt?: number;
  state?: DockerState;
  /** Defaults to 0 for an `exited` instance. */
  exitCode?: number;
  oomKilled?: boolean;
  startedAt?: string;
  finishedAt?: string;
}

export interface SandboxOptions extends InstanceOptions {
  /** Pod IP (only shown while the sandbox runs). */
  ip?: string;
  /** Why the sandbox exists (the io.podlab.sandbox-reason label). */
  reason?: string;
}

export interface ContainerOptions extends InstanceOptions {
  /** Attempt of the sandbox this instance joined; the newest sandbox when absent. */
  sandbox?: number;
}

export class PodFixture {
  constructor(
    readonly spec: PodSpec,
    private readonly sandboxes: readonly ObservedContainer[] = [],
    private readonly containers: readonly ObservedContainer[] = [],
    private readonly group = 'lab',
  ) {}

  get identity(): PodIdentity {
    return { name: this.spec.metadata.name, namespace: this.spec.metadata.namespace, uid: FIXTURE_UID };
  }

  /** Docker name of sandbox `attempt` (the newest one when absent). */
  sandboxName(attempt?: number): string {
    const a = attempt ?? this.sandboxes[this.sandboxes.length - 1]?.attempt;
    if (a === undefined) throw new Error('the fixture has no sandbox yet');
    return infraName(this.identity, a);
  }

  /** Adds an infra container; attempt defaults to one more than the newest, state to `running`. */
  withSandbox(o: SandboxOptions = {}): PodFixture {
    const last = this.sandboxes[this.sandboxes.length - 1];
    const attempt = o.attempt ?? (last ? last.attempt + 1 : 0);
    const dockerName = infraName(this.identity, attempt);
    const c = this.instance(dockerName, 'POD', 'infra', attempt, '', o, {
      [LABEL_TYPE]: TYPE_SANDBOX,
      ...(o.reason ? { [LABEL_SANDBOX_REASON]: o.reason } : {}),
    });
    if (o.ip) c.ip = o.ip;
    return new PodFixture(this.spec, [...this.sandboxes, c], this.containers, this.group);
  }

  /**
   * Adds an instance of Pod container `name`, joined to the newest sandbox unless `sandbox` says
   * otherwise; attempt defaults to one more than the newest instance of that name.
   */
  withContainer(name: string, o: ContainerOptions = {}): PodFixture {
    const c = [...this.spec.spec.initContainers, ...this.spec.spec.containers].find((x) => x.name === name);
    if (!c) throw new Error(`the fixture Pod has no container ${name}`);
    const previous = this.containers.filter((x) => x.podContainer === name);
    const attempt = o.attempt ?? (previous.length ? Math.max(...previous.map((x) => x.attempt)) + 1 : 0);
    const sandbox = this.sandboxName(o.sandbox);
    const role = roleOf(this.spec, c);
    const inst = this.instance(containerName(this.identity, name, attempt), name, role, attempt, sandbox, o, {
      [LABEL_TYPE]: TYPE_CONTAINER,
      [LABEL_CONTAINER_TYPE]: role,
      [LABEL_SANDBOX_ID]: sandbox,
    });
    inst.image = c.image;
    return new PodFixture(this.spec, this.sandboxes, [...this.containers, inst], this.group);
  }

  build(): ObservedPod {
    return {
      uid: FIXTURE_UID,
      name: this.spec.metadata.name,
      namespace: this.spec.metadata.namespace,
      group: this.group,
      spec: this.spec,
      specHash: specHash(this.spec),
      createdAt: at(0),
      sandboxes: [...this.sandboxes],
      containers: [...this.containers],
    };
  }

  private instance(
    dockerName: string,
    podContainer: string,
    role: ObservedContainer['role'],
    attempt: number,
    sandbox: string,
    o: InstanceOptions,
    extraLabels: Record<string, string>,
  ): ObservedContainer {
    const state = o.state ?? 'running';
    const exitCode = o.exitCode ?? (state === 'exited' ? 0 : undefined);
    return {
      id: `id-${dockerName}`,
      dockerName,
      podContainer,
      role,
      attempt,
      sandbox,
      state,
      ...(exitCode !== undefined ? { exitCode } : {}),
      ...(o.oomKilled !== undefined ? { oomKilled: o.oomKilled } : {}),
      ...(o.startedAt ? { startedAt: o.startedAt } : {}),
      ...(o.finishedAt ? { finishedAt: o.finishedAt } : {}),
      // Docker's Created is in seconds; one per instance keeps "oldest first" unambiguous.
      created: T0 / 1000 + this.sandboxes.length + this.containers.length,
      image: 'podlab/pause:3.10',
      labels: {
        [LABEL_POD_UID]: FIXTURE_UID,
        [LABEL_POD_NAME]: this.spec.metadata.name,
        [LABEL_POD_NAMESPACE]: this.spec.metadata.namespace,
        [LABEL_CONTAINER_NAME]: podContainer,
        [LABEL_ATTEMPT]: String(attempt),
        ...extraLabels,
      },
    };
  }
}

export function pod(yaml: string): PodFixture {
  return new PodFixture(podSpec(yaml));
}

export interface LifecyclePod {
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /** Init containers in order; `{ sidecar: name }` is a native sidecar (restartPolicy: Always). */
  init?: (string | { sidecar: string })[];
  containers?: string[];
  hostNetwork?: boolean;
}

/** YAML for a Pod that only matters for its lifecycle: names, order, sidecars, restartPolicy. */
export function lifecycleYaml(o: LifecyclePod = {}): string {
  const container = (name: string, sidecar = false) =>
    [`    - name: ${name}`, '      image: podlab/toolbox:1', ...(sidecar ? ['      restartPolicy: Always'] : [])];
  const init = (o.init ?? []).flatMap((c) => (typeof c === 'string' ? container(c) : container(c.sidecar, true)));
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    'spec:',
    ...(o.restartPolicy ? [`  restartPolicy: ${o.restartPolicy}`] : []),
    ...(o.hostNetwork ? ['  hostNetwork: true'] : []),
    ...(init.length ? ['  initContainers:', ...init] : []),
    '  containers:',
    ...(o.containers ?? ['app']).flatMap((c) => container(c)),
  ].join('\n');
}
