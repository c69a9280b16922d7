// Containers the learner makes by hand (`docker run --name lab-b …`) carry no Podlab label. A lab
// lists their names; a container of such a name made after the lab started is the learner's and is
// adopted by id (reset removes exactly those); one that was there before is reported, never
// touched. Nothing else is ever looked at.
import type Docker from 'dockerode';
import { removeQuietly } from '../docker/containers.js';
import type { Inspector } from '../inspect/inspector.js';
import type { NamespaceInodes } from '../inspect/snapshot.js';
import type { ByHandContainer } from './checks/world.js';
import type { LabProgress } from './progress.js';

interface Listed {
  id: string;
  name: string;
  running: boolean;
  /** Seconds since the epoch, as Docker's list says. */
  created: number;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every container whose name is exactly one of `names`: one list call. */
export async function listByName(docker: Docker, names: readonly string[]): Promise<Listed[]> {
  if (!names.length) return [];
  // Docker's name filter is a regular expression over "/name": anchor it, so lab-b never matches lab-b2.
  const list = await docker.listContainers({ all: true, filters: { name: names.map((n) => `^/${escapeRegex(n)}$`) } });
  return list.flatMap((c) => {
    const name = c.Names.map((n) => n.replace(/^\//, '')).find((n) => names.includes(n));
    return name === undefined ? [] : [{ id: c.Id, name, running: c.State === 'running', created: c.Created }];
  });
}

/** At the start: the containers of those names already there are someone else's. */
export async function preexisting(docker: Docker, names: readonly string[]): Promise<string[]> {
  return (await listByName(docker, names)).map((c) => c.id);
}

/**
 * Adopts what the learner made since the start (recorded in `progress`, which it updates) and
 * returns every container of a by-hand name — with its namespaces when given the inspector — and
 * whether it adopted a new one.
 */
export async function readByHand(docker: Docker, inspector: Inspector | undefined, names: readonly string[], progress: LabProgress): Promise<{ containers: ByHandContainer[]; adoptedNew: boolean }> {
  const listed = await listByName(docker, names);
  const startedAt = progress.startedAt ? Math.floor(Date.parse(progress.startedAt) / 1000) : Number.POSITIVE_INFINITY;
  let adoptedNew = false;
  for (const c of listed) {
    const known = progress.byHand.adopted.some((a) => a.id === c.id) || progress.byHand.preexisting.includes(c.id);
    if (!known && progress.running && c.created >= startedAt) {
      progress.byHand.adopted.push({ id: c.id, name: c.name });
      adoptedNew = true;
    }
  }
  const running = listed.filter((c) => c.running).map((c) => c.id);
  const ns = inspector && running.length ? await inspector.namespacesOf(running) : new Map<string, NamespaceInodes>();
  const containers = listed.map((c) => ({
    name: c.name,
    id: c.id,
    running: c.running,
    namespaces: ns.get(c.id) ?? {},
    adopted: progress.byHand.adopted.some((a) => a.id === c.id),
  }));
  return { containers, adoptedNew };
}

/** Removes exactly the adopted containers (by id; one already gone is fine) and forgets them. */
export async function removeAdopted(docker: Docker, progress: LabProgress): Promise<string[]> {
  const gone = progress.byHand.adopted.map((a) => a.name);
  await Promise.all(progress.byHand.adopted.map((a) => removeQuietly(docker, a.id)));
  progress.byHand.adopted = [];
  return gone;
}
