// `pod ls`: the status of every Pod the selector matches, as kubectl's table and JSON show it.
import type { PodRuntime } from './runtime.js';
import { observePods, type PodSelector } from './sync/observe.js';
import { computePodStatus, type PodStatus } from './sync/status.js';

export async function listPods(rt: PodRuntime, sel: PodSelector = {}): Promise<PodStatus[]> {
  const pods = await observePods(rt, sel);
  const now = Date.now();
  return pods.map((p) => computePodStatus(p, now));
}
