// A front door's engine, shared by the desktop app and the browser mode: connected on first use and
// kept, not at startup, so the page opens (and the doctor explains) when no engine answers. A failed
// connection is retried on the next call, so starting Docker while the page is open is enough.
import type { DoctorReport } from '../engine/doctor.js';
import type { EngineApi, EngineProvider } from './dispatch.js';

export interface EngineProviderDeps<E extends EngineApi> {
  connect: () => Promise<E>;
  doctor: () => Promise<DoctorReport>;
  /** Runs once, after the first successful connection (e.g. to start the supervisor). */
  onConnected?: (engine: E) => void;
}

export function createEngineProvider<E extends EngineApi>(deps: EngineProviderDeps<E>): Omit<EngineProvider, 'engine'> & { engine(): Promise<E> } {
  let pending: Promise<E> | null = null;
  return {
    engine() {
      pending ??= deps.connect().then(
        (engine) => {
          deps.onConnected?.(engine);
          return engine;
        },
        (err: unknown) => {
          pending = null;
          throw err;
        },
      );
      return pending;
    },
    doctor: () => deps.doctor(),
  };
}
