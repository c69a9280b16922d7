// One image build from a prepared context directory, with progress and a strict success check.
import type Docker from 'dockerode';
import { PodlabError } from '../base/errors.js';
import { packBuildContext } from './build-context.js';
import { dockerErrorReason, runDockerStream, type DockerStreamEvent } from './docker-stream.js';
import { safeEmit, type ImageProgressListener } from './progress.js';

export interface DirectoryBuild {
  /** The tag the finished image gets (the builder tags only after every step succeeded). */
  image: string;
  contextDir: string;
  /** Entries of contextDir to send (symlinks are sent as links). */
  entries: string[];
  labels: Record<string, string>;
  onProgress?: ImageProgressListener;
  /** Online builds pull base images and run apt-get, which can be quiet for a while. */
  idleTimeoutMs?: number;
  /** `none` for builds that copy files only: nothing in them needs a network. */
  networkMode?: string;
  /** Says what to do when the build fails. */
  hint: string;
}

/** Builds with the classic builder and returns the new image id. */
export async function buildFromDirectory(docker: Docker, build: DirectoryBuild): Promise<string> {
  let aux: string | undefined;
  const onEvent = (event: DockerStreamEvent): void => {
    if (event.aux?.ID) aux = event.aux.ID;
    const line = (event.stream ?? event.status ?? '').trim();
    if (!line) return;
    const step = line.match(/^Step (\d+)\/(\d+)/);
    safeEmit(build.onProgress, {
      image: build.image,
      phase: 'build',
      message: line,
      ...(step ? { current: Number(step[1]), total: Number(step[2]) } : {}),
    });
  };

  try {
    const context = packBuildContext(build.contextDir, build.entries);
    await runDockerStream(
      (signal) =>
        docker.buildImage(context, {
          t: build.image,
          labels: build.labels,
          rm: true,
          forcerm: true,
          abortSignal: signal,
          ...(build.networkMode ? { networkmode: build.networkMode } : {}),
        }),
      {
        idleTimeoutMs: build.idleTimeoutMs ?? 300_000,
        idleMessage: `the build of ${build.image}`,
        onEvent,
        // An unreadable file breaks the upload; fail now instead of waiting out the idle limit.
        inputs: [context],
      },
    );
    // A stream can end without error and without an image; only the tag proves success.
    const info = await docker.getImage(build.image).inspect();
    if (aux && aux !== info.Id) throw new Error(`the engine built ${aux} but ${build.image} is ${info.Id}`);
    return info.Id;
  } catch (err) {
    throw new PodlabError('IMAGE_BUILD_FAILED', `building ${build.image} failed: ${dockerErrorReason(err)}`, {
      hint: build.hint,
      cause: err,
    });
  }
}
