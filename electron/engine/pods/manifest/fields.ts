// Which fields of a v1 Pod Podlab reads, which it accepts but does not apply (a warning), and
// which it refuses because ignoring them would change what the Pod means (an error). Anything
// not listed at a level is unknown there: most likely a typo, reported with a suggestion.

export interface KnownField {
  /** Why Podlab does not apply it, completing "… : <why>". */
  why: string;
  /**
   * The Kubernetes default. Writing the default (or an empty value) changes nothing, so it is
   * accepted without a word; `kubectl get -o yaml` output is full of these.
   */
  default?: string | number | boolean;
}

export interface FieldLevel {
  /** Fields the parser reads at this level. */
  supported: readonly string[];
  /** Known fields that change nothing Podlab builds on one machine: accepted with a warning. */
  ignored?: Readonly<Record<string, KnownField>>;
  /** Known fields that would change meaning and Podlab cannot honour: an error. */
  unsupported?: Readonly<Record<string, KnownField>>;
  /** Known names that follow a pattern (e.g. `hugepages-2Mi`) rather than a fixed list. */
  unsupportedPattern?: { test: RegExp } & KnownField;
  /** Replaces "`X` is not supported by Podlab: why" when a level words it better. */
  unsupportedMessage?: (name: string) => string;
  /** Writing the key at all means something (a volume's type), even with an empty value. */
  keyIsMeaningful?: boolean;
}

const SCHEDULING: KnownField = { why: 'scheduling has no meaning on one machine' };
const SERVER_SET: KnownField = { why: 'the Kubernetes API server sets it; Podlab keeps its own record' };
const NO_API_SERVER: KnownField = { why: 'there is no API server, so no service account token is mounted' };

export const POD_OBJECT: FieldLevel = {
  supported: ['apiVersion', 'kind', 'metadata', 'spec'],
  ignored: { status: { why: 'status is what Podlab reports, not something a manifest sets' } },
};

export const METADATA: FieldLevel = {
  supported: ['name', 'generateName', 'namespace', 'labels', 'annotations'],
  ignored: {
    uid: SERVER_SET,
    resourceVersion: SERVER_SET,
    creationTimestamp: SERVER_SET,
    deletionTimestamp: SERVER_SET,
    deletionGracePeriodSeconds: SERVER_SET,
    generation: SERVER_SET,
    selfLink: SERVER_SET,
    managedFields: SERVER_SET,
    ownerReferences: { why: 'there are no owning objects (Deployments, Jobs) in Podlab' },
    finalizers: { why: 'Podlab deletes Pods without waiting for controllers' },
  },
};

export const POD_SPEC: FieldLevel = {
  supported: [
    'containers', 'initContainers', 'volumes', 'restartPolicy', 'terminationGracePeriodSeconds',
    'shareProcessNamespace', 'hostname', 'hostNetwork', 'hostPID', 'hostIPC', 'securityContext',
  ],
  ignored: {
    nodeName: SCHEDULING,
    nodeSelector: SCHEDULING,
    affinity: SCHEDULING,
    tolerations: SCHEDULING,
    schedulerName: { ...SCHEDULING, default: 'default-scheduler' },
    priorityClassName: SCHEDULING,
    priority: SCHEDULING,
    preemptionPolicy: SCHEDULING,
    topologySpreadConstraints: SCHEDULING,
    schedulingGates: SCHEDULING,
    serviceAccountName: { ...NO_API_SERVER, default: 'default' },
    serviceAccount: { ...NO_API_SERVER, default: 'default' },
    automountServiceAccountToken: NO_API_SERVER,
    dnsPolicy: { why: 'there is no cluster DNS; containers use the Docker engine\'s DNS settings', default: 'ClusterFirst' },
    enableServiceLinks: { why: 'there are no Services, so no service environment variables are added', default: true },
    imagePullSecrets: { why: 'images come from the local Docker engine, without registry credentials' },
  },
  unsupported: {
    ephemeralContainers: { why: 'ephemeral (debug) containers cannot be declared; use `podlab exec`' },
    hostAliases: { why: 'extra /etc/hosts entries are not written' },
    dnsConfig: { why: 'custom DNS settings are not applied' },
    subdomain: { why: 'there is no cluster DNS to give the Pod a fully qualified name' },
    setHostnameAsFQDN: { why: 'there is no cluster DNS to give the Pod a fully qualified name', default: false },
    runtimeClassName: { why: 'the Pod always runs on the Docker engine\'s default runtime' },
    os: { why: 'the Pod always runs on the Docker engine\'s own OS' },
    overhead: { why: 'runtime overhead is not accounted' },
    readinessGates: { why: 'there are no controllers to set extra readiness conditions' },
    activeDeadlineSeconds: { why: 'Podlab does not stop Pods after a deadline' },
    hostUsers: { why: 'user namespaces are not set up', default: true },
    resourceClaims: { why: 'dynamic resource allocation needs a cluster' },
    resources: { why: 'Pod-level resources are not applied; set resources.limits on each container' },
    hostnameOverride: { why: 'set spec.hostname instead' },
  },
};

