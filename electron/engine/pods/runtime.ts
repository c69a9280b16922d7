// What every Pod verb needs: the Docker client, settings, the event log, and a way to tell
// listeners (the supervisor, the window, a waiting CLI) that something happened.
import type Docker from 'dockerode';
import { EventEmitter } from 'node:events';
import type { PodlabConfig } from '../base/config.js';
import { homeId } from './home.js';
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
