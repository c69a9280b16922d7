// `podlab sched run FILE`: the gang-scheduling simulator. It needs no Docker engine: the simulator
// loads lazily through the facade, like doctor, and the story's text lives in render-sched.ts.
import { usageError, type Options } from './args.js';
import type { Io } from './main.js';
import { loadConfig } from '../engine/base/config.js';
import { chooseLang } from '../engine/base/lang.js';
import { SCHED_MODES, type SchedMode } from '../engine/model.js';
import { printJson } from './render.js';

const EXAMPLE = 'e.g. `podlab sched run labs/gang-scheduling/rsyslog.yaml --mode pod`';

export async function schedCmd(io: Io, args: string[], o: Options): Promise<number> {
  const [file, ...extra] = args;
  if (file === undefined) return usageError('say which scenario file to run', EXAMPLE);
  if (extra.length) return usageError(`one scenario at a time; also got ${extra.join(' ')}`, EXAMPLE);
  const mode = o.mode ?? 'containers';
  if (!(SCHED_MODES as readonly string[]).includes(mode)) return usageError(`--mode takes ${SCHED_MODES.join(' or ')}, got "${mode}"`, EXAMPLE);
  const lang = chooseLang(o.lang);
  const [{ runScenario }, { formatSchedRun }] = await Promise.all([import('../engine/engine.js'), import('./render-sched.js')]);
  const run = await runScenario(file, mode as SchedMode, loadConfig().stateDir);
  if (o.json) printJson(io, { ...run.outcome, file: run.scenario.file, record: run.record });
  else io.out.write(`${formatSchedRun(run, lang)}\n`);
  return 0;
}
