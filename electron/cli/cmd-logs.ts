// `podlab pod logs`: what a Pod's containers wrote (the previous run's with --previous, followed
// with -f, all of them with --all-containers), through the contract: the supervisor's process
// reads Docker's logs when one answers, else this one. Ctrl-C cancels the call, so the follower
// stops where it runs before this process ends.
import type { Result } from '../contract/api.js';
import { num, usageError, type Options } from './args.js';
import { chooseContainer, contractApi } from './api.js';
import type { Io } from './main.js';
import { writeOutput } from './output.js';

/** After Ctrl-C, how long the follower may take to stop before this process leaves anyway. */
const CANCEL_GRACE_MS = 2_000;

export async function logsCmd(io: Io, names: string[], o: Options, ns: string): Promise<number> {
  const name = names[0] ?? (await usageError('say whose logs to show', 'e.g. `podlab pod logs web -c app`'));
  const all = !!o['all-containers'];
  if (all && o.container !== undefined) return usageError('give -c CTR or --all-containers, not both', 'e.g. `podlab pod logs web --all-containers --prefix`');
  const tail = num(o.tail, 'tail', 'lines');
  const api = await contractApi();
  const stop = new AbortController();
  let caught: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    caught = signal;
    // A second Ctrl-C, or a follower that does not stop, ends the process the default way.
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    setTimeout(() => process.kill(process.pid, signal), CANCEL_GRACE_MS).unref();
    stop.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    const container = all ? undefined : await chooseContainer(api, io, name, ns, o.container);
    await api.call<Result<'pods.logs'>>(
      'pods.logs',
      {
        name,
        namespace: ns,
        ...(container !== undefined ? { container } : {}),
        ...(all ? { allContainers: true } : {}),
        ...(o.previous ? { previous: true } : {}),
        ...(o.follow ? { follow: true } : {}),
        ...(tail !== undefined ? { tail } : {}),
        ...(o.prefix ? { prefix: true } : {}),
      },
      { onProgress: writeOutput(io), signal: stop.signal },
    );
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await api.close();
  }
  // Stopped by a signal: end by it too (a shell sees 130 for Ctrl-C, as with kubectl logs -f).
  if (caught) process.kill(process.pid, caught);
  return 0;
}
