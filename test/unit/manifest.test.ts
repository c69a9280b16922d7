import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PodlabError, formatError } from '../../electron/engine/base/errors.js';
import { parsePodManifests, readPodManifests } from '../../electron/engine/pods/manifest/parse.js';
import { defaultPullPolicy } from '../../electron/engine/pods/manifest/formats.js';
import { editDistance, suggestName } from '../../electron/engine/base/suggest.js';
import { type ParsedPod, isSidecar } from '../../electron/engine/pods/manifest/spec.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/manifests');
const EXAMPLES = path.join(ROOT, 'labs/examples');

interface Problem {
  line: number | undefined;
  column: number | undefined;
  field: string | undefined;
  message: string;
}

function thrown(fn: () => unknown): PodlabError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PodlabError) return err;
    throw err;
  }
  throw new Error('expected a PodlabError, nothing was thrown');
}

function problemsOf(text: string, file = 'pod.yaml'): Problem[] {
  const err = thrown(() => parsePodManifests(text, file));
  expect(err.code).toBe('MANIFEST_INVALID');
  return err.details.map((d) => {
    expect(d.location?.file).toBe(file);
    return { line: d.location?.line, column: d.location?.column, field: d.location?.field, message: d.message };
  });
}

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** [line, column, field] of every problem, in file order. */
function positions(problems: Problem[]): [number | undefined, number | undefined, string | undefined][] {
  return problems.map((p) => [p.line, p.column, p.field]);
}

function onePod(text: string): ParsedPod {
  const pods = parsePodManifests(text, 'pod.yaml');
  expect(pods).toHaveLength(1);
  return pods[0] as ParsedPod;
}

function podYaml(containerExtra = '', specExtra = '', metaExtra = ''): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    ...(metaExtra ? [metaExtra] : []),
    'spec:',
    ...(specExtra ? [specExtra] : []),
    '  containers:',
    '    - name: app',
    '      image: podlab/toolbox:1',
    ...(containerExtra ? [containerExtra] : []),
  ].join('\n');
}

describe('labs/examples', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));

  it('has the three lab examples', () => {
    expect(files).toEqual(expect.arrayContaining(['two-containers.yaml', 'init-and-sidecar.yaml', 'shared-pid.yaml']));
  });

  it.each(files)('%s parses with zero warnings', async (file) => {
    const pods = await readPodManifests(path.join(EXAMPLES, file));
    expect(pods.length).toBeGreaterThan(0);
    for (const p of pods) {
      expect(p.warnings.map((w) => formatError(w))).toEqual([]);
      for (const c of [...p.pod.spec.initContainers, ...p.pod.spec.containers]) expect(c.image).toBe('podlab/toolbox:1');
    }
  });

  it('two-containers: a server and a client on one localhost', async () => {
    const [p] = await readPodManifests(path.join(EXAMPLES, 'two-containers.yaml'));
    const containers = p?.pod.spec.containers ?? [];
    expect(containers.map((c) => c.name)).toEqual(['web', 'client']);
    expect(containers[0]?.args?.join(' ')).toContain('httpd -f -p 8080 -h /www');
    expect(containers[1]?.args?.join(' ')).toContain('http://localhost:8080/');
  });

  it('init-and-sidecar: two ordered inits, a native sidecar, two apps, shared PIDs, hostPort 18080', async () => {
    const [p] = await readPodManifests(path.join(EXAMPLES, 'init-and-sidecar.yaml'));
    const spec = p?.pod.spec;
    expect(spec?.shareProcessNamespace).toBe(true);
    expect(spec?.initContainers.map((c) => [c.name, isSidecar(c)])).toEqual([
      ['init-write-page', false],
      ['init-check-page', false],
      ['log-tail', true],
    ]);
    expect(spec?.containers.map((c) => c.name)).toEqual(['web', 'ps-watch']);
    expect(spec?.volumes).toEqual([{ name: 'shared', emptyDir: { medium: '' } }]);
    const hostPorts = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].flatMap((c) => c.ports.filter((x) => x.hostPort));
    expect(hostPorts).toEqual([{ name: 'http', containerPort: 8080, hostPort: 18080, hostIP: '127.0.0.1', protocol: 'TCP' }]);
    for (const c of spec?.initContainers ?? []) expect(c.volumeMounts.map((m) => m.name)).toEqual(['shared']);
  });

  it('shared-pid: one PID namespace', async () => {
    const [p] = await readPodManifests(path.join(EXAMPLES, 'shared-pid.yaml'));
    expect(p?.pod.spec.shareProcessNamespace).toBe(true);
    expect(p?.pod.spec.containers.length).toBeGreaterThanOrEqual(2);
  });
});

