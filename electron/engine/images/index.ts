// The images part of the engine: build (offline/online), list, and ensure before a Pod starts.
export { buildImages, offlineBlockers, type BuildImagesOptions, type BuildMode, type BuiltImage } from './build.js';
export { ensureImages, type EnsureImagesOptions, type EnsureImagesResult, type WantedImage } from './ensure.js';
export { listImages, type ListedImage } from './list.js';
export { pullImage, type PullOptions } from './pull.js';
export type { ImagePhase, ImageProgress, ImageProgressListener } from './progress.js';
export { IMAGE_ROLES, LABEL_IMAGE_ROLE, imageLabels, type ImageRole } from './roles.js';
export { normalizeImageRef, sameImageRef } from './refs.js';
