// `podlab pod ps` and `pod ns`: a Snapshot from the inspector shaped for the terminal (the ps table,
// the tree, the namespace matrix) or for `--json` — which view and which Pods, from the options.
import type { PodSnapshot, Snapshot } from '../engine/model.js';
import { table } from './render.js';
import { nsMatrix } from './render-ns.js';
import { podTrees } from './render-pstree.js';

export interface InspectView {
  json?: boolean | undefined;
  all?: boolean | undefined;
  tree?: boolean | undefined;
}

export function renderInspect(view: 'ps' | 'ns', snap: Snapshot, o: InspectView): string {
  if (view === 'ns') {
    const pod = snap.pods[0] as PodSnapshot;
    if (!o.json) return nsMatrix(pod);
    const containers = pod.containers.map(({ name, role, pid, state, namespaces, sharedWithInfra }) => ({ name, role, pid, state, namespaces, sharedWithInfra }));
    return JSON.stringify({ pod: pod.pod, namespace: pod.namespace, uid: pod.uid, containers }, null, 2);
  }
  if (o.json) return JSON.stringify(o.all ? snap.pods : snap.pods[0], null, 2);
  if (!snap.pods.length) return 'No Pods.';
  if (o.tree) return podTrees(snap.pods);
  return snap.pods.map(psTable).join('\n\n');
}

/**
 * One Pod's processes, a row each, as `ps` prints them; a container without any says why. NSPPID is
 * the parent as the process's PID namespace sees it: 1 for an orphan pause adopted, 0 for a parent outside.
 */
function psTable(p: PodSnapshot): string {
  return [
    `pod/${p.pod}`,
    table(
      ['CONTAINER', 'PID', 'NSPID', 'PPID', 'NSPPID', 'PGID', 'NSPGID', 'SID', 'STAT', 'COMMAND'],
      p.containers.flatMap((c) =>
        c.processes.length
          ? c.processes.map((x) => [c.name, String(x.pid), String(x.nspid), String(x.ppid), String(x.nsppid), String(x.pgid), String(x.nspgid), String(x.sid), x.state, x.args || `[${x.comm}]`])
          : [[c.name, '-', '-', '-', '-', '-', '-', '-', '-', `(${c.state === 'running' ? 'no processes' : c.state})`]],
      ),
    ),
  ].join('\n');
}
