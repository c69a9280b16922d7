// Pulling one image with progress. Bounded by an idle limit: an offline laptop must get a clear
// reason within seconds, not a command that hangs while the engine waits on DNS or a registry.
import type Docker from 'dockerode';
import { runDockerStream, type DockerStreamEvent } from './docker-stream.js';
import { safeEmit, type ImageProgressListener } from './progress.js';

export const DEFAULT_PULL_IDLE_TIMEOUT_MS = 30_000;

export interface PullOptions {
  onProgress?: ImageProgressListener;
  /** Give up when the engine reports nothing for this long. */
  idleTimeoutMs?: number;
}

/**
 * Pulls `ref` (one tag: an untagged ref means `:latest`, never every tag). Rejects with the
 * engine's reason (unknown image, no network, registry refused, or the idle limit).
 */
export async function pullImage(docker: Docker, ref: string, opts: PullOptions = {}): Promise<void> {
  const layers = new Map<string, { current: number; total: number }>();
  const idleTimeoutMs = opts.idleTimeoutMs ?? DEFAULT_PULL_IDLE_TIMEOUT_MS;
  safeEmit(opts.onProgress, { image: ref, phase: 'pull', message: `pulling ${ref}` });

  const onEvent = (event: DockerStreamEvent): void => {
    const detail = event.progressDetail;
    if (event.id && detail?.total) {
      layers.set(event.id, { current: detail.current ?? 0, total: detail.total });
    } else if (event.id && /^(Download complete|Pull complete|Already exists)$/.test(event.status ?? '')) {
      const layer = layers.get(event.id);
      if (layer) layer.current = layer.total;
    }
    let current = 0;
    let total = 0;
    for (const l of layers.values()) {
      current += l.current;
      total += l.total;
    }
    const message = event.id ? `${event.id}: ${event.status ?? ''}`.trim() : event.status;
    safeEmit(opts.onProgress, {
      image: ref,
      phase: 'pull',
      ...(message ? { message } : {}),
      ...(total > 0 ? { current, total } : {}),
    });
  };

  await runDockerStream((signal) => docker.pull(ref, { abortSignal: signal }), {
    idleTimeoutMs,
    idleMessage: `the pull of "${ref}" (no network, or the registry does not answer?)`,
    onEvent,
  });
  // The stream can end cleanly without the image (e.g. a cut connection the engine swallowed).
  await docker.getImage(ref).inspect();
}
