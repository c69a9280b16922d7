// `podlab pod logs`: the output of a Pod's containers — one (named, or the default one, as kubectl
// picks it) or all of them, init containers first — of the newest instance, or the one before it
// with `previous`, split back into stdout and stderr unless it has a TTY; followed with `follow`.
import type { Readable } from 'node:stream';
import { PodlabError } from '../base/errors.js';
import { FrameDecoder, LogLines, type ByteSink } from './log-output.js';
import { containerNames, findPod, pickContainer } from './resolve.js';
import type { ObservedPod } from './sync/observe.js';
import type { PodRuntime } from './runtime.js';

export interface LogsOptions {
  namespace?: string;
  previous?: boolean;
  follow?: boolean;
  tail?: number;
  /** Every container's logs, init containers first in spec order (kubectl's --all-containers). */
  allContainers?: boolean;
  /** Each line starts with `[pod/NAME/CONTAINER] `, as kubectl's --prefix. */
  prefix?: boolean;
  /** Ends a followed log early (its caller went away): Docker's log streams are closed, nothing is left following. */
  signal?: AbortSignal;
}

interface Target {
  container: string;
  id: string;
}

/** The Docker container behind a Pod container: its newest instance, or the one before with `previous`. */
function instanceOf(pod: ObservedPod, container: string, previous: boolean): string | undefined {
  const instances = pod.containers.filter((c) => c.podContainer === container);
  return instances[instances.length - (previous ? 2 : 1)]?.id;
}

function targetsOf(pod: ObservedPod, container: string | undefined, opts: LogsOptions): Target[] {
  const previous = !!opts.previous;
  // All containers: those without an instance (not started yet, no previous run) have nothing to show.
  if (opts.allContainers) {
    return containerNames(pod).flatMap((c) => {
      const id = instanceOf(pod, c, previous);
      return id ? [{ container: c, id }] : [];
    });
  }
  const ctr = pickContainer(pod, container).name;
  const id = instanceOf(pod, ctr, previous);
  if (!id) {
    throw new PodlabError('POD_NOT_FOUND', previous ? `container "${ctr}" has no previous instance` : `container "${ctr}" has not been created yet`, {
      hint: `see \`podlab pod describe ${pod.name}\``,
    });
  }
  return [{ container: ctr, id }];
}

export async function podLogs(rt: PodRuntime, name: string, container: string | undefined, out: ByteSink, err: ByteSink, opts: LogsOptions = {}): Promise<void> {
  const pod = await findPod(rt, name, opts.namespace);
  const targets = targetsOf(pod, container, opts);
  // Whole lines when lines get a prefix or several followed containers interleave.
  const wholeLines = !!opts.prefix || (!!opts.allContainers && !!opts.follow);
  const one = (t: Target) => {
    const prefix = opts.prefix ? `[pod/${pod.name}/${t.container}] ` : '';
    return containerLogs(rt, t.id, new LogLines(out, prefix, wholeLines), new LogLines(err, prefix, wholeLines), opts);
  };
  if (opts.follow) await Promise.all(targets.map(one));
  else for (const t of targets) await one(t);
}

/** One Docker container's log, to its two sinks, until its end (or, followed, until it stops). */
async function containerLogs(rt: PodRuntime, id: string, out: LogLines, err: LogLines, opts: LogsOptions): Promise<void> {
  const c = rt.docker.getContainer(id);
  const tty = (await c.inspect()).Config.Tty;
  const frames = new FrameDecoder();
  const take = (chunk: Buffer) => (tty ? out.write(chunk) : frames.push(chunk, (stream, payload) => (stream === 'stderr' ? err : out).write(payload)));
  const base = { stdout: true, stderr: true, ...(opts.tail !== undefined ? { tail: opts.tail } : {}) };
  if (opts.follow) {
    const stream = (await c.logs({ ...base, follow: true })) as Readable;
    const stop = () => stream.destroy();
    opts.signal?.addEventListener('abort', stop, { once: true });
    try {
      await new Promise<void>((resolve, reject) => {
        stream.on('data', take);
        stream.on('end', resolve);
        // Destroyed by the signal: a stream that ends without 'end'.
        stream.on('close', resolve);
        stream.on('error', (err) => (opts.signal?.aborted ? resolve() : reject(err)));
        if (opts.signal?.aborted) stop();
      });
    } finally {
      opts.signal?.removeEventListener('abort', stop);
    }
  } else {
    take(await c.logs({ ...base, follow: false }));
  }
  out.flush();
  err.flush();
}
