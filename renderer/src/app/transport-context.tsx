// The transport every component reaches the engine through, handed down once from main.tsx.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { EventChannel, EventPayloads } from '../../../electron/contract/api.js';
import type { Transport } from '../transport.js';

const TransportContext = createContext<Transport | null>(null);

export function TransportProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

export function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport outside TransportProvider');
  return transport;
}

/** The latest payload of an event channel (undefined until the first arrives); pushed, never polled. */
export function useEvent<C extends EventChannel>(channel: C): EventPayloads[C] | undefined {
  const transport = useTransport();
  const [value, setValue] = useState<EventPayloads[C] | undefined>(undefined);
  useEffect(() => transport.on(channel, setValue), [transport, channel]);
  return value;
}
