// Container verbs that tolerate what a concurrent actor (the supervisor, another CLI, Docker's
// own restart) may already have done, so every step of a Pod's life can safely run twice.
import type Docker from 'dockerode';
import { explainDockerError, statusOf } from './errors.js';

/** Create, tolerating a name conflict: another actor made the same deterministic step first. */
export async function createIdempotent(docker: Docker, body: Docker.ContainerCreateOptions): Promise<{ id: string; created: boolean }> {
  try {
    const c = await docker.createContainer(body);
    return { id: c.id, created: true };
  } catch (err) {
    if (statusOf(err) === 409 && body.name) {
      // Another actor made it; if it is already gone again, the next sync sees that.
      const info = await docker.getContainer(body.name).inspect().catch(() => undefined);
      return { id: info?.Id ?? '', created: false };
    }
    throw explainDockerError(err, `cannot create container ${body.name ?? ''}`);
  }
}

/** Start, tolerating "already started" (304). */
export async function startIdempotent(docker: Docker, id: string, name: string): Promise<void> {
  try {
    await docker.getContainer(id).start();
  } catch (err) {
    if (statusOf(err) === 304) return;
    throw explainDockerError(err, `cannot start container ${name}`);
  }
}

/** Force-remove, tolerating "already gone". */
export async function removeQuietly(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (err) {
    const s = statusOf(err);
    if (s !== 404 && s !== 409) throw err; // 409: removal already in progress
  }
}

/** Stop with a grace period (SIGTERM, then SIGKILL), tolerating "not running" and "gone". */
export async function stopGracefully(docker: Docker, id: string, graceSeconds: number): Promise<void> {
  try {
    if (graceSeconds <= 0) await docker.getContainer(id).kill();
    else await docker.getContainer(id).stop({ t: graceSeconds });
  } catch (err) {
    const s = statusOf(err);
    if (s !== 304 && s !== 404 && s !== 409) throw err;
  }
}
