// Where the image sources (labs/images/pause/pause.c, labs/images/toolbox/Dockerfile) live. They
// sit at the project root; this module runs from electron/engine/images (tsx, vitest) or from
// dist/electron/engine/images (compiled), so look upwards. A packaged app passes its own dir.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PodlabError } from '../base/errors.js';

export function findImagesAssetsDir(explicit?: string): string {
  if (explicit) return explicit;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'labs', 'images');
    if (existsSync(path.join(candidate, 'pause', 'pause.c'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new PodlabError('IMAGE_BUILD_FAILED', 'cannot find the image sources (labs/images/pause/pause.c)', {
    hint: 'run Podlab from its project directory, or reinstall it',
  });
}
