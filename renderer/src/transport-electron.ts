// The transport when the page runs in Podlab's Electron window: the preload's bridge, with the
// window as where terminal ports arrive (bridge-transport.ts does the work).
import type { PodlabBridge } from '../../electron/contract/bridge.js';
import { bridgeTransport } from './bridge-transport.js';
import type { Transport } from './transport.js';

declare global {
  interface Window {
    /** Present only when the page runs in Podlab's Electron window. */
    podlab?: PodlabBridge;
  }
}

export function electronTransport(bridge: PodlabBridge): Transport {
  return bridgeTransport(bridge, window);
}
