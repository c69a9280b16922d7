// `podlab`: the command-line front door. It parses input, calls the engine and renders the
// answer — no Pod logic lives here. Engine modules load lazily so `podlab --help` stays instant.
// This file routes a command line to its command group (cmd-*.ts) and turns failures into exit codes.
import type { Writable } from 'node:stream';
// Static imports are what every command needs and are small; the engine loads on demand.
import { PodlabError, formatError } from '../engine/base/errors.js';
import { HELP, parse, usageError } from './args.js';
import { doctorCmd } from './cmd-doctor.js';
import { execCmd } from './cmd-exec.js';
import { imagesCmd } from './cmd-images.js';
import { podCmd } from './cmd-pod.js';
import { supervisorCmd } from './cmd-supervisor.js';
import { printJson } from './render.js';

export interface Io {
  out: Writable & { isTTY?: boolean };
  err: NodeJS.WriteStream;
}

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    return usageError((e as Error).message);
  }
  const { values: o, positionals: pos } = parsed;
  const [cmd, sub, ...rest] = pos;
  if (o.help || !cmd) {
    io.out.write(`${HELP}\n`);
    return cmd || o.help ? 0 : 2;
  }
  switch (cmd) {
    case 'doctor':
      return doctorCmd(io, o);
    case 'images':
      return imagesCmd(io, sub, o);
    case 'pod':
    case 'pods':
      return podCmd(io, sub, rest, o);
    case 'supervisor':
      return supervisorCmd(io, sub, o);
    case 'exec':
      return execCmd(io, pos.slice(1), o);
    default:
      return usageError(`unknown command "${cmd}"`);
  }
}

/** Entry point: exit code and a clear message, never a stack trace, for expected failures. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const io: Io = { out: process.stdout, err: process.stderr };
  try {
    process.exitCode = await run(argv, io);
  } catch (err) {
    if (argv.includes('--json') && err instanceof PodlabError) printJson(io, { error: err.toJSON() });
    io.err.write(`error: ${formatError(err)}\n`);
    if (!(err instanceof PodlabError) && process.env.PODLAB_DEBUG) io.err.write(`${(err as Error).stack}\n`);
    process.exitCode = err instanceof PodlabError && err.code === 'USAGE' ? 2 : 1;
  }
}