describe('defaults', () => {
  it('fills every Kubernetes default into a minimal Pod', () => {
    const p = onePod(['apiVersion: v1', 'kind: Pod', 'metadata: {name: minimal}', 'spec:', '  containers: [{name: app, image: busybox}]'].join('\n'));
    expect(p.pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'minimal', namespace: 'default', labels: {}, annotations: {} },
      spec: {
        initContainers: [],
        containers: [
          {
            name: 'app',
            image: 'busybox',
            imagePullPolicy: 'Always',
            env: [],
            ports: [],
            volumeMounts: [],
            resources: { limits: {} },
            securityContext: { privileged: false, capabilities: { add: [], drop: [] } },
            stdin: false,
            tty: false,
          },
        ],
        volumes: [],
        restartPolicy: 'Always',
        shareProcessNamespace: false,
        hostNetwork: false,
        hostPID: false,
        hostIPC: false,
        terminationGracePeriodSeconds: 30,
      },
    });
    expect(p.warnings).toEqual([]);
    expect(p.source).toEqual({ file: 'pod.yaml', line: 1 });
  });

  it('defaults a port protocol to TCP and a mount to read-write', () => {
    const p = onePod(
      podYaml(
        ['      ports: [{containerPort: 80}]', '      volumeMounts: [{name: v, mountPath: /v}]'].join('\n'),
        '  volumes: [{name: v}]',
      ),
    );
    const c = p.pod.spec.containers[0];
    expect(c?.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(c?.volumeMounts).toEqual([{ name: 'v', mountPath: '/v', readOnly: false }]);
    // A volume without a source is an emptyDir (the Kubernetes default).
    expect(p.pod.spec.volumes).toEqual([{ name: 'v', emptyDir: { medium: '' } }]);
  });

  it.each([
    ['busybox', 'Always'],
    ['busybox:latest', 'Always'],
    ['podlab/toolbox:1', 'IfNotPresent'],
    ['localhost:5000/x/y', 'Always'],
    ['localhost:5000/x/y:2.1', 'IfNotPresent'],
    ['busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['busybox:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'Always'],
  ])('image %s → imagePullPolicy %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
    const p = onePod(podYaml().replace('podlab/toolbox:1', image));
    expect(p.pod.spec.containers[0]?.imagePullPolicy).toBe(policy);
  });

  it('keeps an explicit imagePullPolicy', () => {
    const p = onePod(podYaml('      imagePullPolicy: Never').replace('podlab/toolbox:1', 'busybox'));
    expect(p.pod.spec.containers[0]?.imagePullPolicy).toBe('Never');
  });
});

