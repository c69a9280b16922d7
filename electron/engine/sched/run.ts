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

export async function runScenario(file: string, mode: SchedMode, stateDir: string): Promise<SchedRun> {
  const scenario = await readScenario(file);
  const outcome = schedule(scenario, mode);
  return { scenario, outcome, record: await writeSchedRecord(stateDir, outcome, file) };
}
