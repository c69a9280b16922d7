// The sandboxed preload: puts a narrow `window.podlab` on the page and nothing else. It hands the
// renderer neither ipcRenderer nor IPC event objects (their `sender` would reach all of IPC), and
// only our event channels can be subscribed. Bundled to one CommonJS file: a sandboxed preload can
// require only 'electron' (and a few others), not our modules.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_EVENT,
  IPC_INVOKE,
  IPC_PROGRESS,
  IPC_SUBSCRIBE,
  IPC_TERMINAL_ATTACH,
  IPC_TERMINAL_PORT,
  IPC_UNSUBSCRIBE,
  type PodlabBridge,
} from '../contract/bridge.js';
import { isEventChannel, type EventChannel } from '../contract/events.js';
import type { Reply } from '../contract/reply.js';

// The preload is type-checked with Node's lib, not the DOM's: the one DOM call it makes is declared here.
declare const window: { postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void };

let lastId = 0;
const progressListeners = new Map<number, (progress: unknown) => void>();
const pendingPorts = new Set<number>();

/** Per channel: the page's listeners and the latest payload (handed to a late listener, as the hub does). */
const channels = new Map<EventChannel, { listeners: Set<{ fn: (payload: unknown) => void }>; last?: { payload: unknown } }>();

ipcRenderer.on(IPC_PROGRESS, (_event: IpcRendererEvent, callId: unknown, progress: unknown) => {
  if (typeof callId === 'number') progressListeners.get(callId)?.(progress);
});

ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  const ch = isEventChannel(name) ? channels.get(name) : undefined;
  if (!ch) return;
  ch.last = { payload };
  for (const l of [...ch.listeners]) l.fn(payload);
});

// A MessagePort cannot cross contextBridge, so the port goes to the main world the way Electron's
// "MessagePorts in Electron" guide shows for context-isolated pages: window.postMessage from here,
// with the port transferred. '/' keeps it to our own origin. The guide waits for the page's load
// first; here the page asked for the port, so its listener is already in place.
ipcRenderer.on(IPC_TERMINAL_PORT, (event: IpcRendererEvent, requestId: unknown) => {
  if (typeof requestId !== 'number' || !pendingPorts.delete(requestId)) return;
  window.postMessage(terminalPortTag(requestId), '/', event.ports);
});

function terminalPortTag(requestId: number): string {
  return `podlab:terminal-port:${requestId}`;
}

const bridge: PodlabBridge = {
  invoke: (method, params) => ipcRenderer.invoke(IPC_INVOKE, String(method), params),
  async call(method, params, onProgress) {
    if (typeof onProgress !== 'function') throw new Error('onProgress must be a function');
    const callId = ++lastId;
    progressListeners.set(callId, onProgress);
    try {
      return (await ipcRenderer.invoke(IPC_INVOKE, String(method), params, callId)) as Reply;
    } finally {
      progressListeners.delete(callId);
    }
  },
  on(channel, listener) {
    if (!isEventChannel(channel)) throw new Error(`unknown event channel "${String(channel)}"`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    let ch = channels.get(channel);
    if (!ch) {
      ch = { listeners: new Set() };
      channels.set(channel, ch);
      ipcRenderer.send(IPC_SUBSCRIBE, channel);
    }
    const entry = ch;
    const mine = { fn: listener as (payload: unknown) => void };
    entry.listeners.add(mine);
    if (entry.last) mine.fn(entry.last.payload);
    return () => {
      if (!entry.listeners.delete(mine) || entry.listeners.size) return;
      channels.delete(channel);
      ipcRenderer.send(IPC_UNSUBSCRIBE, channel);
    };
  },
  attachTerminal(sessionId) {
    const requestId = ++lastId;
    pendingPorts.add(requestId);
    ipcRenderer.send(IPC_TERMINAL_ATTACH, requestId, String(sessionId));
    return terminalPortTag(requestId);
  },
};

contextBridge.exposeInMainWorld('podlab', bridge);
