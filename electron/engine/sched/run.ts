// One `podlab sched run`: read the scenario, schedule it in a mode, record the outcome in the state
// directory for the lab's check. No Docker anywhere: it works with no engine running.
import { writeSchedRecord } from './record.js';
import { type Scenario, readScenario } from './scenario.js';
import { type SchedMode, type SchedOutcome, schedule } from './simulate.js';

export interface SchedRun {
  scenario: Scenario;
  outcome: SchedOutcome;
  /** The file the outcome was recorded in. */
  record: string;
}

/** The outcome alone, recorded nowhere: what the window draws (a drawing is not the learner's run). */
export async function simulateScenario(file: string, mode: SchedMode): Promise<SchedOutcome> {
  return schedule(await readScenario(file), mode);
}

export async function runScenario(file: string, mode: SchedMode, stateDir: string): Promise<SchedRun> {
  const scenario = await readScenario(file);
  const outcome = schedule(scenario, mode);
  return { scenario, outcome, record: await writeSchedRecord(stateDir, outcome, file) };
}
