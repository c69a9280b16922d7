// `podlab pod ns`: the namespace matrix — containers × namespace types, inode numbers, the ones a
// container shares with the Pod's infra marked — and what Docker cannot share, said plainly.
import { NAMESPACE_TYPES, type PodSnapshot } from '../engine/model.js';
import { table } from './render.js';

export const SHARED_MARK = '✓';

export function nsMatrix(pod: PodSnapshot): string {
  const types = NAMESPACE_TYPES.filter((t) => pod.containers.some((c) => c.namespaces[t] !== undefined));
  const rows = pod.containers.map((c) => [
    c.name,
    ...types.map((t) => {
      const inode = c.namespaces[t];
      if (inode === undefined) return c.state === 'running' ? '?' : '-';
      return c.role !== 'infra' && c.sharedWithInfra.includes(t) ? `${inode} ${SHARED_MARK}` : String(inode);
    }),
  ]);
  const notes = [
    `${SHARED_MARK} = the same namespace as the infra container (POD): shared by the Pod.`,
    'uts: Docker cannot join a UTS namespace, so each container has its own, holding a copy of the Pod hostname.',
    'user, time (and cgroup on cgroup v1): usually the engine host\'s own, so every container on the engine "shares" them.',
  ];
  if (pod.containers.some((c) => c.state !== 'running')) notes.push('-: the container is not running (its namespaces are gone).');
  return [`pod/${pod.pod}`, table(['CONTAINER', ...types.map((t) => t.toUpperCase())], rows), '', ...notes].join('\n');
}
