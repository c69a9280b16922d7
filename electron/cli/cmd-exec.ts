// `podlab exec`: a command in a Pod's container, like kubectl exec — a plain exec with stdout and
// stderr apart, or with -t a real TTY through the terminal session code (exec-tty.ts).
import { usageError, type Options } from './args.js';
import { chooseContainer, connect } from './api.js';
import type { Io } from './main.js';

export async function execCmd(io: Io, args: string[], o: Options): Promise<number> {
  const [pod, ...command] = args;
  if (!pod) return usageError('say which Pod to exec into', 'e.g. `podlab exec web -c app -it -- sh`');
  if (!o.tty && !command.length) return usageError('give the command to run after --, or use -it for a shell', 'e.g. `podlab exec web -- ps -ef`');
  const engine = await connect();
  const ns = o.namespace ?? 'default';
  try {
    const container = await chooseContainer(engine, io, pod, ns, o.container);
    if (!o.tty) return await engine.exec(pod, command, io.out, io.err, { namespace: ns, container, ...(o.stdin ? { stdin: process.stdin } : {}) });
    const { runTtySession } = await import('./exec-tty.js');
    return await runTtySession(engine, { kind: 'container', pod, namespace: ns, container, ...(command.length ? { command } : {}) }, !!o.stdin);
  } finally {
    await engine.close();
  }
}
