// A Pod's spec: its volumes, its containers, and the rules that span containers (unique names,
// host ports that do not collide), with the Kubernetes defaults applied.
import { isSeq } from 'yaml';
import { EMPTY_DIR, POD_SECURITY_CONTEXT, POD_SPEC, VOLUME } from './fields.js';
import { dnsLabelProblem } from './formats.js';
import { type ReadContainer, readContainers } from './read-container.js';
import { FirstSeen, formattedString, readMappings, requiredFormattedString } from './read-helpers.js';
import { readMemory } from './read-resources.js';
import type { Field, ManifestReader } from './reader.js';
import type { PodSpec, RestartPolicy, VolumeSpec } from './spec.js';

const POD_RESTART_POLICIES: readonly RestartPolicy[] = ['Always', 'OnFailure', 'Never'];
const DEFAULT_GRACE_SECONDS = 30;

export function readPodSpec(r: ManifestReader, specField: Field): PodSpec['spec'] {
  const spec = r.mapping(specField, POD_SPEC);
  // Every pod-level securityContext field changes meaning; an empty one is fine.
  r.mapping(spec.get('securityContext'), POD_SECURITY_CONTEXT);

  const volumes = readVolumes(r, spec.get('volumes'));
  // When a volume's name could not be read, "not declared" on a mount would only echo that.
  const volumeNames = volumes.every((v) => v.name) ? new Set(volumes.map((v) => v.name)) : undefined;

  const initContainers = readContainers(r, spec.get('initContainers'), '[{name: setup, image: podlab/toolbox:1}]', 'init', volumeNames);
  const containersField = spec.get('containers');
  const containers = readContainers(r, containersField, '[{name: app, image: podlab/toolbox:1}]', 'regular', volumeNames);
  if (containersField.node === undefined || isEmptyList(containersField)) {
    r.required({ ...containersField, node: undefined }, specField, 'a Pod needs at least one container in spec.containers', 'add spec.containers with a name and an image');
  }

  const restartPolicy = r.oneOf(spec.get('restartPolicy'), POD_RESTART_POLICIES) ?? 'Always';
  const grace = r.integer(spec.get('terminationGracePeriodSeconds'), 0, Number.MAX_SAFE_INTEGER) ?? DEFAULT_GRACE_SECONDS;
  const shareField = spec.get('shareProcessNamespace');
  const shareProcessNamespace = r.boolean(shareField) ?? false;
  const hostNetwork = r.boolean(spec.get('hostNetwork')) ?? false;
  const hostPID = r.boolean(spec.get('hostPID')) ?? false;
  const hostIPC = r.boolean(spec.get('hostIPC')) ?? false;
  const hostname = formattedString(r, spec.get('hostname'), 'hostname', dnsLabelProblem);

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
  const names = new FirstSeen(r);
  for (const c of all) {
    if (!c.spec.name) continue;
    const name = c.spec.name;
    names.check(name, c.name, (line) => `container name ${JSON.stringify(name)} is already used at line ${line}`, 'names must be unique across initContainers and containers');
  }
}

/** Kubernetes rules on host ports; all of a Pod's ports are published by its one infra container. */
function checkHostPorts(r: ManifestReader, all: ReadContainer[], hostNetwork: boolean): void {
  const used = new FirstSeen(r);
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
      used.check(
        id,
        at,
        (line) => `host port ${hostPort}/${port.protocol}${port.hostIP ? ` on ${port.hostIP}` : ''} is already used at line ${line}`,
        'each hostPort + protocol + hostIP can be used once per Pod',
      );
    }
  }
}

function readVolumes(r: ManifestReader, field: Field): VolumeSpec[] {
  const names = new FirstSeen(r);
  return readMappings(r, field, '[{name: data, emptyDir: {}}]', VOLUME, 'a volume (a mapping with name and emptyDir)', (v) => {
    const nameField = v.get('name');
    const name = requiredFormattedString(r, nameField, v.self, { message: 'a volume needs a `name`' }, 'volume name', dnsLabelProblem);
    if (name) names.check(name, nameField, (line) => `volume name ${JSON.stringify(name)} is already declared at line ${line}`, 'give each volume its own name');

    // A volume without a source is an emptyDir: the Kubernetes default.
    const emptyDir = r.mapping(v.get('emptyDir'), EMPTY_DIR);
    const medium = r.oneOf(emptyDir.get('medium'), ['', 'Memory'] as const) ?? '';
    const sizeText = r.quantityText(emptyDir.get('sizeLimit'));
    let sizeLimitBytes: number | undefined;
    if (sizeText !== undefined) sizeLimitBytes = readMemory(r, emptyDir.get('sizeLimit'), sizeText);
    return { name, emptyDir: { medium, ...(sizeLimitBytes !== undefined ? { sizeLimitBytes } : {}) } };
  });
}
