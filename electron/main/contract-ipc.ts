// The contract over IPC, wired once for the app: one dispatcher (also served to the CLI over the
// supervisor's socket), one EventHub for every page, the terminal ports of the engine's one
// TerminalHost. Kept apart from main.ts so the wiring is unit-tested with a stand-in Electron.
import { createDispatcher, type Dispatch, type EngineApi, type EngineProvider } from '../contract/dispatch.js';
import { EventHub, type HubEngine } from '../contract/event-hub.js';
import { handleInvoke } from './ipc.js';
import { handleEvents } from './ipc-events.js';
import { handleTerminals } from './ipc-terminals.js';

export interface ContractIpc {
  /** The dispatcher the supervisor's socket serves too: a CLI of this build acts through the app. */
  dispatch: Dispatch;
  hub: EventHub;
}

export function wireContractIpc(provider: Omit<EngineProvider, 'engine'> & { engine(): Promise<EngineApi & HubEngine> }, log: (line: string) => void): ContractIpc {
  // Events are produced only while a page subscribes (the Pod list, the inspector's /proc reads).
  const hub = new EventHub(() => provider.engine(), { log });
  const contract = createDispatcher(provider);
  // A labs.* call may start or stop a lab, from the window or the CLI: the hub then watches exactly the running ones.
  const dispatch: Dispatch = (method, params, ctx) =>
    contract(method, params, ctx).finally(() => {
      if (method.startsWith('labs.')) hub.labsTouched();
    });
  handleInvoke(dispatch);
  handleEvents(hub, log);
  handleTerminals(async () => (await provider.engine()).terminalHost, log);
  return { dispatch, hub };
}
