// Kubernetes v1 Pod manifests → the normalized PodSpec, with every problem of a file reported at
// once (file:line:column and the field path), Kubernetes defaults applied, and nothing returned
// when anything is wrong. What each field level accepts lives in fields.ts.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { type Document, LineCounter, type YAMLError, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { type ErrorLocation, PodlabError } from '../../base/errors.js';
import {
  CAPABILITIES,
  CONTAINER,
  CONTAINER_PORT,
  CONTAINER_SECURITY_CONTEXT,
  EMPTY_DIR,
  ENV_VAR,
  METADATA,
  POD_OBJECT,
  POD_SECURITY_CONTEXT,
  POD_SPEC,
  RESOURCES,
  RESOURCE_LIMITS,
  VOLUME,
  VOLUME_MOUNT,
} from './fields.js';
import {
  LINUX_CAPABILITIES,
  defaultPullPolicy,
  dnsLabelProblem,
  dnsSubdomainProblem,
  imageReferenceProblem,
  labelValueProblem,
  normalizeCapability,
  portNameProblem,
  qualifiedNameProblem,
} from './formats.js';
import { type Field, type Fields, ManifestReader, describe, nameOf } from './reader.js';
import { suggestName } from './suggest.js';
import { cpuToNanoCpus, memoryToBytes } from './quantity.js';
import type {
  ContainerPort,
  ContainerSpec,
  EnvVar,
  ParsedPod,
  PodSpec,
  PullPolicy,
  RestartPolicy,
  VolumeMount,
  VolumeSpec,
} from './spec.js';

const POD_RESTART_POLICIES: readonly RestartPolicy[] = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES: readonly PullPolicy[] = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS: readonly ContainerPort['protocol'][] = ['TCP', 'UDP', 'SCTP'];
const DEFAULT_GRACE_SECONDS = 30;
/** Docker refuses smaller memory limits ("Minimum memory limit allowed is 6MB"). */
const DOCKER_MIN_MEMORY_BYTES = 6 * 1024 * 1024;
/** CFS quota cannot go below 1 ms per 100 ms period: 0.01 CPU (the kubelet clamps to this too). */
const MIN_NANO_CPUS = 10_000_000;

/**
 * Parses every YAML document of `text` (empty ones are skipped) into Pods. Throws one
 * PodlabError('MANIFEST_INVALID') listing every problem in `details` when any document is wrong.
 */
export function parsePodManifests(text: string, file: string): ParsedPod[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const problems: PodlabError[] = [];
  const pods: ParsedPod[] = [];
  const firstByName = new Map<string, number>();
  let documents = 0;

  for (const doc of docs) {
    const syntax = doc.errors.map((e) => yamlProblem(e, file, lines));
    problems.push(...syntax);
    // A repeated key leaves a sound tree (the reader skips the repeat); other syntax errors
    // do not, and checking fields of a broken tree would only add noise.
    if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) continue;
    if (isEmptyDocument(doc)) continue;
    documents++;

    const reader = new ManifestReader(file, lines, doc);
    const read = readPod(reader);
    problems.push(...reader.errors);
    if (!read || reader.errors.length > 0 || syntax.length > 0) continue;

    const id = `${read.pod.metadata.namespace}/${read.pod.metadata.name}`;
    const first = firstByName.get(id);
    if (first !== undefined) {
      reader.problem(read.name, `Pod ${id} is already defined in this file (line ${first})`, 'give each Pod its own metadata.name');
      problems.push(...reader.errors);
      continue;
    }
    firstByName.set(id, reader.lineOf(read.name) ?? reader.startLine());
    const yamlWarnings = doc.warnings.map((w) => yamlProblem(w, file, lines));
    pods.push({
      pod: read.pod,
      source: { file, line: reader.startLine() },
      warnings: [...yamlWarnings, ...reader.warnings].sort(byPosition),
    });
  }

  if (problems.length > 0) {
    const n = problems.length;
    // The file is named in the message; each detail carries its own file:line:column.
    throw new PodlabError('MANIFEST_INVALID', `${n} problem${n === 1 ? '' : 's'} in ${file}`, {
      details: problems.sort(byPosition),
      hint: `fix ${n === 1 ? 'it' : 'each one'} at the line and field shown, then run again`,
    });
  }
  if (documents === 0) {
    throw new PodlabError('MANIFEST_INVALID', `no Pod in ${file}: it is empty or only has comments`, {
      location: { file },
      hint: 'write a Pod manifest (apiVersion: v1, kind: Pod, metadata.name, spec.containers); see labs/examples/',
    });
  }
  return pods;
}

