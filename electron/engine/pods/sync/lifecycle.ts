// The lifecycle rules that the sync plan (what to do next) and the status (what to report) must
// agree on: when a container counts as finished, when it runs again, when the Pod is done.
import { latestInstance, type ObservedContainer, type ObservedPod } from './observe.js';
import { isSidecar, type PodSpec } from '../manifest/spec.js';

export function finished(c: ObservedContainer | undefined): c is ObservedContainer {
  return !!c && (c.state === 'exited' || c.state === 'dead');
}

/** Should a finished app container run again under the Pod's restartPolicy? */
export function wantsRestart(spec: PodSpec, c: ObservedContainer): boolean {
  const policy = spec.spec.restartPolicy;
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return (c.exitCode ?? 1) !== 0;
  return false;
}

/** True when every app container has finished for good: the Pod is Succeeded or Failed. */
export function podCompleted(pod: ObservedPod, sandbox: string | undefined): boolean {
  const spec = pod.spec;
  if (spec.spec.restartPolicy === 'Never' && initFailed(pod, sandbox)) return true;
  return spec.spec.containers.every((c) => {
    const inst = latestInstance(pod, c.name, sandbox);
    return finished(inst) && !wantsRestart(spec, inst);
  });
}

/** A non-sidecar init container exited non-zero in this sandbox. */
export function initFailed(pod: ObservedPod, sandbox: string | undefined): boolean {
  return pod.spec.spec.initContainers.some((c) => {
    if (isSidecar(c)) return false;
    const inst = latestInstance(pod, c.name, sandbox);
    return finished(inst) && inst.exitCode !== 0;
  });
}
