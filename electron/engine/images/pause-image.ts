// The pause image, two ways: offline from our own pause.c (a static musl binary in a scratch image),
// or online from the upstream image, re-labelled so it reads as Podlab's own.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { UPSTREAM_PAUSE_IMAGE } from '../base/config.js';
import { PodlabError } from '../base/errors.js';
import { findImagesAssetsDir } from './assets.js';
import { dockerErrorReason } from './docker-stream.js';
import { buildFromDirectory } from './docker-build.js';
import { buildOffline, type OfflineBuild } from './offline-build.js';
import { missingRequirementsError } from './host-tools.js';
import { pullImage } from './pull.js';
import { safeEmit, type ImageProgressListener } from './progress.js';
import { imageLabels } from './roles.js';
import { compileStatic, locateStaticCompiler } from './static-compiler.js';

export interface PauseBuildOptions {
  onProgress?: ImageProgressListener;
  assetsDir?: string;
}

// Non-root since upstream 3.5: the pause process needs no privilege at all.
const PAUSE_DOCKERFILE = `FROM scratch
COPY pause /pause
USER 65535:65535
ENTRYPOINT ["/pause"]
`;

export async function buildPauseOffline(docker: Docker, image: string, opts: PauseBuildOptions = {}): Promise<string> {
  const { compiler, missing } = await locateStaticCompiler();
  if (!compiler) throw missingRequirementsError(image, missing);
  const source = path.join(findImagesAssetsDir(opts.assetsDir), 'pause', 'pause.c');

  const build: OfflineBuild = { image, role: 'pause', tempPrefix: 'podlab-pause-', dockerfile: PAUSE_DOCKERFILE, entries: ['pause'], onProgress: opts.onProgress };
  // The static binary is the whole image: ~30 kB with musl.
  return buildOffline(docker, build, (dir) => compileStatic(compiler, { image, source, output: path.join(dir, 'pause'), onProgress: opts.onProgress }));
}

export interface PauseOnlineOptions extends PauseBuildOptions {
  upstream?: string;
  pullIdleTimeoutMs?: number;
}

/**
 * Pulls the upstream pause image and gives it our tag. A one-line build (FROM upstream) adds the
 * ownership labels a plain `docker tag` cannot, so `podlab images` and cleanup treat it as ours.
 */
export async function pullPauseOnline(docker: Docker, image: string, opts: PauseOnlineOptions = {}): Promise<string> {
  const upstream = opts.upstream ?? UPSTREAM_PAUSE_IMAGE;
  try {
    await pullImage(docker, upstream, {
      ...(opts.onProgress ? { onProgress: (e) => opts.onProgress?.({ ...e, image }) } : {}),
      ...(opts.pullIdleTimeoutMs ? { idleTimeoutMs: opts.pullIdleTimeoutMs } : {}),
    });
  } catch (err) {
    throw new PodlabError('IMAGE_BUILD_FAILED', `pulling ${upstream} failed: ${dockerErrorReason(err)}`, {
      hint: 'check the network connection, or build the images offline on a Linux host (`podlab images build`)',
      cause: err,
    });
  }
  return relabelImage(docker, upstream, image, opts);
}

/** FROM `source`, with Podlab's pause labels, tagged `image` — a local build, no network. */
export async function relabelImage(docker: Docker, source: string, image: string, opts: PauseBuildOptions = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'podlab-relabel-'));
  try {
    await fs.writeFile(path.join(dir, 'Dockerfile'), `FROM ${source}\n`);
    const id = await buildFromDirectory(docker, {
      image,
      contextDir: dir,
      entries: ['Dockerfile'],
      labels: imageLabels('pause'),
      networkMode: 'none',
      hint: `check that ${source} is on the engine (\`docker image inspect ${source}\`)`,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    safeEmit(opts.onProgress, { image, phase: 'done', message: `${image} is ${source}` });
    return id;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