/** Reads and parses a manifest file; `-` reads standard input. */
export async function readPodManifests(file: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<ParsedPod[]> {
  let text: string;
  try {
    text = file === '-' ? await readAll(stdin) : await readFile(file, 'utf8');
  } catch (err) {
    throw new PodlabError('USAGE', `cannot read ${file}: ${readFailure(err)}`, {
      hint: 'check the path, or pass - to read the manifest from standard input',
      cause: err,
    });
  }
  return parsePodManifests(text, file === '-' ? '<stdin>' : file);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && (contents.value === null || contents.value === undefined));
}

const YAML_HINTS: Partial<Record<YAMLError['code'], string>> = {
  DUPLICATE_KEY: 'remove one of the two; a field can be written only once',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'check the indentation of this line against the lines above',
  MULTILINE_IMPLICIT_KEY: 'check the indentation, or quote a value that contains `: `',
};

function yamlProblem(e: YAMLError, file: string, lines: LineCounter): PodlabError {
  const { line, col } = lines.linePos(e.pos[0]);
  const location: ErrorLocation = { file, line, column: col };
  const text = e.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '');
  return new PodlabError('MANIFEST_INVALID', `YAML: ${text}`, {
    location,
    hint: YAML_HINTS[e.code] ?? 'check the indentation and quoting around this line',
  });
}

function byPosition(a: PodlabError, b: PodlabError): number {
  const la = a.location?.line ?? Number.MAX_SAFE_INTEGER;
  const lb = b.location?.line ?? Number.MAX_SAFE_INTEGER;
  return la - lb || (a.location?.column ?? 0) - (b.location?.column ?? 0);
}

// ---------------------------------------------------------------------------------------------
// One document

interface ReadPod {
  pod: PodSpec;
  /** Where metadata.name is, for cross-document checks. */
  name: Field;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

function readPod(r: ManifestReader): ReadPod | undefined {
  const root = r.root();
  if (!isMap(root.node)) {
    r.problem(root, `expected a Pod (a mapping with apiVersion, kind, metadata and spec), found ${describe(root.node)}`);
    return undefined;
  }

  // The kind decides which fields exist: another kind's fields would only produce noise.
  const kindField = r.peek(root, 'kind');
  const kind = r.string(kindField);
  if (kind === undefined && kindField.node !== undefined) return undefined;
  if (kind !== undefined && kind !== 'Pod') {
    r.problem(kindField, `only kind: Pod is supported, found kind: ${kind}`, kindHint(kind));
    return undefined;
  }

  const top = r.mapping(root, POD_OBJECT);
  r.required(top.get('kind'), root, '`kind` is required', 'write kind: Pod');
  const apiVersionField = top.get('apiVersion');
  if (r.required(apiVersionField, root, '`apiVersion` is required', 'write apiVersion: v1')) {
    const apiVersion = r.string(apiVersionField);
    if (apiVersion !== undefined && apiVersion !== 'v1') {
      r.problem(apiVersionField, `a Pod's apiVersion is v1, found ${JSON.stringify(apiVersion)}`, 'write apiVersion: v1');
    }
  }

  const meta = readMetadata(r, root, top.get('metadata'));
  const specField = top.get('spec');
  if (!r.required(specField, root, '`spec` is required', 'add spec.containers with at least one container')) return undefined;
  const spec = readPodSpec(r, specField);
  return { pod: { apiVersion: 'v1', kind: 'Pod', metadata: meta.metadata, spec }, name: meta.name };
}

function kindHint(kind: string): string {
  if (kind === 'List') return 'put each Pod in its own YAML document, separated by a line `---`';
  if (WORKLOAD_KINDS.has(kind)) return `Podlab runs bare Pods: copy the ${kind}'s Pod template (spec.template.metadata and spec.template.spec) into a kind: Pod manifest`;
  if (kind === 'CronJob') return 'Podlab runs bare Pods: copy spec.jobTemplate.spec.template into a kind: Pod manifest';
  return 'Podlab runs Pods only; remove this document';
}

function readMetadata(r: ManifestReader, root: Field, metaField: Field): { metadata: PodSpec['metadata']; name: Field } {
  const meta = r.mapping(metaField, METADATA);
  const nameField = meta.get('name');
  const generateName = meta.get('generateName');
  let name = '';
  if (nameField.node !== undefined) {
    const value = r.string(nameField);
    name = value ?? '';
    const problem = value === undefined ? undefined : dnsSubdomainProblem(value, 63);
    if (problem) r.problem(nameField, `Pod name ${JSON.stringify(value)} is not valid (it becomes the hostname): ${problem}`);
    if (generateName.node !== undefined) r.warnAtKey(generateName, '`generateName` is not applied by Podlab: metadata.name is set');
  } else if (generateName.node !== undefined) {
    r.problemAtKey(generateName, '`generateName` is not supported by Podlab: it needs a fixed metadata.name', 'replace generateName with name');
  } else {
    r.required(nameField, metaField.node !== undefined ? metaField : root, '`metadata.name` is required', 'add metadata.name, e.g. name: web');
  }

  const namespaceField = meta.get('namespace');
  const namespace = r.string(namespaceField) ?? 'default';
  const nsProblem = namespaceField.node !== undefined ? dnsLabelProblem(namespace) : undefined;
  if (nsProblem) r.problem(namespaceField, `namespace ${JSON.stringify(namespace)} is not valid: ${nsProblem}`);

  const labels: Record<string, string> = {};
  for (const entry of r.entries(meta.get('labels'))) {
    const key = nameOf(entry);
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) r.problemAtKey(entry, `label key ${JSON.stringify(key)} is not valid: ${keyProblem}`);
    const value = r.string(entry);
    if (value === undefined) {
      if (entry.node === undefined) r.problemAtKey(entry, 'a label needs a value', 'write "" for an empty value');
      continue;
    }
    const valueProblem = labelValueProblem(value);
    if (valueProblem) r.problem(entry, `label value ${JSON.stringify(value)} is not valid: ${valueProblem}`);
    labels[key] = value;
  }