export const POD_SECURITY_CONTEXT: FieldLevel = {
  supported: [],
  unsupported: {
    runAsUser: { why: 'containers run as their image\'s user' },
    runAsGroup: { why: 'containers run as their image\'s group' },
    runAsNonRoot: { why: 'the check is not made', default: false },
    fsGroup: { why: 'volume ownership is not changed' },
    fsGroupChangePolicy: { why: 'volume ownership is not changed' },
    supplementalGroups: { why: 'extra groups are not added' },
    supplementalGroupsPolicy: { why: 'extra groups are not added' },
    sysctls: { why: 'sysctls are not set' },
    seccompProfile: { why: 'containers use the Docker engine\'s default seccomp profile' },
    seLinuxOptions: { why: 'SELinux labels are not set' },
    seLinuxChangePolicy: { why: 'SELinux labels are not set' },
    appArmorProfile: { why: 'containers use the Docker engine\'s default AppArmor profile' },
    windowsOptions: { why: 'Podlab runs Linux containers' },
  },
};

const PROBES: KnownField = { why: 'Podlab does not run probes; a running container counts as ready' };
const TERMINATION_MESSAGE: KnownField = { why: 'Podlab does not read termination messages' };

export const CONTAINER: FieldLevel = {
  supported: [
    'name', 'image', 'imagePullPolicy', 'command', 'args', 'env', 'workingDir', 'ports',
    'volumeMounts', 'resources', 'securityContext', 'stdin', 'tty', 'restartPolicy',
  ],
  ignored: {
    livenessProbe: PROBES,
    readinessProbe: PROBES,
    startupProbe: PROBES,
    lifecycle: { why: 'Podlab does not run postStart/preStop hooks' },
    terminationMessagePath: { ...TERMINATION_MESSAGE, default: '/dev/termination-log' },
    terminationMessagePolicy: { ...TERMINATION_MESSAGE, default: 'File' },
    resizePolicy: { why: 'resources are not resized in place' },
  },
  unsupported: {
    envFrom: { why: 'there are no ConfigMaps or Secrets; write each variable under env' },
    volumeDevices: { why: 'there are no block-device volumes' },
    stdinOnce: { why: 'stdin stays open for every attach', default: false },
    restartPolicyRules: { why: 'per-exit-code restart rules are not applied' },
  },
};

export const CONTAINER_SECURITY_CONTEXT: FieldLevel = {
  supported: ['privileged', 'capabilities'],
  unsupported: {
    runAsUser: { why: 'the container runs as its image\'s user' },
    runAsGroup: { why: 'the container runs as its image\'s group' },
    runAsNonRoot: { why: 'the check is not made', default: false },
    readOnlyRootFilesystem: { why: 'the root filesystem stays writable', default: false },
    allowPrivilegeEscalation: { why: 'no-new-privileges is not set on containers', default: true },
    procMount: { why: 'the default /proc masking is always used', default: 'Default' },
    seccompProfile: { why: 'the container uses the Docker engine\'s default seccomp profile' },
    seLinuxOptions: { why: 'SELinux labels are not set' },
    appArmorProfile: { why: 'the container uses the Docker engine\'s default AppArmor profile' },
    windowsOptions: { why: 'Podlab runs Linux containers' },
  },
};

export const CAPABILITIES: FieldLevel = { supported: ['add', 'drop'] };

export const CONTAINER_PORT: FieldLevel = { supported: ['containerPort', 'hostPort', 'hostIP', 'protocol', 'name'] };

export const ENV_VAR: FieldLevel = {
  supported: ['name', 'value'],
  unsupported: {
    valueFrom: { why: 'there is no API server, ConfigMap or Secret to read from; write the value inline' },
  },
};

export const VOLUME_MOUNT: FieldLevel = {
  supported: ['name', 'mountPath', 'readOnly', 'subPath'],
  unsupported: {
    mountPropagation: { why: 'mounts are never propagated', default: 'None' },
    subPathExpr: { why: 'there is no downward API to expand it; use subPath' },
    recursiveReadOnly: { why: 'read-only mounts are not made recursive', default: 'Disabled' },
  },
};

export const RESOURCES: FieldLevel = {
  supported: ['limits'],
  ignored: { requests: { why: 'requests only guide the scheduler; Podlab applies limits' } },
  unsupported: { claims: { why: 'dynamic resource allocation needs a cluster' } },
};

export const RESOURCE_LIMITS: FieldLevel = {
  supported: ['cpu', 'memory'],
  unsupported: { 'ephemeral-storage': { why: 'only cpu and memory limits are applied' } },
  // hugepages-2Mi and extended resources such as nvidia.com/gpu.
  unsupportedPattern: { test: /^hugepages-|\//, why: 'only cpu and memory limits are applied' },
};

/** Every volume source of a v1 Volume; Podlab has one machine and no API server: emptyDir only. */
export const VOLUME_SOURCES: readonly string[] = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs',
  'iscsi', 'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker',
  'downwardAPI', 'fc', 'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk',
  'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral',
  'image',
];

export const VOLUME: FieldLevel = {
  supported: ['name', 'emptyDir'],
  unsupported: Object.fromEntries(
    VOLUME_SOURCES.filter((s) => s !== 'emptyDir').map((s) => [s, { why: 'use emptyDir' }]),
  ),
  unsupportedMessage: (name) => `volume type ${name} is not supported in Podlab; use emptyDir`,
  keyIsMeaningful: true,
};

export const EMPTY_DIR: FieldLevel = { supported: ['medium', 'sizeLimit'] };
