// `podlab exec POD -- CMD` without a TTY: run a command in a Pod container, stdout and stderr kept
// apart (Docker multiplexes them), stdin passed through when asked, the exit code returned.
import type { Readable, Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { runningContainer } from './resolve.js';
import type { PodRuntime } from './runtime.js';

export interface ExecOptions {
  namespace?: string;
  container?: string;
  stdin?: Readable;
}

export async function execInPod(rt: PodRuntime, pod: string, command: string[], out: Writable, err: Writable, opts: ExecOptions = {}): Promise<number> {
  const target = await runningContainer(rt, pod, opts.namespace, opts.container);
  const exec = await rt.docker.getContainer(target.id).exec({
    Cmd: command,
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: !!opts.stdin,
    Tty: false,
  });
  const stream = await exec.start({ hijack: true, stdin: !!opts.stdin });
  const o = new PassThrough();
  const e = new PassThrough();
  o.pipe(out, { end: false });
  e.pipe(err, { end: false });
  rt.docker.modem.demuxStream(stream, o, e);
  if (opts.stdin) {
    opts.stdin.pipe(stream);
    // End of our input closes the command's stdin (half-close), as `docker exec -i` does.
    opts.stdin.on('end', () => (stream as unknown as { end: () => void }).end());
  }
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  opts.stdin?.unpipe(stream);
  const info = await exec.inspect();
  return info.ExitCode ?? 1;
}
