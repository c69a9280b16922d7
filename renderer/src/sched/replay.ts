// The gang-scheduling figure's state after the first N steps of the simulator's outcome: each
// node's capacity, what landed on it and what is free, the queue still waiting, the units stuck
// with their reason, and the step just replayed (with every node's verdict on it). Pure: the
// figure draws it, the unit tests check it against the outcome's own final numbers.
import type { NodeVerdict, SchedOutcome, SchedStep, SchedUnit, StepOutcome } from '../../../electron/contract/api.js';

export interface LandedUnit {
  unit: SchedUnit;
  /** Index of the step that placed it. */
  step: number;
}

export interface NodeState {
  name: string;
  /** Free memory before anything was placed: the bar's full length. */
  capacity: number;
  used: number;
  free: number;
  units: LandedUnit[];
  /** What this node said to the unit of the step just replayed. */
  verdict?: NodeVerdict;
  /** The step just replayed placed its unit here. */
  landing: boolean;
}

export interface StuckUnit {
  unit: SchedUnit;
  /** Index of the step that left it unplaced, and that step. */
  index: number;
  step: SchedStep;
  outcome: Extract<StepOutcome, { placed: false }>;
}

export interface ReplayState {
  /** Steps replayed so far (0 … total). */
  done: number;
  total: number;
  nodes: NodeState[];
  /** Units not yet scheduled, in queue order. */
  queue: SchedUnit[];
  stuck: StuckUnit[];
  /** The step just replayed, when one was. */
  current?: SchedStep;
}

export function replay(o: SchedOutcome, done: number): ReplayState {
  const n = Math.max(0, Math.min(o.steps.length, Math.floor(done)));
  const replayed = o.steps.slice(0, n);
  const current = n > 0 ? o.steps[n - 1] : undefined;
  const stuck: StuckUnit[] = [];
  const landed = new Map<string, LandedUnit[]>();
  replayed.forEach((s, i) => {
    if (s.outcome.placed) landed.set(s.outcome.node, [...(landed.get(s.outcome.node) ?? []), { unit: s.unit, step: i }]);
    else stuck.push({ unit: s.unit, index: i, step: s, outcome: s.outcome });
  });
  const nodes = o.nodes.map((node): NodeState => {
    const units = landed.get(node.name) ?? [];
    const used = units.reduce((sum, u) => sum + u.unit.memory, 0);
    const verdict = current?.nodes.find((v) => v.node === node.name);
    return {
      name: node.name,
      capacity: node.memory,
      used,
      free: node.memory - used,
      units,
      ...(verdict ? { verdict } : {}),
      landing: current?.outcome.placed === true && current.outcome.node === node.name,
    };
  });
  return { done: n, total: o.steps.length, nodes, queue: o.steps.slice(n).map((s) => s.unit), stuck, ...(current ? { current } : {}) };
}

/** Containers in the order they first appear in the queue: each keeps one colour in the figure. */
export function containerOrder(o: SchedOutcome): string[] {
  return [...new Set(o.steps.flatMap((s) => s.unit.containers))];
}
