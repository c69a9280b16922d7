// Label keys. Labels are the truth about what Podlab owns and which Pod a Docker object belongs to:
// any process (the CLI, the app after a crash) rebuilds its picture from them, never from memory.
// The io.kubernetes.* keys match what cri-dockerd writes, so the objects read like a kubelet's.

export const LABEL_OWNED = 'io.podlab.owned';
export const LABEL_GROUP = 'io.podlab.group';
/**
 * Which Podlab home (state directory) owns the object: each home has its own supervisor and event
 * history, so two profiles — or parallel test runs — on one engine never act on each other's Pods.
 */
export const LABEL_HOME = 'io.podlab.home';
/** The normalized Pod spec (JSON) on the infra container, so any process can re-plan the Pod. */
export const LABEL_SPEC = 'io.podlab.spec';
export const LABEL_SPEC_HASH = 'io.podlab.spec-hash';
/** Sandbox attempt (infra) or container attempt (restart number) — part of the name too. */
export const LABEL_ATTEMPT = 'io.podlab.attempt';
/** When the Pod was first applied (ISO); carried by every container so rebuilds keep the Pod's age. */
export const LABEL_POD_CREATED = 'io.podlab.pod-created';
/** Why this sandbox exists: `Created` or `SandboxChanged: …`. */
export const LABEL_SANDBOX_REASON = 'io.podlab.sandbox-reason';

export const LABEL_TYPE = 'io.kubernetes.docker.type'; // podsandbox | container
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_SANDBOX_ID = 'io.kubernetes.sandbox.id';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name'; // POD for the infra
export const LABEL_CONTAINER_TYPE = 'io.kubernetes.container.type'; // init | sidecar | container
export const LABEL_RESTART_COUNT = 'io.kubernetes.container.restartCount';

export const TYPE_SANDBOX = 'podsandbox';
export const TYPE_CONTAINER = 'container';
export const INFRA_CONTAINER_NAME = 'POD';

/** Docker list filter for everything Podlab owns, optionally narrowed by more label=value pairs. */
export function ownedFilter(extra: Record<string, string> = {}): { label: string[] } {
  return { label: [`${LABEL_OWNED}=true`, ...Object.entries(extra).map(([k, v]) => `${k}=${v}`)] };
}
