// Docker's refusals as Podlab errors: the HTTP status dockerode attaches, Docker's own message
// without dockerode's prefix, and the next action for the refusals a learner meets.
import { PodlabError } from '../base/errors.js';

export interface DockerHttpError {
  statusCode?: number;
  json?: { message?: string };
  message?: string;
}

export function statusOf(err: unknown): number | undefined {
  return (err as DockerHttpError | undefined)?.statusCode;
}

/** Docker's own message, without dockerode's "(HTTP code 500) server error -" prefix. */
export function dockerMessage(err: unknown): string {
  const e = err as DockerHttpError;
  return e?.json?.message ?? String(e?.message ?? err).replace(/^\(HTTP code \d+\)[^-]*- /, '');
}

/** Turns a Docker refusal into a message with the next action where we know one. */
export function explainDockerError(err: unknown, what: string): PodlabError {
  if (err instanceof PodlabError) return err;
  const msg = dockerMessage(err).trim();
  let hint: string | undefined;
  const port = /(?:port is already allocated|address already in use).*?(\d+)?/i.exec(msg);
  if (port) hint = 'a hostPort of this Pod is already in use on this machine: pick another hostPort, or stop what listens there';
  else if (/No such image/i.test(msg)) hint = 'run `podlab images build`, or pull the image with docker';
  else if (/Conflict. The container name/i.test(msg)) hint = 'a container with that name exists: run `podlab pod rm` for the Pod first';
  return new PodlabError('DOCKER_REFUSED', `${what}: ${msg}`, { ...(hint ? { hint } : {}), cause: err });
}
