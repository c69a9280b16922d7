// `podlab pod logs`: what a container wrote (the previous run's with --previous, followed with -f),
// streamed from Docker by the Engine in this process straight to stdout and stderr.
import { num, usageError, type Options } from './args.js';
import { connect } from './api.js';
import type { Io } from './main.js';

export async function logsCmd(io: Io, names: string[], o: Options, ns: string): Promise<number> {
  const name = names[0] ?? (await usageError('say whose logs to show', 'e.g. `podlab pod logs web -c app`'));
  const tail = num(o.tail, 'tail', 'lines');
  const engine = await connect();
  await engine.logs(name, o.container, io.out, io.err, {
    namespace: ns,
    ...(o.previous ? { previous: true } : {}),
    ...(o.follow ? { follow: true } : {}),
    ...(tail !== undefined ? { tail } : {}),
  });
  return 0;
}