describe('supported fields', () => {
  it('reads a fully specified Pod', () => {
    const text = `
apiVersion: v1
kind: Pod
metadata:
  name: full.example
  namespace: lab-1
  labels: {app: web, "app.kubernetes.io/name": web, empty: ""}
  annotations: {note: "any text: here", "example.com/n": "1"}
spec:
  restartPolicy: OnFailure
  terminationGracePeriodSeconds: 0
  shareProcessNamespace: true
  hostname: box
  hostIPC: true
  volumes:
    - name: mem
      emptyDir: {medium: Memory, sizeLimit: 64Mi}
    - name: disk
      emptyDir:
  initContainers:
    - name: sidecar
      image: podlab/toolbox:1
      restartPolicy: Always
  containers:
    - name: app
      image: podlab/toolbox:1
      command: [sh, -c]
      args: ["echo $GREETING", "--", ""]
      workingDir: /work
      env:
        - name: GREETING
          value: hello
        - name: EMPTY
      ports:
        - {name: http, containerPort: 8080, hostPort: 18080, hostIP: 127.0.0.1}
        - {containerPort: 53, protocol: UDP}
        - {containerPort: 9, protocol: SCTP, hostPort: 0}
      volumeMounts:
        - {name: mem, mountPath: /mem, readOnly: true, subPath: a/b}
        - {name: disk, mountPath: /disk}
      resources:
        limits: {cpu: 500m, memory: 1Gi}
      securityContext:
        privileged: true
        capabilities:
          add: [NET_ADMIN, cap_sys_ptrace, CAP_SYS_TIME]
          drop: [all]
      stdin: true
      tty: true
`;
    const p = onePod(text);
    expect(p.warnings).toEqual([]);
    expect(p.source.line).toBe(2);
    expect(p.pod.metadata).toEqual({
      name: 'full.example',
      namespace: 'lab-1',
      labels: { app: 'web', 'app.kubernetes.io/name': 'web', empty: '' },
      annotations: { note: 'any text: here', 'example.com/n': '1' },
    });
    const s = p.pod.spec;
    expect([s.restartPolicy, s.terminationGracePeriodSeconds, s.shareProcessNamespace, s.hostname, s.hostIPC]).toEqual([
      'OnFailure',
      0,
      true,
      'box',
      true,
    ]);
    expect(s.volumes).toEqual([
      { name: 'mem', emptyDir: { medium: 'Memory', sizeLimitBytes: 64 * 1024 * 1024 } },
      { name: 'disk', emptyDir: { medium: '' } },
    ]);
    expect(s.initContainers[0]?.restartPolicy).toBe('Always');
    expect(s.containers[0]?.restartPolicy).toBeUndefined();
    expect(s.containers[0]).toEqual({
      name: 'app',
      image: 'podlab/toolbox:1',
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-c'],
      args: ['echo $GREETING', '--', ''],
      workingDir: '/work',
      env: [
        { name: 'GREETING', value: 'hello' },
        { name: 'EMPTY', value: '' },
      ],
      ports: [
        { name: 'http', containerPort: 8080, hostPort: 18080, hostIP: '127.0.0.1', protocol: 'TCP' },
        { containerPort: 53, protocol: 'UDP' },
        { containerPort: 9, hostPort: 0, protocol: 'SCTP' },
      ],
      volumeMounts: [
        { name: 'mem', mountPath: '/mem', readOnly: true, subPath: 'a/b' },
        { name: 'disk', mountPath: '/disk', readOnly: false },
      ],
      resources: { limits: { nanoCpus: 500_000_000, memoryBytes: 1024 ** 3 } },
      securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'SYS_PTRACE', 'SYS_TIME'], drop: ['ALL'] } },
      stdin: true,
      tty: true,
    });
  });

  it.each([
    ['500m', 500_000_000],
    ['1', 1_000_000_000],
    ['"0.5"', 500_000_000],
    ['0.5', 500_000_000],
    ['2', 2_000_000_000],
  ])('cpu limit %s → %d nano-CPUs', (cpu, nano) => {
    const p = onePod(podYaml(`      resources: {limits: {cpu: ${cpu}}}`));
    expect(p.pod.spec.containers[0]?.resources.limits).toEqual({ nanoCpus: nano });
  });

  it.each([
    ['64Mi', 64 * 1024 ** 2],
    ['1Gi', 1024 ** 3],
    ['128M', 128_000_000],
    ['1e8', 100_000_000],
    ['"1e8"', 100_000_000],
    ['134217728', 134_217_728],
  ])('memory limit %s → %d bytes', (memory, bytes) => {
    const p = onePod(podYaml(`      resources: {limits: {memory: ${memory}}}`));
    expect(p.pod.spec.containers[0]?.resources.limits).toEqual({ memoryBytes: bytes });
  });

  it('resolves YAML anchors and aliases', () => {
    const p = onePod(podYaml('      command: &cmd [sleep, "60"]\n    - name: second\n      image: podlab/toolbox:1\n      command: *cmd'));
    expect(p.pod.spec.containers.map((c) => c.command)).toEqual([
      ['sleep', '60'],
      ['sleep', '60'],
    ]);
  });
});

describe('multiple documents', () => {
  it('returns one Pod per document, skipping empty ones, with each document’s first line', () => {
    const text = [
      '# leading comment',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: one}',
      'spec: {containers: [{name: a, image: podlab/toolbox:1}]}',
      '---',
      '---',
      '# only a comment',
      '---',
      '~',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: two, namespace: other}',
      'spec: {containers: [{name: a, image: podlab/toolbox:1}]}',
      '',
    ].join('\n');
    const pods = parsePodManifests(text, 'multi.yaml');
    expect(pods.map((p) => [p.pod.metadata.name, p.pod.metadata.namespace, p.source])).toEqual([
      ['one', 'default', { file: 'multi.yaml', line: 3 }],
      ['two', 'other', { file: 'multi.yaml', line: 13 }],
    ]);
  });

  it('returns nothing when one document is invalid, and reports only that one', () => {
    const err = thrown(() => parsePodManifests(fixture('multi-doc-broken.yaml'), 'multi-doc-broken.yaml'));
    expect(err.message).toBe('1 problem in multi-doc-broken.yaml');
    expect(positions(problemsOf(fixture('multi-doc-broken.yaml')))).toEqual([[19, 14, 'spec.containers[0].image']]);
  });

  it('refuses the same Pod twice in one file', () => {
    const doc = podYaml();
    const problems = problemsOf(`${doc}\n---\n${doc}\n`);
    expect(positions(problems)).toEqual([[13, 9, 'metadata.name']]);
    expect(problems[0]?.message).toBe('Pod default/p is already defined in this file (line 4)');
  });

  it('treats a file with no document as an error', () => {
    for (const text of ['', '# nothing here\n', '---\n---\n']) {
      const err = thrown(() => parsePodManifests(text, 'empty.yaml'));
      expect(err.code).toBe('MANIFEST_INVALID');
      expect(err.message).toContain('no Pod in empty.yaml');
      expect(err.hint).toBeTruthy();
    }
  });
});

