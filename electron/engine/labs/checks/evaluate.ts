// One step's checks, evaluated: the declarative ones over the world the runner read (pure), the
// ones that run a command through the runner's executor, and `scheduled` over the learner's own
// last simulator run. Each gives pass/fail with a bilingual "expected … / saw …".
import path from 'node:path';
import { checkScheduled } from '../../sched/check.js';
import { readSchedRecord } from '../../sched/record.js';
import { fileCheck, scriptCheck, type RunCommand } from './exec.js';
import { joined, namespaces } from './namespaces.js';
import { container, podPhase, sandbox } from './pods.js';
import { processCheck, zombies } from './processes.js';
import type { TaggedCheck } from './schema.js';
import type { CheckResult, CheckWorld } from './world.js';

/** A declarative check's answer, or undefined for the kinds that must run something. */
export function evaluatePure(c: TaggedCheck, world: CheckWorld): CheckResult | undefined {
  switch (c.kind) {
    case 'podPhase':
      return podPhase(c.spec, world);
    case 'container':
      return container(c.spec, world);
    case 'sandbox':
      return sandbox(c.spec, world);
    case 'namespaces':
      return namespaces(c.spec, world);
    case 'joined':
      return joined(c.spec, world);
    case 'process':
      return processCheck(c.spec, world);
    case 'zombies':
      return zombies(c.spec, world);
    case 'file':
    case 'script':
    case 'scheduled':
      return undefined;
  }
}

export interface EffectfulContext {
  /** The executor for a check that runs a command (script, file). */
  runner(c: TaggedCheck): RunCommand;
  /** Where the learner's `podlab sched run` outcomes are recorded. */
  stateDir: string;
  labDir: string;
}

/** The checks that are not pure: a command in a container or on the host, or a recorded simulator run. */
export async function evaluateEffectful(c: TaggedCheck, ctx: EffectfulContext): Promise<CheckResult> {
  switch (c.kind) {
    case 'script':
      return scriptCheck(c.spec, ctx.runner(c));
    case 'file':
      return fileCheck(c.spec, ctx.runner(c));
    case 'scheduled': {
      const scenario = path.join(ctx.labDir, c.spec.scenario);
      const recorded = await readSchedRecord(ctx.stateDir, scenario, c.spec.mode);
      const { placed, unplaced } = c.spec.expect;
      return checkScheduled(recorded, { ...(placed ? { placed } : {}), ...(unplaced ? { unplaced } : {}) }, { scenario: c.spec.scenario, mode: c.spec.mode });
    }
    case 'podPhase':
    case 'container':
    case 'sandbox':
    case 'namespaces':
    case 'joined':
    case 'process':
    case 'zombies':
      throw new Error(`${c.kind} is a declarative check: evaluatePure answers it`);
  }
}
