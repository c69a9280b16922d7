// The Electron front door's wiring: the IPC channel names and the one object the preload puts on
// `window.podlab`. Plain strings and types only, so main, preload and renderer agree without
// importing Electron (or zod) here.
import type { EventChannel, EventPayloads } from './events.js';
import type { Reply } from './reply.js';

/** ipcRenderer.invoke(IPC_INVOKE, method, params, callId?) → Reply; a call id asks for progress. */
export const IPC_INVOKE = 'podlab:invoke';
/** main → the calling page only: (callId, progress), while that call runs. */
export const IPC_PROGRESS = 'podlab:progress';
/** renderer → main: (channel) to start or stop receiving one event channel. */
export const IPC_SUBSCRIBE = 'podlab:subscribe';
export const IPC_UNSUBSCRIBE = 'podlab:unsubscribe';
/** webContents.send(IPC_EVENT, channel, payload). */
export const IPC_EVENT = 'podlab:event';
/** renderer → main: (requestId, sessionId) asks for a terminal stream of its own. */
export const IPC_TERMINAL_ATTACH = 'podlab:terminal-attach';
/** main → renderer: (requestId) with the stream's MessagePort transferred alongside. */
export const IPC_TERMINAL_PORT = 'podlab:terminal-port';

/** `window.podlab`: deliberately narrow, every call is validated again in main. */
export interface PodlabBridge {
  invoke(method: string, params?: unknown): Promise<Reply>;
  /** Like invoke, with the call's progress reported to onProgress while it runs. */
  call(method: string, params: unknown, onProgress: (progress: unknown) => void): Promise<Reply>;
  /** Subscribes to one event channel; returns the unsubscribe function. The latest payload comes at once. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayloads[C]) => void): () => void;
  /**
   * Asks for a stream of one terminal session (terminal-stream.ts) and returns a tag: the stream's
   * MessagePort then arrives as a `message` event on the page's window whose data is that tag and
   * whose source is the window itself (a port cannot cross contextBridge).
   */
  attachTerminal(sessionId: string): string;
}
