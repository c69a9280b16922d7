// Events flow one way, from the engine side to every subscriber (the window over IPC, a browser
// over the WebSocket). Each channel's producer runs only while somebody subscribes (event-hub.ts).
// Kept free of zod and Electron so the sandboxed preload can bundle it cheaply.
import type { PodlabErrorJSON } from '../engine/base/errors.js';
import type { CheckReport, PodStatus, Snapshot } from '../engine/model.js';

/** Whether the Docker engine answers, as the Pod list's reads find it; sent when it changes. */
export interface EngineHealth {
  connected: boolean;
  /** Why not (ENGINE_UNREACHABLE with what to do), when not connected. */
  error?: PodlabErrorJSON;
}

/** Payload of each event channel. */
export interface EventPayloads {
  /** The full Pod list, sent only when it differs from the last one sent. */
  'pods.changed': PodStatus[];
  /** Processes and namespaces of every Pod, sent at most once a second and only on change. */
  'inspect.changed': Snapshot;
  /** The current step's check of a running lab, whenever its outcome changes (checks run by themselves). */
  'labs.changed': CheckReport;
  /** The engine went away or came back: the window's banner follows it and reconnects by itself. */
  'engine.changed': EngineHealth;
}

export type EventChannel = keyof EventPayloads;

export const EVENT_CHANNELS = ['pods.changed', 'inspect.changed', 'labs.changed', 'engine.changed'] as const satisfies readonly EventChannel[];

// Fails to compile when a channel is added to EventPayloads but not to EVENT_CHANNELS.
type Missing = Exclude<EventChannel, (typeof EVENT_CHANNELS)[number]>;
const _allListed: [Missing] extends [never] ? true : Missing = true;

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNELS as readonly string[]).includes(name);
}
