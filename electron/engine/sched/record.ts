// The last run of each scenario and mode, kept in the state directory
// (`<stateDir>/sched/last-<scenario>-<mode>.json`) so that a lab's `scheduled` check reads the
// outcome of the learner's own `podlab sched run`. Written atomically: a reader never sees half a file.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { scenarioName } from './scenario.js';
import type { SchedMode, SchedOutcome } from './simulate.js';

export interface SchedRecord extends SchedOutcome {
  /** The scenario file as given to the run, made absolute. */
  file: string;
  /** When it ran (ISO 8601). */
  at: string;
}

/** What a check needs of a record; the rest of the file is for people and the window. */
const RECORD = z.looseObject({
  scenario: z.string(),
  mode: z.enum(['containers', 'pod']),
  file: z.string(),
  at: z.string(),
  placed: z.record(z.string(), z.string()),
  unplaced: z.array(z.string()),
});

/** Where the last run of a scenario file (or its base name) in a mode is recorded. */
export function schedRecordPath(stateDir: string, scenario: string, mode: SchedMode): string {
  return path.join(stateDir, 'sched', `last-${scenarioName(scenario)}-${mode}.json`);
}

export async function writeSchedRecord(stateDir: string, outcome: SchedOutcome, file: string): Promise<string> {
  const target = schedRecordPath(stateDir, outcome.scenario, outcome.mode);
  const record: SchedRecord = { ...outcome, file: path.resolve(file), at: new Date().toISOString() };
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temp, target);
  return target;
}

/** The last recorded run, or undefined when there is none (or it cannot be read as one). */
export async function readSchedRecord(stateDir: string, scenario: string, mode: SchedMode): Promise<SchedRecord | undefined> {
  let text: string;
  try {
    text = await readFile(schedRecordPath(stateDir, scenario, mode), 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = RECORD.safeParse(json);
  return parsed.success ? (parsed.data as unknown as SchedRecord) : undefined;
}

/** Forgets the last run (a lab's reset: its `scheduled` checks fail again until the learner reruns). */
export async function forgetSchedRecord(stateDir: string, scenario: string, mode: SchedMode): Promise<void> {
  await rm(schedRecordPath(stateDir, scenario, mode), { force: true });
}
