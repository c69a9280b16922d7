// One container of a Pod (init or regular): image, command, env, ports, volume mounts, limits and
// securityContext. Ports come back with their fields so the Pod-level host port checks can point
// at them.
import { isIP } from 'node:net';
import { CAPABILITIES, CONTAINER, CONTAINER_PORT, CONTAINER_SECURITY_CONTEXT, ENV_VAR, VOLUME_MOUNT } from './fields.js';
import {
  LINUX_CAPABILITIES,
  defaultPullPolicy,
  dnsLabelProblem,
  imageReferenceProblem,
  normalizeCapability,
  portNameProblem,
} from './formats.js';
import { FirstSeen, formattedString, readMappings, requiredFormattedString } from './read-helpers.js';
import { readLimits } from './read-resources.js';
import type { Field, Fields, ManifestReader } from './reader.js';
import type { PullPolicy } from '../../images/pull-policy.js';
import type { ContainerPort, ContainerSpec, EnvVar, VolumeMount } from './spec.js';
import { suggestName } from '../../base/suggest.js';

const PULL_POLICIES: readonly PullPolicy[] = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS: readonly ContainerPort['protocol'][] = ['TCP', 'UDP', 'SCTP'];

export interface ReadContainer {
  spec: ContainerSpec;
  name: Field;
  ports: { port: ContainerPort; field: Fields }[];
}

/** The containers of a list field (spec.initContainers or spec.containers). */
export function readContainers(
  r: ManifestReader,
  field: Field,
  example: string,
  role: 'init' | 'regular',
  volumeNames: ReadonlySet<string> | undefined,
): ReadContainer[] {
  return readMappings(r, field, example, CONTAINER, 'a container (a mapping with name and image)', (c) => readContainer(r, c, role, volumeNames));
}

function readContainer(r: ManifestReader, c: Fields, role: 'init' | 'regular', volumeNames: ReadonlySet<string> | undefined): ReadContainer {
  const item = c.self;
  const nameField = c.get('name');
  const name = requiredFormattedString(r, nameField, item, { message: 'a container needs a `name`' }, 'container name', dnsLabelProblem);
  const image = requiredFormattedString(
    r,
    c.get('image'),
    item,
    { message: 'a container needs an `image`', hint: 'e.g. image: podlab/toolbox:1' },
    'image',
    (value) => (value === '' ? 'it must not be empty' : imageReferenceProblem(value)),
  );
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
  return readMappings(r, field, '[{name: GREETING, value: "hello"}]', ENV_VAR, 'an environment variable (a mapping with name and value)', (e) => {
    const nameField = e.get('name');
    if (!r.required(nameField, e.self, 'an environment variable needs a `name`')) return undefined;
    const name = r.string(nameField);
    if (name === undefined) return undefined;
    if (name === '' || name.includes('=')) {
      r.problem(nameField, `environment variable name ${JSON.stringify(name)} is not valid: it must be non-empty and contain no \`=\``);
    }
    return { name, value: r.string(e.get('value')) ?? '' };
  });
}

function readPorts(r: ManifestReader, field: Field): ReadContainer['ports'] {
  const names = new FirstSeen(r);
  return readMappings(r, field, '[{containerPort: 8080}]', CONTAINER_PORT, 'a port (a mapping with containerPort)', (p) => {
    const containerPortField = p.get('containerPort');
    const containerPort = r.required(containerPortField, p.self, 'a port needs a `containerPort`')
      ? r.integer(containerPortField, 1, 65535)
      : undefined;
    const hostPort = r.integer(p.get('hostPort'), 0, 65535);
    const hostIPField = p.get('hostIP');
    const hostIP = r.string(hostIPField);
    if (hostIP !== undefined && isIP(hostIP) === 0) r.problem(hostIPField, `hostIP must be an IP address, found ${JSON.stringify(hostIP)}`);
    const protocol = r.oneOf(p.get('protocol'), PROTOCOLS) ?? 'TCP';

    const nameField = p.get('name');
    const name = formattedString(r, nameField, 'port name', portNameProblem);
    if (name !== undefined) names.check(name, nameField, (line) => `port name ${JSON.stringify(name)} is already used at line ${line}`);
    if (containerPort === undefined) return undefined;
    return {
      port: {
        ...(name !== undefined ? { name } : {}),
        containerPort,
        ...(hostPort !== undefined ? { hostPort } : {}),
        ...(hostIP !== undefined ? { hostIP } : {}),
        protocol,
      },
      field: p,
    };
  });
}

function readMounts(r: ManifestReader, field: Field, volumeNames: ReadonlySet<string> | undefined): VolumeMount[] {
  const paths = new FirstSeen(r);
  return readMappings(r, field, '[{name: data, mountPath: /data}]', VOLUME_MOUNT, 'a volume mount (a mapping with name and mountPath)', (m) => {
    const nameField = m.get('name');
    let name = '';
    if (r.required(nameField, m.self, 'a volume mount needs a `name`')) {
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
    if (r.required(pathField, m.self, 'a volume mount needs a `mountPath`')) {
      const value = r.string(pathField);
      mountPath = value ?? '';
      if (value !== undefined && !value.startsWith('/')) {
        r.problem(pathField, `mountPath must be an absolute path, found ${JSON.stringify(mountPath)}`);
      }
      if (mountPath) paths.check(mountPath, pathField, (line) => `mountPath ${mountPath} is already used at line ${line}`, 'mount each path once per container');
    }

    const subPathField = m.get('subPath');
    const subPath = r.string(subPathField);
    if (subPath !== undefined && (subPath.startsWith('/') || subPath.split('/').includes('..'))) {
      r.problem(subPathField, `subPath must be a relative path inside the volume without \`..\`, found ${JSON.stringify(subPath)}`);
    }
    return {
      name,
      mountPath,
      readOnly: r.boolean(m.get('readOnly')) ?? false,
      ...(subPath !== undefined && subPath !== '' ? { subPath } : {}),
    };
  });
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