describe('reporting every problem at once', () => {
  it('lists all twelve problems of many-problems.yaml with exact positions', () => {
    const err = thrown(() => parsePodManifests(fixture('many-problems.yaml'), 'many-problems.yaml'));
    expect(err.message).toBe('12 problems in many-problems.yaml');
    expect(err.hint).toBeTruthy();
    const problems = problemsOf(fixture('many-problems.yaml'));
    expect(positions(problems)).toEqual([
      [5, 9, 'metadata.name'],
      [7, 14, 'metadata.labels.version'],
      [9, 18, 'spec.restartPolicy'],
      [12, 7, 'spec.volumes[0].hostPath'],
      [17, 26, 'spec.containers[0].command[1]'],
      [20, 11, 'spec.containers[0].env[0].valueFrom'],
      [23, 17, 'spec.containers[0].volumeMounts[0].name'],
      [24, 22, 'spec.containers[0].volumeMounts[0].mountPath'],
      [25, 7, 'spec.containers[1].image'],
      [26, 14, 'spec.containers[1].ports'],
      [27, 12, 'spec.containers[1].tty'],
      [29, 9, 'spec.containers[1].securityContext.runAsUser'],
    ]);
    const messages = problems.map((p) => p.message);
    expect(messages[1]).toBe('expected a string, found the number 2; quote it: "2"');
    expect(messages[2]).toContain('did you mean Always?');
    expect(messages[3]).toBe('volume type hostPath is not supported in Podlab; use emptyDir');
    expect(messages[4]).toBe('expected a string, found the number 3600; quote it: "3600"');
    expect(messages[5]).toMatch(/`valueFrom` is not supported by Podlab/);
    expect(messages[6]).toBe('volume "data" is not declared in spec.volumes');
    expect(messages[8]).toBe('a container needs an `image`');
    expect(messages[9]).toBe('expected a list, found the string "8080"');
    expect(messages[10]).toBe('expected true or false, found the string "yes"');
    expect(messages[11]).toMatch(/`runAsUser` is not supported by Podlab/);
  });

  it('formats as file:line:column field: message, one line per problem', () => {
    const err = thrown(() => parsePodManifests(fixture('many-problems.yaml'), 'many-problems.yaml'));
    const text = formatError(err);
    expect(text.split('\n')[0]).toBe('12 problems in many-problems.yaml');
    expect(text).toContain('  - many-problems.yaml:17:26 spec.containers[0].command[1]: expected a string, found the number 3600');
    expect((JSON.parse(JSON.stringify(err)) as { details: unknown[] }).details).toHaveLength(12);
  });

  it('lists every bad value of bad-values.yaml', () => {
    const problems = problemsOf(fixture('bad-values.yaml'));
    expect(positions(problems)).toEqual([
      [6, 14, 'metadata.namespace'],
      [8, 5, 'metadata.labels["-bad"]'],
      [10, 11, 'metadata.annotations.note'],
      [12, 13, 'spec.hostname'],
      [13, 34, 'spec.terminationGracePeriodSeconds'],
      [17, 17, 'spec.volumes[0].emptyDir.medium'],
      [18, 20, 'spec.volumes[0].emptyDir.sizeLimit'],
      [20, 13, 'spec.containers[0].name'],
      [21, 14, 'spec.containers[0].image'],
      [22, 24, 'spec.containers[0].imagePullPolicy'],
      [23, 19, 'spec.containers[0].workingDir'],
      [25, 17, 'spec.containers[0].env[0].name'],
      [28, 26, 'spec.containers[0].ports[0].containerPort'],
      [29, 21, 'spec.containers[0].ports[0].hostPort'],
      [30, 21, 'spec.containers[0].ports[0].protocol'],
      [31, 19, 'spec.containers[0].ports[0].hostIP'],
      [34, 17, 'spec.containers[0].ports[1].name'],
      [38, 20, 'spec.containers[0].volumeMounts[0].subPath'],
      [40, 22, 'spec.containers[0].volumeMounts[1].mountPath'],
      [43, 16, 'spec.containers[0].resources.limits.cpu'],
      [44, 19, 'spec.containers[0].resources.limits.memory'],
      [47, 32, 'spec.containers[0].securityContext.capabilities.add[1]'],
      [48, 18, 'spec.containers[0].securityContext.capabilities.drop[0]'],
    ]);
    const byField = new Map(problems.map((p) => [p.field, p.message]));
    expect(byField.get('spec.terminationGracePeriodSeconds')).toBe('must be 0 or more, found -1');
    expect(byField.get('spec.containers[0].image')).toContain('repository names must be lowercase');
    expect(byField.get('spec.containers[0].ports[0].protocol')).toContain('did you mean TCP?');
    expect(byField.get('spec.containers[0].resources.limits.memory')).toContain('did you mean 128Mi?');
    expect(byField.get('spec.containers[0].resources.limits.cpu')).toContain('10m');
    expect(byField.get('spec.containers[0].securityContext.capabilities.add[1]')).toContain('did you mean NET_ADMIN?');
    expect(byField.get('spec.containers[0].securityContext.capabilities.drop[0]')).toContain('quote it');
    expect(byField.get('spec.containers[0].ports[1].name')).toBe('port name "web" is already used at line 32');
  });
});

