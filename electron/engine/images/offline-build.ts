// How every offline image build ends: a temporary context directory the caller fills, then a
// network-less build of it with Podlab's labels for its role, and the directory removed after.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { buildFromDirectory } from './docker-build.js';
import { safeEmit, type ImageProgressListener } from './progress.js';
import { imageLabels, type ImageRole } from './roles.js';

export interface OfflineBuild {
  image: string;
  role: ImageRole;
  /** Names the temporary directory, e.g. `podlab-pause-`. */
  tempPrefix: string;
  dockerfile: string;
  /** What `fill` puts in the context directory, sent next to the Dockerfile. */
  entries: string[];
  onProgress?: ImageProgressListener | undefined;
}

/** Runs `fill(dir)`, writes the Dockerfile, builds `image` from dir and returns its id. */
export async function buildOffline(docker: Docker, build: OfflineBuild, fill: (dir: string) => Promise<void>): Promise<string> {
  const { image, onProgress } = build;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), build.tempPrefix));
  try {
    await fill(dir);
    await fs.writeFile(path.join(dir, 'Dockerfile'), build.dockerfile);
    const id = await buildFromDirectory(docker, {
      image,
      contextDir: dir,
      entries: ['Dockerfile', ...build.entries],
      labels: imageLabels(build.role),
      networkMode: 'none',
      hint: 'check that the Docker engine has disk space (`docker system df`) and try again',
      ...(onProgress ? { onProgress } : {}),
    });
    safeEmit(onProgress, { image, phase: 'done', message: `built ${image} offline` });
    return id;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
