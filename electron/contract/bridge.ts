// The Electron front door's wiring: the IPC channel names and the one object the preload puts on
// `window.podlab`. Plain strings and types only, so main, preload and renderer agree without
// importing Electron here.
import type { EventChannel, EventPayloads } from './events.js';
import type { Reply } from './reply.js';

/** ipcRenderer.invoke(IPC_INVOKE, method, params) → Reply. */
export const IPC_INVOKE = 'podlab:invoke';
/** webContents.send(IPC_EVENT, channel, payload). */
export const IPC_EVENT = 'podlab:event';

/** `window.podlab`: deliberately narrow, every call is validated again in main. */
export interface PodlabBridge {
  invoke(method: string, params?: unknown): Promise<Reply>;
  /** Subscribes to one event channel; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayloads[C]) => void): () => void;
}