describe('typos', () => {
  it('suggests the known name within two edits, at every level', () => {
    const problems = problemsOf(fixture('typos.yaml'));
    expect(problems).toEqual([
      { line: 6, column: 3, field: 'metadata.lables', message: 'unknown field `lables`; did you mean `labels`?' },
      { line: 9, column: 3, field: 'spec.contianers', message: 'unknown field `contianers`; did you mean `containers`?' },
      {
        line: 15,
        column: 7,
        field: 'spec.containers[0].imagePullPolcy',
        message: 'unknown field `imagePullPolcy`; did you mean `imagePullPolicy`?',
      },
      { line: 18, column: 11, field: 'spec.containers[0].resources.limits.cpus', message: 'unknown field `cpus`; did you mean `cpu`?' },
    ]);
  });

  it('suggests across case and lists what is read when nothing is close', () => {
    const err = thrown(() => parsePodManifests(podYaml('      Image: x\n      frobnicate: 1'), 'pod.yaml'));
    expect(err.details.map((d) => d.message)).toEqual([
      'unknown field `Image`; did you mean `image`?',
      'unknown field `frobnicate`',
    ]);
    expect(err.details[1]?.hint).toMatch(/^fields Podlab reads here: name, image, /);
  });

  it('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('contianers', 'containers')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(suggestName('hostpid', ['hostPID', 'hostIPC'])).toBe('hostPID');
    expect(suggestName('x', ['os'])).toBeUndefined();
    expect(suggestName('volumez', ['volumes', 'containers'])).toBe('volumes');
    expect(suggestName('resourcesss', ['resources'])).toBe('resources');
    expect(suggestName('resourcessss', ['resources'])).toBeUndefined();
  });
});

