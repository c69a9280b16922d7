// Predicates on namespaces, as the kernel numbers them (inodes from /proc/<pid>/ns): do these
// containers of a Pod share one, and did a container made by hand join another's. Pure.
import type { NamespaceInodes } from '../../inspect/snapshot.js';
import type { CheckSpec } from './schema.js';
import { both, findPodSnapshot, noPod, verdict, type CheckResult, type CheckWorld } from './world.js';

type Inodes = { name: string; inode: number | undefined }[];

function listInodes(xs: Inodes): string {
  return xs.map((x) => `${x.name}: ${x.inode ?? 'not running'}`).join(', ');
}

export function namespaces(c: CheckSpec<'namespaces'>, world: CheckWorld): CheckResult {
  const names = c.containers.join(', ');
  const expected = c.shared
    ? { en: `${names} of Pod ${c.pod} in one ${c.type} namespace`, zh: `Pod ${c.pod} 的 ${names} 共享同一个 ${c.type} Namespace` }
    : { en: `${names} of Pod ${c.pod} not all in one ${c.type} namespace`, zh: `Pod ${c.pod} 的 ${names} 不共享同一个 ${c.type} Namespace` };
  const pod = findPodSnapshot(world, c.pod);
  if (!pod) return verdict(false, expected, noPod(c.pod));
  const seen: Inodes = c.containers.map((name) => ({ name, inode: pod.containers.find((x) => x.name === name && x.pid > 0)?.namespaces[c.type] }));
  if (seen.some((s) => s.inode === undefined)) return verdict(false, expected, both(listInodes(seen)));
  const one = new Set(seen.map((s) => s.inode)).size === 1;
  return verdict(one === c.shared, expected, both(`${c.type} inodes ${listInodes(seen)}`));
}

export function joined(c: CheckSpec<'joined'>, world: CheckWorld): CheckResult {
  const target = typeof c.to === 'string' ? c.to : `${c.to.container} of Pod ${c.to.pod}`;
  const targetZh = typeof c.to === 'string' ? c.to : `Pod ${c.to.pod} 的 ${c.to.container}`;
  const expected = { en: `container ${c.container} in the ${c.namespace} namespace of ${target}`, zh: `容器 ${c.container} 加入 ${targetZh} 的 ${c.namespace} Namespace` };
  const mine = world.byHand.find((h) => h.name === c.container && h.running);
  if (!mine) {
    return verdict(false, expected, { en: `no running container ${c.container} (make it with \`docker run --name ${c.container} …\`)`, zh: `没有正在运行的容器 ${c.container}（用 \`docker run --name ${c.container} …\` 创建）` });
  }
  let theirs: NamespaceInodes | undefined;
  if (typeof c.to === 'string') theirs = world.byHand.find((h) => h.name === c.to && h.running)?.namespaces;
  else {
    const to = c.to;
    const pod = findPodSnapshot(world, to.pod);
    if (!pod) return verdict(false, expected, noPod(to.pod));
    theirs = pod.containers.find((x) => x.name === to.container && x.pid > 0)?.namespaces;
  }
  if (!theirs) return verdict(false, expected, { en: `${target} is not running`, zh: `${targetZh} 没有运行` });
  const a = mine.namespaces[c.namespace];
  const b = theirs[c.namespace];
  return verdict(a !== undefined && a === b, expected, both(`${c.namespace} inodes ${c.container}: ${a ?? '?'}, ${target}: ${b ?? '?'}`));
}
