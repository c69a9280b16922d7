// `podlab exec`: a command in a Pod's container, like kubectl exec — a plain exec with stdout and
// stderr apart, or with -t a real TTY through a terminal session (exec-tty.ts), both through the
// contract (the supervisor's process when one answers). With -i and no TTY the command runs from
// this process: its stdin is a stream with no end in sight (`yes | podlab exec -i …`), which no call carries.
import type { Result } from '../contract/api.js';
import { usageError, type Options } from './args.js';
import { chooseContainer, connect, contractApi } from './api.js';
import type { Io } from './main.js';
import { writeOutput } from './output.js';

export async function execCmd(io: Io, args: string[], o: Options): Promise<number> {
  const [pod, ...command] = args;
  if (!pod) return usageError('say which Pod to exec into', 'e.g. `podlab exec web -c app -it -- sh`');
  if (!o.tty && !command.length) return usageError('give the command to run after --, or use -it for a shell', 'e.g. `podlab exec web -- ps -ef`');
  const api = await contractApi();
  const ns = o.namespace ?? 'default';
  try {
    const container = await chooseContainer(api, io, pod, ns, o.container);
    if (o.tty) {
      const { runTtySession } = await import('./exec-tty.js');
      return await runTtySession(api, { kind: 'container', pod, namespace: ns, container, ...(command.length ? { command } : {}) }, !!o.stdin);
    }
    if (o.stdin) return await execWithStdin(io, pod, command, ns, container);
    const { exitCode } = await api.call<Result<'pods.exec'>>('pods.exec', { pod, namespace: ns, container, command }, { onProgress: writeOutput(io) });
    return exitCode ?? 1;
  } finally {
    await api.close();
  }
}

async function execWithStdin(io: Io, pod: string, command: string[], namespace: string, container: string): Promise<number> {
  const engine = await connect();
  try {
    return await engine.exec(pod, command, io.out, io.err, { namespace, container, stdin: process.stdin });
  } finally {
    await engine.close();
  }
}
