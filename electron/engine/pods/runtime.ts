// What every Pod verb needs: the Docker client, settings, the event log, and a way to tell
// listeners (the supervisor, the window, a waiting CLI) that something happened.
import type Docker from 'dockerode';
import { EventEmitter } from 'node:events';
import type { PodlabConfig } from '../base/config.js';
import { homeId } from './home.js';
import { PodlabError } from '../base/errors.js';
import type { ObservedPod } from './sync/observe.js';
import type { PlanContext } from './sync/plan.js';
import { PodRecords, type PodEvent } from './records.js';

export interface PodRuntime {
  docker: Docker;
  config: PodlabConfig;
  /** Engine API version, e.g. "1.41". */
  apiVersion: string;
  records: PodRecords;
  /** This Podlab home's id (the `io.podlab.home` label on everything it creates). */
  home: string;
  /** Emits `event` (uid, PodEvent) for every recorded Pod event. */
  bus: EventEmitter;
}

export function createRuntime(docker: Docker, config: PodlabConfig, apiVersion: string): PodRuntime {
  return { docker, config, apiVersion, home: homeId(config.stateDir), records: new PodRecords(config.stateDir), bus: new EventEmitter() };
}

/** Records a Pod event (written in the background, see PodRecords) and tells listeners. */
export function recordEvent(rt: PodRuntime, uid: string, ev: Omit<PodEvent, 'time'>): void {
  const full = rt.records.append(uid, ev);
  rt.bus.emit('event', uid, full);
}

export function planContextOf(rt: PodRuntime, pod: ObservedPod): PlanContext {
  return { uid: pod.uid, group: pod.group, home: rt.home, pauseImage: rt.config.pauseImage, apiVersion: rt.apiVersion, createdAt: pod.createdAt };
}

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

/** Create, tolerating a name conflict: another actor made the same deterministic step first. */
export async function createIdempotent(rt: PodRuntime, body: Docker.ContainerCreateOptions): Promise<{ id: string; created: boolean }> {
  try {
    const c = await rt.docker.createContainer(body);
    return { id: c.id, created: true };
  } catch (err) {
    if (statusOf(err) === 409 && body.name) {
      // Another actor made it; if it is already gone again, the next sync sees that.
      const info = await rt.docker.getContainer(body.name).inspect().catch(() => undefined);
      return { id: info?.Id ?? '', created: false };
    }
    throw explainDockerError(err, `cannot create container ${body.name ?? ''}`);
  }
}

/** Start, tolerating "already started" (304). */
export async function startIdempotent(rt: PodRuntime, id: string, name: string): Promise<void> {
  try {
    await rt.docker.getContainer(id).start();
  } catch (err) {
    if (statusOf(err) === 304) return;
    throw explainDockerError(err, `cannot start container ${name}`);
  }
}

/** Force-remove, tolerating "already gone". */
export async function removeQuietly(rt: PodRuntime, id: string): Promise<void> {
  try {
    await rt.docker.getContainer(id).remove({ force: true, v: true });
  } catch (err) {
    const s = statusOf(err);
    if (s !== 404 && s !== 409) throw err; // 409: removal already in progress
  }
}

/** Stop with a grace period (SIGTERM, then SIGKILL), tolerating "not running" and "gone". */
export async function stopGracefully(rt: PodRuntime, id: string, graceSeconds: number): Promise<void> {
  try {
    if (graceSeconds <= 0) await rt.docker.getContainer(id).kill();
    else await rt.docker.getContainer(id).stop({ t: graceSeconds });
  } catch (err) {
    const s = statusOf(err);
    if (s !== 304 && s !== 404 && s !== 409) throw err;
  }
}