describe('kinds and shapes', () => {
  it('accepts only kind: Pod and says what to do instead', () => {
    const err = thrown(() => parsePodManifests(fixture('wrong-kind.yaml'), 'wrong-kind.yaml'));
    expect(err.details.map((d) => [d.location?.line, d.location?.column, d.location?.field, d.message])).toEqual([
      [2, 7, 'kind', 'only kind: Pod is supported, found kind: Deployment'],
      [14, 7, 'kind', 'only kind: Pod is supported, found kind: List'],
    ]);
    expect(err.details[0]?.hint).toContain('spec.template');
    expect(err.details[1]?.hint).toContain('---');
  });

  it('requires apiVersion v1, kind, metadata.name and spec', () => {
    expect(positions(problemsOf('kind: Pod\napiVersion: apps/v1\nmetadata: {name: a}\nspec: {containers: [{name: a, image: b}]}'))).toEqual([
      [2, 13, 'apiVersion'],
    ]);
    const missing = problemsOf('apiVersion: v1\nmetadata:\n  labels: {a: b}\n');
    // Missing top-level fields point at the document's start; a missing name at `metadata:`.
    expect(missing.map((p) => [p.line, p.column, p.field, p.message])).toEqual([
      [1, 1, 'kind', '`kind` is required'],
      [1, 1, 'spec', '`spec` is required'],
      [2, 1, 'metadata.name', '`metadata.name` is required'],
    ]);
  });

  it('needs at least one container', () => {
    const problems = problemsOf(fixture('no-containers.yaml'));
    expect(positions(problems)).toEqual([[9, 3, 'spec.containers']]);
    expect(problems[0]?.message).toBe('a Pod needs at least one container in spec.containers');
    expect(positions(problemsOf('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  hostPID: true\n'))).toEqual([
      [4, 1, 'spec.containers'],
    ]);
  });

  it('refuses a document that is not a mapping', () => {
    const problems = problemsOf('- a\n- b\n');
    expect(positions(problems)).toEqual([[1, 1, undefined]]);
    expect(problems[0]?.message).toBe('expected a Pod (a mapping with apiVersion, kind, metadata and spec), found a list');
  });

  it('reports wrong types with what was expected and what was found', () => {
    const problems = problemsOf(
      podYaml(
        [
          '      command: sleep 60',
          '      args: [sleep, true, null]',
          '      stdin: "true"',
          '      env: {A: b}',
          '      resources: {limits: {cpu: [1]}}',
          '      ports: [{containerPort: "80"}, {containerPort: 1.5}]',
        ].join('\n'),
        '  hostNetwork: 1',
      ),
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [6, 'spec.hostNetwork', 'expected true or false, found the number 1'],
      [10, 'spec.containers[0].command', 'expected a list, found the string "sleep 60"'],
      [11, 'spec.containers[0].args[1]', 'expected a string, found the boolean true; quote it: "true"'],
      [11, 'spec.containers[0].args[2]', 'expected a string, found nothing (null)'],
      [12, 'spec.containers[0].stdin', 'expected true or false, found the string "true"'],
      [13, 'spec.containers[0].env', 'expected a list, found a mapping'],
      [14, 'spec.containers[0].resources.limits.cpu', 'expected a quantity such as 500m or 64Mi, found a list'],
      [15, 'spec.containers[0].ports[0].containerPort', 'expected a whole number, found the string "80"'],
      [15, 'spec.containers[0].ports[1].containerPort', 'expected a whole number, found the number 1.5'],
    ]);
  });

  it('reports a wrong type once, however many rules read the field', () => {
    const problems = problemsOf(
      podYaml('      volumeMounts: [{name: v, mountPath: 5}]', '  volumes: [{name: 7}]').replace('name: p', 'name: 3'),
    );
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [4, 'metadata.name', 'expected a string, found the number 3; quote it: "3"'],
      [6, 'spec.volumes[0].name', 'expected a string, found the number 7; quote it: "7"'],
      [10, 'spec.containers[0].volumeMounts[0].mountPath', 'expected a string, found the number 5; quote it: "5"'],
    ]);
  });

  it('reports YAML syntax errors at their line', () => {
    const problems = problemsOf(fixture('syntax-error.yaml'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(9);
    expect(problems[0]?.message).toMatch(/^YAML: /);
    expect(problems[0]?.message).not.toContain('\n');
  });

  it('reports a repeated key together with the other problems of the document', () => {
    const problems = problemsOf(podYaml('      image: other\n      tty: maybe'));
    expect(problems.map((p) => [p.line, p.column, p.field ?? null])).toEqual([
      [9, 7, null],
      [10, 12, 'spec.containers[0].tty'],
    ]);
    expect(problems[0]?.message).toContain('Map keys must be unique');
  });
});

