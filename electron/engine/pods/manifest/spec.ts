// The normalized Pod: what the manifest parser produces and everything downstream consumes.
// Defaults are already applied here (namespace, restartPolicy, grace period, pull policy), so the
// planner and the lifecycle never re-derive them.
import type { PullPolicy } from '../../images/pull-policy.js';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface EnvVar {
  name: string;
  value: string;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  /** Published on the host only when > 0 (as the kubelet does). */
  hostPort?: number;
  hostIP?: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  imagePullPolicy: PullPolicy;
  command?: string[];
  args?: string[];
  env: EnvVar[];
  workingDir?: string;
  ports: ContainerPort[];
  volumeMounts: VolumeMount[];
  resources: {
    limits: {
      /** CPU in nano-CPUs (Docker's NanoCpus), from `500m`, `1`, `0.5`. */
      nanoCpus?: number;
      /** Memory in bytes, from `64Mi`, `1G`, `128974848`. */
      memoryBytes?: number;
    };
  };
  securityContext: {
    privileged: boolean;
    capabilities: { add: string[]; drop: string[] };
  };
  stdin: boolean;
  tty: boolean;
  /** Only on init containers: `Always` makes it a native sidecar. */
  restartPolicy?: 'Always';
}

export interface EmptyDirVolume {
  name: string;
  emptyDir: { medium: '' | 'Memory'; sizeLimitBytes?: number };
}

export type VolumeSpec = EmptyDirVolume;

export interface PodSpec {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  spec: {
    initContainers: ContainerSpec[];
    containers: ContainerSpec[];
    volumes: VolumeSpec[];
    restartPolicy: RestartPolicy;
    shareProcessNamespace: boolean;
    hostname?: string;
    hostNetwork: boolean;
    hostPID: boolean;
    hostIPC: boolean;
    terminationGracePeriodSeconds: number;
  };
}

/** Where one parsed Pod came from (file and first line of its YAML document). */
export interface PodSource {
  file: string;
  line: number;
}

export interface ParsedPod {
  pod: PodSpec;
  source: PodSource;
  /** Fields accepted but not applied (e.g. readinessProbe), each naming field and line. */
  warnings: import('../../base/errors.js').PodlabError[];
}

export function isSidecar(c: ContainerSpec): boolean {
  return c.restartPolicy === 'Always';
}
