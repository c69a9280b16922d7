// The gang-scheduling simulator: containers leave a queue and are bound to nodes by free memory.
// Mode `containers` places them one at a time, as Docker Swarm does, so `affinity` can pin one to a
// node already too full; mode `pod` places the containers bound by affinity as one unit, a Pod, as
// Kubernetes does. Pure: every decision is returned as data, for the CLI's story and the window.
import type { Scenario, SchedNode, Strategy } from './scenario.js';

export const SCHED_MODES = ['containers', 'pod'] as const;
export type SchedMode = (typeof SCHED_MODES)[number];

/** What is scheduled in one step: a container, or a Pod (the containers affinity binds together). */
export interface SchedUnit {
  kind: 'container' | 'pod';
  name: string;
  containers: string[];
  memory: number;
  /** A container's affinity (mode `containers` only: inside a Pod it always holds). */
  affinity?: string;
}

/** What one node says to one unit. */
export type NodeVerdict =
  | { node: string; free: number; fits: true; freeAfter: number }
  | { node: string; free: number; fits: false; why: 'too-small' }
  /** Another node than the affinity target's; `targetNode` is absent while the target has no node. */
  | { node: string; free: number; fits: false; why: 'affinity'; target: string; targetNode?: string };

export type StepOutcome =
  | { placed: true; node: string; freeAfter: number }
  /** No node has room for it. */
  | { placed: false; why: 'no-room'; largestFree: number }
  /** Its affinity pins it to a node without room: it waits for ever while the target stays there. */
  | { placed: false; why: 'affinity-full'; target: string; node: string; free: number }
  /** Its affinity target has no node: it could not be placed, or it comes later in the queue. */
  | { placed: false; why: 'affinity-missing'; target: string; targetState: 'unplaced' | 'later' };

export interface SchedStep {
  unit: SchedUnit;
  nodes: NodeVerdict[];
  outcome: StepOutcome;
}

export interface SchedOutcome {
  scenario: string;
  mode: SchedMode;
  strategy: Strategy;
  /** The nodes before anything was placed. */
  nodes: SchedNode[];
  steps: SchedStep[];
  /** Container → node. */
  placed: Record<string, string>;
  unplaced: string[];
  /** Node → free bytes at the end. */
  free: Record<string, number>;
}

/** Runs the queue once in the scenario's order; nothing ever leaves a node, so an unplaced unit stays unplaced. */
export function schedule(scenario: Scenario, mode: SchedMode): SchedOutcome {
  const free = new Map(scenario.nodes.map((n) => [n.name, n.memory]));
  const count = new Map(scenario.nodes.map((n) => [n.name, 0]));
  const placed = new Map<string, string>();
  const unplaced: string[] = [];
  const steps: SchedStep[] = [];
  const queue = scenario.containers.map((c) => c.name);

  for (const unit of units(scenario, mode)) {
    const target = unit.affinity;
    const targetNode = target === undefined ? undefined : placed.get(target);
    const nodes = scenario.nodes.map((n): NodeVerdict => {
      const nodeFree = free.get(n.name) ?? 0;
      if (target !== undefined && targetNode !== n.name) return { node: n.name, free: nodeFree, fits: false, why: 'affinity', target, ...(targetNode ? { targetNode } : {}) };
      if (nodeFree < unit.memory) return { node: n.name, free: nodeFree, fits: false, why: 'too-small' };
      return { node: n.name, free: nodeFree, fits: true, freeAfter: nodeFree - unit.memory };
    });
    const chosen = pick(nodes, scenario.strategy, count);
    let outcome: StepOutcome;
    if (chosen) {
      outcome = { placed: true, node: chosen.node, freeAfter: chosen.freeAfter };
      free.set(chosen.node, chosen.freeAfter);
      count.set(chosen.node, (count.get(chosen.node) ?? 0) + unit.containers.length);
      for (const c of unit.containers) placed.set(c, chosen.node);
    } else {
      outcome = notPlaced(unit, nodes, targetNode, queue.indexOf(target ?? '') > queue.indexOf(unit.name));
      unplaced.push(...unit.containers);
    }
    steps.push({ unit, nodes, outcome });
  }
  return {
    scenario: scenario.name,
    mode,
    strategy: scenario.strategy,
    nodes: scenario.nodes,
    steps,
    placed: Object.fromEntries(placed),
    unplaced,
    free: Object.fromEntries(free),
  };
}

/** The queue as units: each container, or each group of containers bound by affinity (named after the one the others follow). */
function units(scenario: Scenario, mode: SchedMode): SchedUnit[] {
  if (mode === 'containers') {
    return scenario.containers.map((c) => ({ kind: 'container', name: c.name, containers: [c.name], memory: c.memory, ...(c.affinity ? { affinity: c.affinity } : {}) }));
  }
  const affinity = new Map(scenario.containers.map((c) => [c.name, c.affinity]));
  const root = (name: string): string => {
    let at = name;
    // The scenario has no affinity cycle (scenario.ts rejects one); the bound is only a guard.
    for (let hops = 0; hops < affinity.size; hops++) {
      const next = affinity.get(at);
      if (next === undefined) break;
      at = next;
    }
    return at;
  };
  const pods = new Map<string, SchedUnit>();
  for (const c of scenario.containers) {
    const name = root(c.name);
    const pod = pods.get(name) ?? { kind: 'pod', name, containers: [], memory: 0 };
    pod.containers.push(c.name);
    pod.memory += c.memory;
    pods.set(name, pod);
  }
  return [...pods.values()];
}

type Fit = Extract<NodeVerdict, { fits: true }>;

/** The strategy's choice among the nodes that fit; ties go to the node listed first. */
function pick(nodes: NodeVerdict[], strategy: Strategy, count: Map<string, number>): Fit | undefined {
  const fits = nodes.filter((n): n is Fit => n.fits);
  const better = (a: Fit, b: Fit): boolean => {
    switch (strategy) {
      case 'binpack':
        return a.freeAfter < b.freeAfter;
      case 'spread': {
        const ca = count.get(a.node) ?? 0;
        const cb = count.get(b.node) ?? 0;
        return ca < cb || (ca === cb && a.freeAfter > b.freeAfter);
      }
      case 'first-fit':
        return false;
    }
  };
  return fits.reduce<Fit | undefined>((best, n) => (best === undefined || better(n, best) ? n : best), undefined);
}

function notPlaced(unit: SchedUnit, nodes: NodeVerdict[], targetNode: string | undefined, targetLater: boolean): StepOutcome {
  const target = unit.affinity;
  if (target === undefined) return { placed: false, why: 'no-room', largestFree: Math.max(0, ...nodes.map((n) => n.free)) };
  if (targetNode === undefined) return { placed: false, why: 'affinity-missing', target, targetState: targetLater ? 'later' : 'unplaced' };
  return { placed: false, why: 'affinity-full', target, node: targetNode, free: nodes.find((n) => n.node === targetNode)?.free ?? 0 };
}