describe('unsupported and ignored fields', () => {
  it('refuses fields that would change what the Pod means, naming field and line', () => {
    const problems = problemsOf(fixture('unsupported.yaml'));
    expect(positions(problems)).toEqual([
      [7, 3, 'spec.hostAliases'],
      [10, 3, 'spec.dnsConfig'],
      [12, 3, 'spec.subdomain'],
      [13, 3, 'spec.runtimeClassName'],
      [14, 3, 'spec.os'],
      [16, 3, 'spec.overhead'],
      [18, 3, 'spec.readinessGates'],
      [20, 3, 'spec.ephemeralContainers'],
      [26, 7, 'spec.containers[0].envFrom'],
      [28, 7, 'spec.containers[0].volumeDevices'],
      [32, 9, 'spec.containers[0].securityContext.runAsUser'],
      [33, 9, 'spec.containers[0].securityContext.runAsGroup'],
      [34, 9, 'spec.containers[0].securityContext.readOnlyRootFilesystem'],
    ]);
    for (const p of problems) {
      const name = p.field?.split('.').pop() ?? '';
      expect(p.message).toContain(`\`${name}\` is not supported by Podlab: `);
    }
  });

  it.each(['configMap', 'secret', 'persistentVolumeClaim', 'hostPath'])('refuses volume type %s', (type) => {
    const problems = problemsOf(podYaml('', `  volumes:\n    - name: v\n      ${type}: {}`));
    expect(problems).toEqual([
      { line: 8, column: 7, field: `spec.volumes[0].${type}`, message: `volume type ${type} is not supported in Podlab; use emptyDir` },
    ]);
  });

  it('refuses a second volume of the same name', () => {
    const problems = problemsOf(podYaml('', '  volumes: [{name: v}, {name: v, emptyDir: {}}]'));
    expect(problems.map((p) => [p.line, p.column, p.field, p.message])).toEqual([[6, 31, 'spec.volumes[1].name', 'volume name "v" is already declared at line 6']]);
  });

  it('warns, with field and line, about known fields that change nothing on one machine', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: warned
  uid: 0b5a
  resourceVersion: "42"
  creationTimestamp: null
spec:
  nodeName: node-1
  nodeSelector: {disk: ssd}
  serviceAccountName: robot
  automountServiceAccountToken: false
  priorityClassName: high
  dnsPolicy: Default
  schedulerName: default-scheduler
  enableServiceLinks: true
  tolerations: []
  affinity: {}
  containers:
    - name: app
      image: podlab/toolbox:1
      livenessProbe: {exec: {command: ["true"]}}
      readinessProbe: {tcpSocket: {port: 80}}
      startupProbe: {exec: {command: ["true"]}}
      lifecycle: {preStop: {exec: {command: ["true"]}}}
      terminationMessagePath: /tmp/message
      terminationMessagePolicy: File
      resources:
        requests: {cpu: 100m}
      stdinOnce: false
status:
  phase: Running
`;
    const p = onePod(text);
    expect(p.warnings.map((w) => [w.location?.line, w.location?.column, w.location?.field])).toEqual([
      [5, 3, 'metadata.uid'],
      [6, 3, 'metadata.resourceVersion'],
      [9, 3, 'spec.nodeName'],
      [10, 3, 'spec.nodeSelector'],
      [11, 3, 'spec.serviceAccountName'],
      [12, 3, 'spec.automountServiceAccountToken'],
      [13, 3, 'spec.priorityClassName'],
      [14, 3, 'spec.dnsPolicy'],
      [22, 7, 'spec.containers[0].livenessProbe'],
      [23, 7, 'spec.containers[0].readinessProbe'],
      [24, 7, 'spec.containers[0].startupProbe'],
      [25, 7, 'spec.containers[0].lifecycle'],
      [26, 7, 'spec.containers[0].terminationMessagePath'],
      [29, 9, 'spec.containers[0].resources.requests'],
      [31, 1, 'status'],
    ]);
    for (const w of p.warnings) {
      expect(w).toBeInstanceOf(PodlabError);
      expect(w.location?.file).toBe('pod.yaml');
      expect(w.message).toMatch(/^`\w+` is not applied by Podlab: /);
    }
  });

  it('stays silent about values that equal the Kubernetes default (kubectl -o yaml output)', () => {
    const p = onePod(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels: {run: x}
  name: x
spec:
  containers:
  - image: podlab/toolbox:1
    name: x
    resources: {}
    terminationMessagePolicy: File
  dnsPolicy: ClusterFirst
  restartPolicy: Always
  securityContext: {}
status: {}
`);
    expect(p.warnings).toEqual([]);
  });

  it('refuses generateName without a name, and ignores it with a warning next to one', () => {
    const problems = problemsOf(fixture('generate-name.yaml'));
    expect(problems).toEqual([
      {
        line: 4,
        column: 3,
        field: 'metadata.generateName',
        message: '`generateName` is not supported by Podlab: it needs a fixed metadata.name',
      },
    ]);
    const p = onePod(podYaml('', '', '  generateName: p-'));
    expect(p.warnings.map((w) => [w.location?.line, w.location?.field])).toEqual([[5, 'metadata.generateName']]);
  });

  it('refuses pod-level securityContext settings and Pod-level resources', () => {
    const problems = problemsOf(podYaml('', '  securityContext: {runAsUser: 1000, fsGroup: 2}\n  resources: {limits: {cpu: 1}}'));
    expect(positions(problems)).toEqual([
      [6, 21, 'spec.securityContext.runAsUser'],
      [6, 38, 'spec.securityContext.fsGroup'],
      [7, 3, 'spec.resources'],
    ]);
  });

  it('refuses env valueFrom and unsupported resource names', () => {
    const problems = problemsOf(
      podYaml('      env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: k}}}]\n      resources: {limits: {ephemeral-storage: 1Gi, nvidia.com/gpu: 1}}'),
    );
    expect(positions(problems)).toEqual([
      [9, 23, 'spec.containers[0].env[0].valueFrom'],
      [10, 28, 'spec.containers[0].resources.limits["ephemeral-storage"]'],
      [10, 52, 'spec.containers[0].resources.limits["nvidia.com/gpu"]'],
    ]);
  });
});