  const annotations: Record<string, string> = {};
  for (const entry of r.entries(meta.get('annotations'))) {
    const key = nameOf(entry);
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) r.problemAtKey(entry, `annotation key ${JSON.stringify(key)} is not valid: ${keyProblem}`);
    const value = r.string(entry);
    if (value === undefined) {
      if (entry.node === undefined) r.problemAtKey(entry, 'an annotation needs a value', 'write "" for an empty value');
      continue;
    }
    annotations[key] = value;
  }

  return { metadata: { name, namespace, labels, annotations }, name: nameField };
}

// ---------------------------------------------------------------------------------------------
// spec

interface ReadContainer {
  spec: ContainerSpec;
  name: Field;
  ports: { port: ContainerPort; field: Fields }[];
}

function readPodSpec(r: ManifestReader, specField: Field): PodSpec['spec'] {
  const spec = r.mapping(specField, POD_SPEC);
  // Every pod-level securityContext field changes meaning; an empty one is fine.
  r.mapping(spec.get('securityContext'), POD_SECURITY_CONTEXT);

  const volumes = readVolumes(r, spec.get('volumes'));
  // When a volume's name could not be read, "not declared" on a mount would only echo that.
  const volumeNames = volumes.every((v) => v.name) ? new Set(volumes.map((v) => v.name)) : undefined;

  const initItems = r.list(spec.get('initContainers'), '[{name: setup, image: podlab/toolbox:1}]');
  const initContainers = initItems.map((f) => readContainer(r, f, 'init', volumeNames));
  const containersField = spec.get('containers');
  const items = r.list(containersField, '[{name: app, image: podlab/toolbox:1}]');
  const containers = items.map((f) => readContainer(r, f, 'regular', volumeNames));
  if (items.length === 0 && (containersField.node === undefined || isEmptyList(containersField))) {
    r.required({ ...containersField, node: undefined }, specField, 'a Pod needs at least one container in spec.containers', 'add spec.containers with a name and an image');
  }

  const restartPolicy = r.oneOf(spec.get('restartPolicy'), POD_RESTART_POLICIES) ?? 'Always';
  const grace = r.integer(spec.get('terminationGracePeriodSeconds'), 0, Number.MAX_SAFE_INTEGER) ?? DEFAULT_GRACE_SECONDS;
  const shareField = spec.get('shareProcessNamespace');
  const shareProcessNamespace = r.boolean(shareField) ?? false;
  const hostNetwork = r.boolean(spec.get('hostNetwork')) ?? false;
  const hostPID = r.boolean(spec.get('hostPID')) ?? false;
  const hostIPC = r.boolean(spec.get('hostIPC')) ?? false;

  const hostnameField = spec.get('hostname');
  const hostname = r.string(hostnameField);
  const hostnameProblem = hostname === undefined ? undefined : dnsLabelProblem(hostname);
  if (hostnameProblem) r.problem(hostnameField, `hostname ${JSON.stringify(hostname)} is not valid: ${hostnameProblem}`);

  if (hostPID && shareProcessNamespace) {
    r.problem(shareField, 'shareProcessNamespace cannot be combined with hostPID: the containers already share the host\'s PID namespace', 'remove one of the two');
  }
  checkContainerNames(r, [...initContainers, ...containers]);
  checkHostPorts(r, [...initContainers, ...containers], hostNetwork);

  return {
    initContainers: initContainers.map((c) => c.spec),
    containers: containers.map((c) => c.spec),
    volumes,
    restartPolicy,
    shareProcessNamespace,
    ...(hostname !== undefined ? { hostname } : {}),
    hostNetwork,
    hostPID,
    hostIPC,
    terminationGracePeriodSeconds: grace,
  };
}

