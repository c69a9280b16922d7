// `podlab pod logs`: what a Pod's containers wrote (the previous run's with --previous, followed
// with -f, all of them with --all-containers), streamed from Docker by the Engine in this process
// straight to stdout and stderr.
import { num, usageError, type Options } from './args.js';
import { chooseContainer, connect } from './api.js';
import type { Io } from './main.js';

export async function logsCmd(io: Io, names: string[], o: Options, ns: string): Promise<number> {
  const name = names[0] ?? (await usageError('say whose logs to show', 'e.g. `podlab pod logs web -c app`'));
  const all = !!o['all-containers'];
  if (all && o.container !== undefined) return usageError('give -c CTR or --all-containers, not both', 'e.g. `podlab pod logs web --all-containers --prefix`');
  const tail = num(o.tail, 'tail', 'lines');
  const engine = await connect();
  try {
    const container = all ? undefined : await chooseContainer(engine, io, name, ns, o.container);
    await engine.logs(name, container, io.out, io.err, {
      namespace: ns,
      ...(o.previous ? { previous: true } : {}),
      ...(o.follow ? { follow: true } : {}),
      ...(tail !== undefined ? { tail } : {}),
      ...(all ? { allContainers: true } : {}),
      ...(o.prefix ? { prefix: true } : {}),
    });
  } finally {
    await engine.close();
  }
  return 0;
}
