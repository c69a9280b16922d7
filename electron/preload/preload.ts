// The sandboxed preload: puts a narrow `window.podlab` on the page and nothing else. It hands the
// renderer neither ipcRenderer nor IPC event objects (their `sender` would reach all of IPC), and
// only our event channels can be subscribed. Bundled to one CommonJS file: a sandboxed preload can
// require only 'electron' (and a few others), not our modules.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type PodlabBridge } from '../contract/bridge.js';
import { isEventChannel } from '../contract/events.js';

const bridge: PodlabBridge = {
  invoke: (method, params) => ipcRenderer.invoke(IPC_INVOKE, String(method), params),
  on(channel, listener) {
    if (!isEventChannel(channel)) throw new Error(`unknown event channel "${String(channel)}"`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    const relay = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === channel) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, relay);
    };
  },
};

contextBridge.exposeInMainWorld('podlab', bridge);
