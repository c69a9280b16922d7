// The Transport over the preload's bridge (`window.podlab`): calls and their progress, events, and
// terminal streams on MessagePorts of their own (port-terminal.ts). Free of DOM globals, so the
// unit tests run it against a stand-in page; transport-electron.ts hands it the real window.
import type { Method, ParamsArg, Result } from '../../electron/contract/api.js';
import type { PodlabBridge } from '../../electron/contract/bridge.js';
import { portTerminal, type PortSource } from './port-terminal.js';
import { unwrapReply, type Transport } from './transport.js';

/** `page` is where the preload posts terminal ports: the window. */
export function bridgeTransport(bridge: PodlabBridge, page: PortSource): Transport {
  return {
    async invoke<M extends Method>(method: M, ...params: ParamsArg<M>): Promise<Result<M>> {
      return unwrapReply<Result<M>>(await bridge.invoke(method, params[0]));
    },
    async call(method, params, opts) {
      const reply = opts.onProgress ? await bridge.call(method, params, opts.onProgress) : await bridge.invoke(method, params);
      return unwrapReply(reply);
    },
    on: (channel, listener) => bridge.on(channel, listener),
    attachTerminal: (sessionId) => portTerminal(bridge.attachTerminal(sessionId), page),
  };
}
