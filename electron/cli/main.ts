// `podlab`: the command-line front door. It parses input, calls the engine and renders the
// answer — no Pod logic lives here. Engine modules load lazily so `podlab --help` stays instant.
// This file routes a command line to its command group (cmd-*.ts) and turns failures into exit codes.
import type { Writable } from 'node:stream';
// Static imports are what every command needs and are small; the engine loads on demand.
import { PodlabError, formatError } from '../engine/base/errors.js';
import { parseCommandLine, type Options } from './args.js';
import { doctorCmd } from './cmd-doctor.js';
import { execCmd } from './cmd-exec.js';
import { imagesCmd } from './cmd-images.js';
import { labCmd } from './cmd-lab.js';
import { podCmd } from './cmd-pod.js';
import { schedCmd } from './cmd-sched.js';
import { serveCmd } from './cmd-serve.js';
import { supervisorCmd } from './cmd-supervisor.js';
import type { CommandName } from './commands.js';
import { printJson } from './render.js';
import { commandHelp, globalHelp, groupHelp } from './render-help.js';
import { podlabVersion } from './version.js';

export interface Io {
  out: Writable & { isTTY?: boolean };
  err: NodeJS.WriteStream;
}

type Handler = (io: Io, args: string[], o: Options) => Promise<number>;

/** Every command of the table, and what runs it: a command without a handler fails to compile. */
const HANDLERS: Record<CommandName, Handler> = {
  doctor: (io, _args, o) => doctorCmd(io, o),
  'images build': (io, _args, o) => imagesCmd(io, 'build', o),
  'images ls': (io, _args, o) => imagesCmd(io, 'ls', o),
  'pod apply': (io, args, o) => podCmd(io, 'apply', args, o),
  'pod plan': (io, args, o) => podCmd(io, 'plan', args, o),
  'pod ls': (io, args, o) => podCmd(io, 'ls', args, o),
  'pod describe': (io, args, o) => podCmd(io, 'describe', args, o),
  'pod logs': (io, args, o) => podCmd(io, 'logs', args, o),
  'pod rm': (io, args, o) => podCmd(io, 'rm', args, o),
  'pod ps': (io, args, o) => podCmd(io, 'ps', args, o),
  'pod ns': (io, args, o) => podCmd(io, 'ns', args, o),
  'pod infra': (io, args, o) => podCmd(io, 'infra', args, o),
  'lab ls': (io, args, o) => labCmd(io, 'ls', args, o),
  'lab validate': (io, args, o) => labCmd(io, 'validate', args, o),
  'lab start': (io, args, o) => labCmd(io, 'start', args, o),
  'lab status': (io, args, o) => labCmd(io, 'status', args, o),
  'lab check': (io, args, o) => labCmd(io, 'check', args, o),
  'lab reset': (io, args, o) => labCmd(io, 'reset', args, o),
  'lab stop': (io, args, o) => labCmd(io, 'stop', args, o),
  'lab test': (io, args, o) => labCmd(io, 'test', args, o),
  exec: (io, args, o) => execCmd(io, args, o),
  'supervisor run': (io, _args, o) => supervisorCmd(io, 'run', o),
  'supervisor status': (io, _args, o) => supervisorCmd(io, 'status', o),
  serve: (io, args, o) => serveCmd(io, args, o),
  'sched run': (io, args, o) => schedCmd(io, args, o),
};

export async function run(argv: string[], io: Io): Promise<number> {
  const line = parseCommandLine(argv);
  switch (line.kind) {
    case 'version':
      io.out.write(`podlab ${podlabVersion()}\n`);
      return 0;
    case 'help':
      io.out.write(`${line.command ? commandHelp(line.command) : line.group ? groupHelp(line.group) : globalHelp()}\n`);
      return line.exitCode;
    case 'run':
      return HANDLERS[line.command](io, line.args, line.options);
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
