// `podlab pod logs`: the output of one Pod container (the newest instance, or the one before it
// with `previous`, as kubectl does), split back into stdout and stderr unless it has a TTY.
import { PassThrough, type Writable } from 'node:stream';
import { PodlabError } from '../base/errors.js';
import { findPod, pickContainer } from './resolve.js';
import type { PodRuntime } from './runtime.js';

export interface LogsOptions {
  namespace?: string;
  previous?: boolean;
  follow?: boolean;
  tail?: number;
}

export async function podLogs(rt: PodRuntime, name: string, container: string | undefined, out: Writable, err: Writable, opts: LogsOptions = {}): Promise<void> {
  const pod = await findPod(rt, name, opts.namespace);
  const ctr = pickContainer(pod, container, 'refuse');
  const instances = pod.containers.filter((c) => c.podContainer === ctr);
  const inst = instances[instances.length - (opts.previous ? 2 : 1)];
  if (!inst) {
    throw new PodlabError('POD_NOT_FOUND', opts.previous ? `container "${ctr}" has no previous instance` : `container "${ctr}" has not been created yet`, {
      hint: `see \`podlab pod describe ${name}\``,
    });
  }
  const c = rt.docker.getContainer(inst.id);
  const tty = (await c.inspect()).Config.Tty;
  const base = { stdout: true, stderr: true, ...(opts.tail !== undefined ? { tail: opts.tail } : {}) };
  if (opts.follow) {
    const stream = await c.logs({ ...base, follow: true });
    await new Promise<void>((resolve, reject) => {
      if (tty) stream.pipe(out, { end: false });
      else {
        const o = new PassThrough();
        const e = new PassThrough();
        o.pipe(out, { end: false });
        e.pipe(err, { end: false });
        rt.docker.modem.demuxStream(stream, o, e);
      }
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    return;
  }
  const buf = await c.logs({ ...base, follow: false });
  if (tty) {
    out.write(buf);
    return;
  }
  // Docker's multiplexed format: 8-byte header (stream, 0, 0, 0, size BE) before each frame.
  let i = 0;
  while (i + 8 <= buf.length) {
    const kind = buf[i];
    const size = buf.readUInt32BE(i + 4);
    const frame = buf.subarray(i + 8, i + 8 + size);
    (kind === 2 ? err : out).write(frame);
    i += 8 + size;
  }
}
