// `podlab doctor`: the engine and image checks, as text or JSON. The checks and their text live in
// electron/engine/doctor.ts (the desktop app shows the same report); this file only prints them.
import type { Options } from './args.js';
import type { Io } from './main.js';
import { loadConfig } from '../engine/base/config.js';
import { printJson } from './render.js';

export async function doctorCmd(io: Io, o: Options): Promise<number> {
  const { doctor, formatDoctor } = await import('../engine/doctor.js');
  const report = await doctor(loadConfig());
  if (o.json) printJson(io, report);
  else io.out.write(`${formatDoctor(report)}\n`);
  return report.engine ? 0 : 1;
}