describe('names', () => {
  it('limits the Pod name to 63 characters (it becomes the hostname) and checks labels and hostnames', () => {
    const long = 'a'.repeat(64);
    const problems = problemsOf(podYaml('', `  hostname: ${long}`, '  labels: {app: "bad value!"}').replace('name: p', `name: ${long}`));
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [4, 'metadata.name', `Pod name "${long}" is not valid (it becomes the hostname): it is 64 characters long; the maximum is 63`],
      [5, 'metadata.labels.app', expect.stringContaining('label value "bad value!" is not valid')],
      [7, 'spec.hostname', `hostname "${long}" is not valid: it is 64 characters long; the maximum is 63`],
    ]);
    expect(onePod(podYaml().replace('name: p', `name: ${'a'.repeat(63)}`)).pod.metadata.name).toHaveLength(63);
  });
});

describe('cross-field rules', () => {
  it('checks names, sidecars, hostNetwork ports and hostPID together', () => {
    const problems = problemsOf(fixture('cross-field.yaml'));
    expect(problems.map((p) => [p.line, p.column, p.field, p.message])).toEqual([
      [9, 26, 'spec.shareProcessNamespace', expect.stringContaining('cannot be combined with hostPID')],
      [13, 13, 'spec.volumes[1].name', 'volume name "data" is already declared at line 11'],
      [18, 22, 'spec.initContainers[0].restartPolicy', expect.stringContaining('can only be Always')],
      [20, 13, 'spec.containers[0].name', 'container name "app" is already used at line 16'],
      [22, 7, 'spec.containers[0].restartPolicy', 'restartPolicy on a container is not supported by Podlab'],
      [25, 21, 'spec.containers[0].ports[0].hostPort', 'with hostNetwork, hostPort must equal containerPort (8080), found 9090'],
      // On the host network every containerPort is a host port: 8081 twice collides.
      [30, 26, 'spec.containers[1].ports[0].containerPort', 'host port 8081/TCP is already used at line 26'],
    ]);
  });

  it('refuses the same hostPort + protocol + hostIP twice, across init and app containers', () => {
    const problems = problemsOf(fixture('host-ports.yaml'));
    expect(problems.map((p) => [p.line, p.column, p.field, p.message])).toEqual([
      [20, 21, 'spec.containers[0].ports[0].hostPort', 'host port 18080/TCP is already used at line 14'],
    ]);
  });

  it('allows hostNetwork with hostPort equal to containerPort', () => {
    const p = onePod(podYaml('      ports: [{containerPort: 8080, hostPort: 8080}]', '  hostNetwork: true'));
    expect(p.pod.spec.hostNetwork).toBe(true);
    expect(p.pod.spec.containers[0]?.ports).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
  });

  it('allows hostPID and shareProcessNamespace on their own', () => {
    expect(onePod(podYaml('', '  hostPID: true')).pod.spec.hostPID).toBe(true);
    expect(onePod(podYaml('', '  shareProcessNamespace: true')).pod.spec.shareProcessNamespace).toBe(true);
  });

  it('suggests a declared volume for a mount with a near name', () => {
    const problems = problemsOf(podYaml('      volumeMounts: [{name: shard, mountPath: /s}]', '  volumes: [{name: shared}]'));
    expect(problems.map((p) => p.message)).toEqual(['volume "shard" is not declared in spec.volumes; did you mean "shared"?']);
  });

  it('refuses memory limits Docker refuses, and zero', () => {
    const problems = problemsOf(podYaml('      resources: {limits: {memory: 1Mi, cpu: "0"}}'));
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['spec.containers[0].resources.limits.memory', "memory limit 1Mi is 1048576 bytes; Docker's minimum is 6Mi"],
      ['spec.containers[0].resources.limits.cpu', '`0` must be greater than 0'],
    ]);
  });
});

describe('readPodManifests', () => {
  it('reads a file', async () => {
    const pods = await readPodManifests(path.join(EXAMPLES, 'two-containers.yaml'));
    expect(pods[0]?.source.file).toBe(path.join(EXAMPLES, 'two-containers.yaml'));
  });

  it('reads standard input for -', async () => {
    const pods = await readPodManifests('-', Readable.from([Buffer.from(podYaml())]));
    expect(pods.map((p) => [p.pod.metadata.name, p.source.file])).toEqual([['p', '<stdin>']]);
  });

  it('turns a missing file into a USAGE error with a next step', async () => {
    const missing = path.join(FIXTURES, 'does-not-exist.yaml');
    const err = await readPodManifests(missing).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PodlabError);
    expect((err as PodlabError).code).toBe('USAGE');
    expect((err as PodlabError).message).toBe(`cannot read ${missing}: no such file`);
    expect((err as PodlabError).hint).toBeTruthy();
  });

  it('names the file in manifest errors', async () => {
    const file = path.join(FIXTURES, 'typos.yaml');
    const err = await readPodManifests(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as PodlabError).message).toBe(`4 problems in ${file}`);
    expect((err as PodlabError).details.every((d) => d.location?.file === file)).toBe(true);
  });
});
