// Transport over the preload's `window.podlab` bridge (Electron IPC).
import type { Method, ParamsArg, Result } from '../../electron/contract/api.js';
import type { PodlabBridge } from '../../electron/contract/bridge.js';
import { unwrapReply, type Transport } from './transport.js';

declare global {
  interface Window {
    /** Present only when the page runs in Podlab's Electron window. */
    podlab?: PodlabBridge;
  }
}

export function electronTransport(bridge: PodlabBridge): Transport {
  return {
    async invoke<M extends Method>(method: M, ...params: ParamsArg<M>): Promise<Result<M>> {
      return unwrapReply<Result<M>>(await bridge.invoke(method, params[0]));
    },
    on: (channel, listener) => bridge.on(channel, listener),
  };
}
