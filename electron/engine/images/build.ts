// `podlab images build`: produce the pause and toolbox images, offline from the host's own
// programs (CI, air-gapped machines) or online from a registry (a connected laptop).
import type Docker from 'dockerode';
import type { PodlabConfig } from '../base/config.js';
import { PodlabError } from '../base/errors.js';
import { hostBinariesMismatch, locateTools, BUSYBOX, LDD, TOOLBOX_REAL_TOOLS } from './host-tools.js';
import { buildPauseOffline, pullPauseOnline } from './pause-image.js';
import type { ImageProgressListener } from './progress.js';
import { IMAGE_ROLES, type ImageRole } from './roles.js';
import { locateStaticCompiler } from './static-compiler.js';
import { buildToolboxOffline, buildToolboxOnline } from './toolbox-image.js';

export type BuildMode = 'offline' | 'online' | 'auto';

export interface BuildImagesOptions {
  /** auto = offline for each image the host can build that way, online for the rest. */
  mode?: BuildMode;
  onProgress?: ImageProgressListener;
  only?: ImageRole[];
  /** Directory holding pause/pause.c and toolbox/{Dockerfile,rsyslogd.c} (default: the project's labs/images). */
  assetsDir?: string;
}

export interface BuiltImage {
  role: ImageRole;
  image: string;
  id: string;
  mode: 'offline' | 'online';
}

/**
 * Why each image cannot be built offline here (no entry: it can). A gap is a missing program, or
 * an engine whose OS/CPU could not run this host's programs.
 */
export async function offlineBlockers(docker: Docker): Promise<Partial<Record<ImageRole, string>>> {
  const mismatch = await hostBinariesMismatch(docker);
  if (mismatch) return { pause: mismatch, toolbox: mismatch };
  const blockers: Partial<Record<ImageRole, string>> = {};
  // Both images compile a program of ours (pause; the toolbox's rsyslogd stand-in).
  const compiler = await locateStaticCompiler();
  if (compiler.missing.length) blockers.pause = `missing ${compiler.missing.map((m) => m.name).join(', ')}`;
  const real = await locateTools(TOOLBOX_REAL_TOOLS);
  const helpers = await locateTools([BUSYBOX, LDD], true);
  const missing = [...compiler.missing, ...helpers.missing, ...real.missing];
  if (missing.length) blockers.toolbox = `missing ${missing.map((m) => m.name).join(', ')}`;
  return blockers;
}

/** Builds the requested images (both by default) in parallel; every failure is reported together. */
export async function buildImages(docker: Docker, config: PodlabConfig, opts: BuildImagesOptions = {}): Promise<BuiltImage[]> {
  const mode = opts.mode ?? 'auto';
  const roles = IMAGE_ROLES.filter((r) => !opts.only || opts.only.includes(r));

  if (mode === 'offline') {
    // Missing programs are reported by each build with the package to install; a wrong engine
    // platform is a reason of its own.
    const mismatch = await hostBinariesMismatch(docker);
    if (mismatch) {
      throw new PodlabError('IMAGE_BUILD_FAILED', `cannot build the images offline: ${mismatch}`, {
        hint: 'build them online instead (needs network access to the registries)',
      });
    }
  }
  const blockers = mode === 'auto' ? await offlineBlockers(docker) : {};
  const common = {
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.assetsDir ? { assetsDir: opts.assetsDir } : {}),
  };

  const buildOne = async (role: ImageRole): Promise<BuiltImage> => {
    const offline = mode === 'offline' || (mode === 'auto' && !blockers[role]);
    const image = role === 'pause' ? config.pauseImage : config.toolboxImage;
    let id: string;
    if (role === 'pause') {
      id = offline ? await buildPauseOffline(docker, image, common) : await pullPauseOnline(docker, image, common);
    } else {
      id = offline ? await buildToolboxOffline(docker, image, common) : await buildToolboxOnline(docker, image, common);
    }
    return { role, image, id, mode: offline ? 'offline' : 'online' };
  };

  const results = await Promise.allSettled(roles.map(buildOne));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [asBuildError(r.reason)] : []));
  if (failures.length === 1) throw failures[0]!;
  if (failures.length > 1) {
    throw new PodlabError('IMAGE_BUILD_FAILED', `${failures.length} images could not be built`, {
      details: failures,
      hint: failures.find((f) => f.hint)?.hint ?? 'see the reasons above',
    });
  }
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}

function asBuildError(err: unknown): PodlabError {
  if (err instanceof PodlabError) return err;
  return new PodlabError('IMAGE_BUILD_FAILED', err instanceof Error ? err.message : String(err), {
    hint: 'check that the Docker engine is running (`docker info`) and try again',
    cause: err,
  });
}
