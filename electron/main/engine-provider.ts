// The main process's engine: connected on first use (electron/contract/engine-provider.ts, shared
// with the browser mode's server).
export { createEngineProvider, type EngineProviderDeps } from '../contract/engine-provider.js';
