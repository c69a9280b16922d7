// Making sure a Pod's images are on the engine before anything of the Pod is created, with the
// Kubernetes pull policies. Learners are often offline, so `Always` falls back to a local copy
// with a warning instead of failing.
import type Docker from 'dockerode';
import { loadConfig, type PodlabConfig } from '../base/config.js';
import { PodlabError } from '../base/errors.js';
import type { PullPolicy } from './pull-policy.js';
import { dockerErrorReason, isNotFound } from './docker-stream.js';
import { safeEmit, type ImageProgressListener } from './progress.js';
import { pullImage } from './pull.js';
import { normalizeImageRef, sameImageRef } from './refs.js';

// The Pod engine reports ensure progress with this type.
export type { ImageProgress, ImageProgressListener } from './progress.js';

export interface WantedImage {
  image: string;
  pullPolicy: PullPolicy;
  /** Manifest field that asked for it (e.g. `spec.containers[0].image`), for the error location. */
  field?: string;
}

export interface EnsureImagesOptions {
  /** Tells which images `podlab images build` produces (default: loadConfig()). */
  config?: PodlabConfig;
  pullIdleTimeoutMs?: number;
}

export interface EnsureImagesResult {
  warnings: string[];
}

// A container asking for Always makes the image pulled even if another asks IfNotPresent.
const POLICY_STRENGTH: Record<PullPolicy, number> = { Never: 0, IfNotPresent: 1, Always: 2 };

/**
 * Resolves once every wanted image is present. Images are deduplicated and handled in parallel;
 * all that are missing and cannot be pulled are reported in one IMAGE_MISSING error.
 */
export async function ensureImages(
  docker: Docker,
  wanted: WantedImage[],
  onProgress?: ImageProgressListener,
  opts: EnsureImagesOptions = {},
): Promise<EnsureImagesResult> {
  const config = opts.config ?? loadConfig();
  const merged = new Map<string, WantedImage>();
  for (const w of wanted) {
    const key = normalizeImageRef(w.image);
    const prev = merged.get(key);
    if (!prev) merged.set(key, { ...w });
    else if (POLICY_STRENGTH[w.pullPolicy] > POLICY_STRENGTH[prev.pullPolicy]) prev.pullPolicy = w.pullPolicy;
  }

  const images = [...merged.values()];
  const outcomes = await Promise.all(images.map((w) => ensureOne(docker, w, onProgress, opts.pullIdleTimeoutMs)));
  // Reported in the order the images were asked for, whatever order the pulls finished in.
  const warnings: string[] = [];
  const missing: { image: string; error: PodlabError }[] = [];
  outcomes.forEach((outcome, i) => {
    const w = images[i]!;
    if (outcome.warning) warnings.push(outcome.warning);
    if (outcome.missingReason) missing.push({ image: w.image, error: missingError(w, outcome.missingReason, config) });
  });

  if (missing.length === 1) throw missing[0]!.error;
  if (missing.length > 1) {
    const names = missing.map((m) => `"${m.image}"`).join(', ');
    throw new PodlabError('IMAGE_MISSING', `${missing.length} images are not on this engine and could not be pulled: ${names}`, {
      details: missing.map((m) => m.error),
      hint: [...new Set(missing.map((m) => m.error.hint))].join('; '),
    });
  }
  return { warnings };
}

interface Outcome {
  warning?: string;
  missingReason?: string;
}

async function ensureOne(docker: Docker, w: WantedImage, onProgress: ImageProgressListener | undefined, idleTimeoutMs: number | undefined): Promise<Outcome> {
  const present = await isPresent(docker, w.image);
  if (w.pullPolicy === 'Never') {
    if (present) return {};
    return { missingReason: 'its imagePullPolicy is Never' };
  }
  if (w.pullPolicy === 'IfNotPresent' && present) {
    safeEmit(onProgress, { image: w.image, phase: 'done', message: 'present' });
    return {};
  }
  try {
    await pullImage(docker, w.image, {
      ...(onProgress ? { onProgress } : {}),
      ...(idleTimeoutMs ? { idleTimeoutMs } : {}),
    });
    safeEmit(onProgress, { image: w.image, phase: 'done', message: 'pulled' });
    return {};
  } catch (err) {
    const reason = dockerErrorReason(err);
    if (present) {
      safeEmit(onProgress, { image: w.image, phase: 'done', message: 'using the local copy' });
      return { warning: `could not pull "${w.image}" (${reason}); using the copy already on this engine` };
    }
    return { missingReason: reason };
  }
}

async function isPresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function missingError(w: WantedImage, reason: string, config: PodlabConfig): PodlabError {
  const ours = sameImageRef(w.image, config.pauseImage) || sameImageRef(w.image, config.toolboxImage);
  const message =
    w.pullPolicy === 'Never'
      ? `image "${w.image}" is not on this engine and ${reason}`
      : `image "${w.image}" is not on this engine and could not be pulled: ${reason}`;
  return new PodlabError('IMAGE_MISSING', message, {
    hint: ours ? 'run `podlab images build`' : 'check the image name, or build/pull it with docker',
    ...(w.field ? { location: { field: w.field } } : {}),
  });
}
