// The namespace matrix as data: one row per container (the infra first, as the snapshot orders
// them), one cell per namespace type, each saying whether the container is in the infra's namespace
// (same inode) or its own. Pure, for the panel and the unit tests.
import type { NamespaceType, PodSnapshot } from '../../../electron/contract/api.js';

/** The columns, in the kernel's usual order. Kept here because the renderer imports only types from the contract. */
export const NS_COLUMNS = ['net', 'ipc', 'pid', 'uts', 'mnt', 'cgroup', 'user', 'time'] as const satisfies readonly NamespaceType[];

// Fails to compile when the engine learns a namespace type this table does not show.
type Unshown = Exclude<NamespaceType, (typeof NS_COLUMNS)[number]>;
const _allShown: [Unshown] extends [never] ? true : Unshown = true;

/**
 * infra: the infra's own namespace (the reference); shared: the same inode as the infra's;
 * own: a namespace of the container's own; absent: no inode (not running, or the kernel lacks the type).
 */
export type CellState = 'infra' | 'shared' | 'own' | 'absent';

export interface MatrixCell {
  type: NamespaceType;
  state: CellState;
  inode?: number;
}

export interface MatrixRow {
  container: string;
  role: PodSnapshot['containers'][number]['role'];
  running: boolean;
  cells: MatrixCell[];
}

export function namespaceMatrix(pod: PodSnapshot): MatrixRow[] {
  return pod.containers.map((c) => ({
    container: c.name,
    role: c.role,
    running: c.state === 'running',
    cells: NS_COLUMNS.map((type): MatrixCell => {
      const inode = c.namespaces[type];
      if (inode === undefined) return { type, state: 'absent' };
      if (c.role === 'infra') return { type, state: 'infra', inode };
      return { type, state: c.sharedWithInfra.includes(type) ? 'shared' : 'own', inode };
    }),
  }));
}

/**
 * What the engine did with UTS in this Pod: `own` when the app containers each have their own UTS
 * namespace (Docker cannot join another container's; each gets a copy of the hostname), `shared`
 * when they are all in the infra's (hostNetwork: everyone is in the host's), `unknown` while no app
 * container runs.
 */
export function utsSharing(pod: PodSnapshot): 'own' | 'shared' | 'unknown' {
  const seen = pod.containers.filter((c) => c.role !== 'infra' && c.namespaces.uts !== undefined);
  if (!seen.length) return 'unknown';
  return seen.every((c) => c.sharedWithInfra.includes('uts')) ? 'shared' : 'own';
}
