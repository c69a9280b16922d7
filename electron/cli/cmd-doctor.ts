// `podlab doctor`: the engine and image checks, as text or JSON. The checks live in
// electron/engine/doctor.ts (the desktop app shows the same report), the text in render-doctor.ts.
import type { Options } from './args.js';
import type { Io } from './main.js';
import { loadConfig } from '../engine/base/config.js';
import { printJson } from './render.js';

export async function doctorCmd(io: Io, o: Options): Promise<number> {
  const [{ doctor }, { formatDoctor }] = await Promise.all([import('../engine/doctor.js'), import('./render-doctor.js')]);
  const report = await doctor(loadConfig());
  if (o.json) printJson(io, report);
  else io.out.write(`${formatDoctor(report)}\n`);
  return report.engine ? 0 : 1;
}