function isEmptyList(f: Field): boolean {
  return isSeq(f.node) && f.node.items.length === 0;
}

function checkContainerNames(r: ManifestReader, all: ReadContainer[]): void {
  const first = new Map<string, Field>();
  for (const c of all) {
    if (!c.spec.name) continue;
    const earlier = first.get(c.spec.name);
    if (earlier) {
      r.problem(c.name, `container name ${JSON.stringify(c.spec.name)} is already used at line ${r.lineOf(earlier)}`, 'names must be unique across initContainers and containers');
    } else first.set(c.spec.name, c.name);
  }
}

/** Kubernetes rules on host ports; all of a Pod's ports are published by its one infra container. */
function checkHostPorts(r: ManifestReader, all: ReadContainer[], hostNetwork: boolean): void {
  const used = new Map<string, Field>();
  for (const c of all) {
    for (const { port, field } of c.ports) {
      const hostPortField = field.get('hostPort');
      if (hostNetwork && port.hostPort && port.hostPort !== port.containerPort) {
        r.problem(hostPortField, `with hostNetwork, hostPort must equal containerPort (${port.containerPort}), found ${port.hostPort}`, 'on the host network the container listens on the host directly; remove hostPort or set it to containerPort');
        continue;
      }
      // On the host network every container port is a host port.
      const hostPort = hostNetwork ? port.containerPort : port.hostPort;
      if (!hostPort) continue;
      const id = `${port.hostIP ?? ''}/${port.protocol}/${hostPort}`;
      const at = hostPortField.node !== undefined ? hostPortField : field.get('containerPort');
      const earlier = used.get(id);
      if (earlier) {
        r.problem(at, `host port ${hostPort}/${port.protocol}${port.hostIP ? ` on ${port.hostIP}` : ''} is already used at line ${r.lineOf(earlier)}`, 'each hostPort + protocol + hostIP can be used once per Pod');
      } else used.set(id, at);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// volumes

function readVolumes(r: ManifestReader, field: Field): VolumeSpec[] {
  const volumes: VolumeSpec[] = [];
  const first = new Map<string, Field>();
  for (const item of r.list(field, '[{name: data, emptyDir: {}}]')) {
    if (item.node === undefined) {
      r.problem(item, 'expected a volume (a mapping with name and emptyDir), found nothing (null)');
      continue;
    }
    const v = r.mapping(item, VOLUME, 'a volume (a mapping with name and emptyDir)');
    const nameField = v.get('name');
    let name = '';
    if (r.required(nameField, item, 'a volume needs a `name`')) {
      const value = r.string(nameField);
      name = value ?? '';
      const problem = value === undefined ? undefined : dnsLabelProblem(value);
      if (problem) r.problem(nameField, `volume name ${JSON.stringify(name)} is not valid: ${problem}`);
      const earlier = first.get(name);
      if (earlier && name) r.problem(nameField, `volume name ${JSON.stringify(name)} is already declared at line ${r.lineOf(earlier)}`, 'give each volume its own name');
      else if (name) first.set(name, nameField);
    }

    // A volume without a source is an emptyDir: the Kubernetes default.
    const emptyDir = r.mapping(v.get('emptyDir'), EMPTY_DIR);
    const mediumField = emptyDir.get('medium');
    const medium = r.oneOf(mediumField, ['', 'Memory'] as const) ?? '';
    const sizeText = r.quantityText(emptyDir.get('sizeLimit'));
    let sizeLimitBytes: number | undefined;
    if (sizeText !== undefined) sizeLimitBytes = readMemory(r, emptyDir.get('sizeLimit'), sizeText);
    volumes.push({ name, emptyDir: { medium, ...(sizeLimitBytes !== undefined ? { sizeLimitBytes } : {}) } });
  }
  return volumes;
}

// ---------------------------------------------------------------------------------------------
// containers

function readContainer(r: ManifestReader, item: Field, role: 'init' | 'regular', volumeNames: ReadonlySet<string> | undefined): ReadContainer {
  if (item.node === undefined) r.problem(item, 'expected a container (a mapping with name and image), found nothing (null)');
  const c = r.mapping(item, CONTAINER, 'a container (a mapping with name and image)');

  const nameField = c.get('name');
  let name = '';
  if (item.node !== undefined && r.required(nameField, item, 'a container needs a `name`')) {
    const value = r.string(nameField);
    if (value !== undefined) {
      name = value;
      const problem = dnsLabelProblem(value);
      if (problem) r.problem(nameField, `container name ${JSON.stringify(value)} is not valid: ${problem}`);
    }
  }

  const imageField = c.get('image');
  let image = '';
  if (item.node !== undefined && r.required(imageField, item, 'a container needs an `image`', 'e.g. image: podlab/toolbox:1')) {
    const value = r.string(imageField);
    if (value !== undefined) {
      image = value;
      const problem = value === '' ? 'it must not be empty' : imageReferenceProblem(value);
      if (problem) r.problem(imageField, `image ${JSON.stringify(value)} is not valid: ${problem}`);
    }
  }
  const imagePullPolicy = r.oneOf(c.get('imagePullPolicy'), PULL_POLICIES) ?? defaultPullPolicy(image);

  const command = r.stringList(c.get('command'), '["sh", "-c", "echo hello"]');
  const args = r.stringList(c.get('args'), '["-c", "echo hello"]');

  const workingDirField = c.get('workingDir');
  const workingDir = r.string(workingDirField);
  if (workingDir !== undefined && !workingDir.startsWith('/')) {
    r.problem(workingDirField, `workingDir must be an absolute path, found ${JSON.stringify(workingDir)}`);
  }

  const ports = readPorts(r, c.get('ports'));
  const spec: ContainerSpec = {
    name,
    image,
    imagePullPolicy,
    ...(command !== undefined ? { command } : {}),
    ...(args !== undefined ? { args } : {}),
    env: readEnv(r, c.get('env')),
    ...(workingDir !== undefined ? { workingDir } : {}),
    ports: ports.map((p) => p.port),
    volumeMounts: readMounts(r, c.get('volumeMounts'), volumeNames),
    resources: { limits: readLimits(r, c.get('resources')) },
    securityContext: readSecurityContext(r, c.get('securityContext')),
    stdin: r.boolean(c.get('stdin')) ?? false,
    tty: r.boolean(c.get('tty')) ?? false,
  };

  const restartField = c.get('restartPolicy');
  if (restartField.node !== undefined) {
    const value = r.string(restartField);
    if (role === 'regular') {
      r.problemAtKey(restartField, 'restartPolicy on a container is not supported by Podlab', 'set spec.restartPolicy for the Pod, or put the container under initContainers with restartPolicy: Always to make it a sidecar');
    } else if (value !== undefined && value !== 'Always') {
      r.problem(restartField, `an init container's restartPolicy can only be Always (a native sidecar), found ${JSON.stringify(value)}`, 'remove it to run the init container to completion once');
    } else if (value === 'Always') spec.restartPolicy = 'Always';
  }
  return { spec, name: nameField, ports };
}

function readEnv(r: ManifestReader, field: Field): EnvVar[] {
  const env: EnvVar[] = [];
  for (const item of r.list(field, '[{name: GREETING, value: "hello"}]')) {
    if (item.node === undefined) {
      r.problem(item, 'expected an environment variable (a mapping with name and value), found nothing (null)');
      continue;
    }
    const e = r.mapping(item, ENV_VAR, 'an environment variable (a mapping with name and value)');
    const nameField = e.get('name');
    if (!r.required(nameField, item, 'an environment variable needs a `name`')) continue;
    const name = r.string(nameField);
    if (name === undefined) continue;
    if (name === '' || name.includes('=')) {
      r.problem(nameField, `environment variable name ${JSON.stringify(name)} is not valid: it must be non-empty and contain no \`=\``);
    }
    env.push({ name, value: r.string(e.get('value')) ?? '' });
  }
  return env;
}

function readPorts(r: ManifestReader, field: Field): ReadContainer['ports'] {
  const ports: ReadContainer['ports'] = [];
  const names = new Map<string, Field>();
  for (const item of r.list(field, '[{containerPort: 8080}]')) {
    if (item.node === undefined) {
      r.problem(item, 'expected a port (a mapping with containerPort), found nothing (null)');
      continue;
    }
    const p = r.mapping(item, CONTAINER_PORT, 'a port (a mapping with containerPort)');
    const containerPortField = p.get('containerPort');
    const containerPort = r.required(containerPortField, item, 'a port needs a `containerPort`')
      ? r.integer(containerPortField, 1, 65535)
      : undefined;
    const hostPort = r.integer(p.get('hostPort'), 0, 65535);
    const hostIPField = p.get('hostIP');
    const hostIP = r.string(hostIPField);
    if (hostIP !== undefined && isIP(hostIP) === 0) r.problem(hostIPField, `hostIP must be an IP address, found ${JSON.stringify(hostIP)}`);
    const protocol = r.oneOf(p.get('protocol'), PROTOCOLS) ?? 'TCP';

    const nameField = p.get('name');
    const name = r.string(nameField);
    if (name !== undefined) {
      const problem = portNameProblem(name);
      if (problem) r.problem(nameField, `port name ${JSON.stringify(name)} is not valid: ${problem}`);
      const earlier = names.get(name);
      if (earlier) r.problem(nameField, `port name ${JSON.stringify(name)} is already used at line ${r.lineOf(earlier)}`);
      else names.set(name, nameField);
    }
    if (containerPort === undefined) continue;
    ports.push({
      port: {
        ...(name !== undefined ? { name } : {}),
        containerPort,
        ...(hostPort !== undefined ? { hostPort } : {}),
        ...(hostIP !== undefined ? { hostIP } : {}),
        protocol,
      },
      field: p,
    });
  }
  return ports;
}

function readMounts(r: ManifestReader, field: Field, volumeNames: ReadonlySet<string> | undefined): VolumeMount[] {
  const mounts: VolumeMount[] = [];
  const paths = new Map<string, Field>();
  for (const item of r.list(field, '[{name: data, mountPath: /data}]')) {
    if (item.node === undefined) {
      r.problem(item, 'expected a volume mount (a mapping with name and mountPath), found nothing (null)');
      continue;
    }
    const m = r.mapping(item, VOLUME_MOUNT, 'a volume mount (a mapping with name and mountPath)');
    const nameField = m.get('name');
    let name = '';
    if (r.required(nameField, item, 'a volume mount needs a `name`')) {
      name = r.string(nameField) ?? '';
      if (name && volumeNames && !volumeNames.has(name)) {
        const guess = suggestName(name, volumeNames);
        r.problem(
          nameField,
          `volume ${JSON.stringify(name)} is not declared in spec.volumes${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''}`,
          guess ? undefined : `declare it: spec.volumes: [{name: ${name}, emptyDir: {}}]`,
        );
      }
    }

    const pathField = m.get('mountPath');
    let mountPath = '';
    if (r.required(pathField, item, 'a volume mount needs a `mountPath`')) {
      const value = r.string(pathField);
      mountPath = value ?? '';
      if (value !== undefined && !value.startsWith('/')) {
        r.problem(pathField, `mountPath must be an absolute path, found ${JSON.stringify(mountPath)}`);
      }
      const earlier = paths.get(mountPath);
      if (earlier && mountPath) r.problem(pathField, `mountPath ${mountPath} is already used at line ${r.lineOf(earlier)}`, 'mount each path once per container');
      else if (mountPath) paths.set(mountPath, pathField);
    }

    const subPathField = m.get('subPath');
    const subPath = r.string(subPathField);
    if (subPath !== undefined && (subPath.startsWith('/') || subPath.split('/').includes('..'))) {
      r.problem(subPathField, `subPath must be a relative path inside the volume without \`..\`, found ${JSON.stringify(subPath)}`);
    }
    mounts.push({
      name,
      mountPath,
      readOnly: r.boolean(m.get('readOnly')) ?? false,
      ...(subPath !== undefined && subPath !== '' ? { subPath } : {}),
    });
  }
  return mounts;
}

function readLimits(r: ManifestReader, field: Field): ContainerSpec['resources']['limits'] {
  const resources = r.mapping(field, RESOURCES);
  const limits = r.mapping(resources.get('limits'), RESOURCE_LIMITS);
  const out: ContainerSpec['resources']['limits'] = {};

  const cpuField = limits.get('cpu');
  const cpuText = r.quantityText(cpuField);
  if (cpuText !== undefined) {
    const cpu = cpuToNanoCpus(cpuText);
    if (!cpu.ok) r.problem(cpuField, cpu.reason);
    else if (cpu.value < MIN_NANO_CPUS) r.problem(cpuField, `cpu limit ${cpuText} is below the minimum of 10m (0.01 CPU) a Linux CFS quota allows`);
    else out.nanoCpus = cpu.value;
  }

  const memoryField = limits.get('memory');
  const memoryText = r.quantityText(memoryField);
  if (memoryText !== undefined) {
    const bytes = readMemory(r, memoryField, memoryText);
    if (bytes !== undefined && bytes < DOCKER_MIN_MEMORY_BYTES) {
      r.problem(memoryField, `memory limit ${memoryText} is ${bytes} bytes; Docker's minimum is 6Mi`);
    } else if (bytes !== undefined) out.memoryBytes = bytes;
  }
  return out;
}

function readMemory(r: ManifestReader, field: Field, text: string): number | undefined {
  const bytes = memoryToBytes(text);
  if (!bytes.ok) {
    r.problem(field, bytes.reason);
    return undefined;
  }
  // `128m` is 0.128 bytes: `m` is milli. Almost always meant as Mi.
  if (text.endsWith('m')) {
    r.problem(field, `${text} means ${text.slice(0, -1)} thousandths of a byte (\`m\` is milli); did you mean ${text.slice(0, -1)}Mi?`);
    return undefined;
  }
  return bytes.value;
}

function readSecurityContext(r: ManifestReader, field: Field): ContainerSpec['securityContext'] {
  const sc = r.mapping(field, CONTAINER_SECURITY_CONTEXT);
  const caps = r.mapping(sc.get('capabilities'), CAPABILITIES);
  return {
    privileged: r.boolean(sc.get('privileged')) ?? false,
    capabilities: { add: readCapabilities(r, caps.get('add')), drop: readCapabilities(r, caps.get('drop')) },
  };
}

function readCapabilities(r: ManifestReader, field: Field): string[] {
  const out: string[] = [];
  for (const item of r.list(field, '["NET_ADMIN"]')) {
    const raw = r.string(item);
    if (raw === undefined) {
      if (item.node === undefined) r.problem(item, 'expected a capability name, found nothing (null)');
      continue;
    }
    const name = normalizeCapability(raw);
    if (!LINUX_CAPABILITIES.includes(name)) {
      const guess = suggestName(name, LINUX_CAPABILITIES);
      r.problem(item, `unknown capability ${JSON.stringify(raw)}${guess ? `; did you mean ${guess}?` : ''}`, 'capabilities are named like NET_ADMIN or CAP_NET_ADMIN');
      continue;
    }
    out.push(name);
  }
  return out;
}
