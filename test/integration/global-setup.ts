// Once per integration run: make sure a Docker engine answers and that the pause and toolbox
// images exist and are current (built offline, as nothing can be pulled here). PODLAB_REBUILD_IMAGES=1 rebuilds.
import { loadConfig } from '../../electron/engine/base/config.js';
import { formatError } from '../../electron/engine/base/errors.js';
import { buildImages } from '../../electron/engine/images/build.js';
import { isImageCurrent, type ImageRole } from '../../electron/engine/images/roles.js';
import { testDocker, testEndpointUrl } from './docker.js';

export default async function setup(): Promise<void> {
  const docker = testDocker();
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(
      `integration tests need a Docker engine, and none answers at ${testEndpointUrl()} (${(err as Error).message}). ` +
        'Start dockerd (see /work/shared/notes/environment.md) or set DOCKER_HOST.',
    );
  }

  const config = loadConfig();
  const rebuild = process.env.PODLAB_REBUILD_IMAGES === '1';
  const wanted: ImageRole[] = [];
  const stale: string[] = [];
  for (const [role, image] of [['pause', config.pauseImage], ['toolbox', config.toolboxImage]] as const) {
    const labels = await docker
      .getImage(image)
      .inspect()
      .then((info) => info.Config.Labels ?? {}, () => undefined);
    // An image of an older recipe (a big glibc pause, a toolbox without rsyslogd) is rebuilt too.
    const current = labels !== undefined && isImageCurrent(role, labels);
    if (labels && !current) stale.push(image);
    if (rebuild || !current) wanted.push(role);
  }
  if (!wanted.length) return;

  const started = Date.now();
  const why = rebuild ? ' (PODLAB_REBUILD_IMAGES=1)' : stale.length ? ` (${stale.join(', ')} built by an older Podlab)` : '';
  console.log(`[global-setup] building ${wanted.join(' and ')} offline${why}…`);
  try {
    const built = await buildImages(docker, config, { mode: 'offline', only: wanted });
    console.log(`[global-setup] built ${built.map((b) => b.image).join(', ')} in ${Date.now() - started} ms`);
  } catch (err) {
    throw new Error(`[global-setup] could not build the test images:\n${formatError(err)}`);
  }
}
