// Deterministic Docker names, as cri-dockerd builds them, so creation is idempotent: a second
// create of the same step hits a name conflict instead of a duplicate container.
//   infra:     k8s_POD_<pod>_<namespace>_<uid>_<attempt>
//   container: k8s_<container>_<pod>_<namespace>_<uid>_<attempt>
//   emptyDir:  k8s_<volume>_<pod>_<namespace>_<uid>  (one per Pod, outlives sandbox attempts)
import { INFRA_CONTAINER_NAME } from '../../docker/labels.js';

export interface PodIdentity {
  name: string;
  namespace: string;
  uid: string;
}

export function infraName(pod: PodIdentity, attempt: number): string {
  return `k8s_${INFRA_CONTAINER_NAME}_${pod.name}_${pod.namespace}_${pod.uid}_${attempt}`;
}

export function containerName(pod: PodIdentity, container: string, attempt: number): string {
  return `k8s_${container}_${pod.name}_${pod.namespace}_${pod.uid}_${attempt}`;
}

export function volumeName(pod: PodIdentity, volume: string): string {
  return `k8s_${volume}_${pod.name}_${pod.namespace}_${pod.uid}`;
}

/** Short uid for display; the full one stays in labels and names. */
export function shortUid(uid: string): string {
  return uid.slice(0, 8);
}
