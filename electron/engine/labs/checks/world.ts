// What a lab's declarative checks look at, all read before any check runs (so a check costs no
// engine call): the inspector's snapshot and the statuses of the lab's Pods, and the containers the
// learner made by hand. And what a check answers: pass or fail, with "expected … / saw …" in both
// languages.
import type { Bilingual } from '../../base/lang.js';
import type { NamespaceInodes, PodSnapshot } from '../../inspect/snapshot.js';
import type { PodStatus } from '../../pods/sync/status.js';

/** A container of a name the lab lists under byHand, as Docker and the kernel see it. */
export interface ByHandContainer {
  name: string;
  id: string;
  running: boolean;
  /** Namespace inodes of its first process (empty when it is not running). */
  namespaces: NamespaceInodes;
  /** Made after the lab started (the learner's), or there before it (never touched). */
  adopted: boolean;
}

export interface CheckWorld {
  pods: PodStatus[];
  snapshot: PodSnapshot[];
  byHand: ByHandContainer[];
}

export interface CheckResult {
  pass: boolean;
  message: Bilingual;
}

/** `expected …; saw …` in both languages. */
export function verdict(pass: boolean, expected: Bilingual, saw: Bilingual): CheckResult {
  return { pass, message: { en: `expected ${expected.en}; saw ${saw.en}`, zh: `期望${expected.zh}；实际${saw.zh}` } };
}

/** The same words in both languages (names, numbers, commands). */
export function both(text: string): Bilingual {
  return { en: text, zh: text };
}

export function noPod(pod: string): Bilingual {
  return { en: `no Pod "${pod}" (is the lab started? \`podlab lab start\`)`, zh: `没有 Pod "${pod}"（实验启动了吗？\`podlab lab start\`）` };
}

export function findPodSnapshot(world: CheckWorld, pod: string): PodSnapshot | undefined {
  return world.snapshot.find((p) => p.pod === pod);
}
