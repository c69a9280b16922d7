// `podlab exec POD -- CMD` without a TTY: run a command in a Pod container, stdout and stderr kept
// apart (Docker multiplexes them), stdin passed through when asked, the exit code returned — or,
// when the container ends under the command, a POD_FAILED error that says so.
import { PassThrough, type Duplex, type Readable, type Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { PodlabError } from '../base/errors.js';
import { ContainerEvents, containerEnd, type ContainerGone } from '../docker/container-events.js';
import { runningContainer } from './resolve.js';
import type { PodRuntime } from './runtime.js';

export interface ExecOptions {
  namespace?: string;
  container?: string;
  stdin?: Readable;
  /** The caller went away: the command's output is dropped (Docker cannot stop an exec; it may run on). */
  signal?: AbortSignal;
}

export async function execInPod(rt: PodRuntime, pod: string, command: string[], out: Writable, err: Writable, opts: ExecOptions = {}): Promise<number> {
  const target = await runningContainer(rt, pod, opts.namespace, opts.container);
  // The container's end comes from the engine's events, not from the stream: Docker 20.10 can
  // keep an exec's stream open for good once the container is dead (a shared PID namespace whose
  // pause was killed), and the command would hang.
  const events = new ContainerEvents(rt.docker, rt.home);
  let gone: ContainerGone | undefined;
  let stream: Duplex | undefined;
  let ended: (g: ContainerGone) => void = () => undefined;
  const endSeen = new Promise<ContainerGone>((resolve) => (ended = resolve));
  const unwatch = await events.watch([target.id], (g) => {
    gone ??= g;
    ended(g);
    stream?.destroy();
  });
  const detach = () => stream?.destroy();
  opts.signal?.addEventListener('abort', detach, { once: true });
  try {
    gone ??= await containerEnd(rt.docker, target.id); // it may have ended before the watch began
    if (gone) throw endedUnder(pod, target.container, gone);
    const exec = await rt.docker.getContainer(target.id).exec({
      Cmd: command,
      AttachStdout: true,
      AttachStderr: true,
      AttachStdin: !!opts.stdin,
      Tty: false,
    });
    const s = await exec.start({ hijack: true, stdin: !!opts.stdin });
    stream = s;
    if (gone || opts.signal?.aborted) s.destroy();
    const o = new PassThrough();
    const e = new PassThrough();
    o.pipe(out, { end: false });
    e.pipe(err, { end: false });
    rt.docker.modem.demuxStream(s, o, e);
    if (opts.stdin) {
      opts.stdin.pipe(s);
      // End of our input closes the command's stdin (half-close), as `docker exec -i` does.
      opts.stdin.on('end', () => s.end());
    }
    await new Promise<void>((resolve, reject) => {
      s.on('end', resolve);
      s.on('close', resolve);
      s.on('error', (error) => (gone ? resolve() : reject(error)));
    });
    opts.stdin?.unpipe(s);
    if (gone) throw endedUnder(pod, target.container, gone);
    const code = await exec.inspect().then((i) => i.ExitCode ?? 1, () => undefined);
    if ((code !== undefined && code < 128) || opts.signal?.aborted) return code ?? 1;
    // Killed by a signal, or no answer: did the container die under the command? Its event may
    // trail the stream's end by a moment.
    gone ??= await Promise.race([endSeen, delay(SETTLE_MS).then(() => containerEnd(rt.docker, target.id))]);
    if (gone) throw endedUnder(pod, target.container, gone);
    return code ?? 1;
  } finally {
    opts.signal?.removeEventListener('abort', detach);
    unwatch();
  }
}

/** How long a container's end may trail the end of a command it killed. */
const SETTLE_MS = 1_000;

function endedUnder(pod: string, container: string, g: ContainerGone): PodlabError {
  const what = g.action === 'destroy' ? 'was removed' : `exited (${g.exitCode ?? 'unknown code'})`;
  return new PodlabError('POD_FAILED', `container "${container}" of Pod "${pod}" ${what} while the command ran`, {
    hint: `see why with \`podlab pod describe ${pod}\`; run the command again once the Pod is Running`,
  });
}
