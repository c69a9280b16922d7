// The desktop app end to end with a stand-in `electron` module: the preload's narrow
// `window.podlab`, the renderer's transport over it (bridge-transport.ts), and main's wiring (one dispatcher,
// one EventHub, labs touched after labs.* calls, terminal ports) on a fake engine.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { PodlabBridge } from '../../electron/contract/bridge.js';
import type { EngineApi } from '../../electron/contract/dispatch.js';
import type { HubEngine } from '../../electron/contract/event-hub.js';
import type { HostMessage } from '../../electron/contract/terminal-stream.js';
import type { DoctorReport } from '../../electron/engine/doctor.js';
import type { Snapshot } from '../../electron/engine/model.js';
import { wireContractIpc, type ContractIpc } from '../../electron/main/contract-ipc.js';
import { RemoteError, type Transport } from '../../renderer/src/transport.js';
import { bridgeTransport } from '../../renderer/src/bridge-transport.js';
import type { PortSource } from '../../renderer/src/port-terminal.js';
import { exposed, FakePage, usePreloadPage } from './electron-stand-in.js';
import { fakeSession } from './fake-session.js';

vi.mock('electron', () => import('./electron-stand-in.js'));

const SESSION = 'term-00000000abcd';
const page = new FakePage();
const { stream, info, attach, emit } = fakeSession(SESSION, 'replayed');
let emitSnap: (s: Snapshot) => void = () => undefined;
const unwatch = vi.fn();
const watch = vi.fn((l: (s: Snapshot) => void) => {
  emitSnap = l;
  return unwatch;
});
const engine = {
  list: vi.fn(async () => []),
  labs: {
    start: vi.fn(async (id: string, onProgress?: (p: unknown) => void) => {
      onProgress?.({ phase: 'images', id });
      onProgress?.({ phase: 'pods', id });
      return { id, running: true };
    }),
  },
  inspector: { watch },
  watchLab: vi.fn(),
  config: {},
  terminalHost: { attach, info: () => info },
} as unknown as EngineApi & HubEngine;

let bridge: PodlabBridge;
let transport: Transport;
let wired: ContractIpc;

beforeAll(async () => {
  wired = wireContractIpc({ engine: async () => engine, doctor: async () => ({ ok: true }) as DoctorReport }, () => undefined);
  usePreloadPage(page);
  await import('../../electron/preload/preload.js');
  bridge = exposed[0]?.[1] as PodlabBridge;
  // Node's MessagePort is the page's port at run time; only its typings differ from the DOM's.
  transport = bridgeTransport(bridge, page.window as unknown as PortSource);
});

describe('the preload', () => {
  it('exposes exactly the narrow window.podlab, once, with functions only', () => {
    expect(exposed.map(([key]) => key)).toEqual(['podlab']);
    expect(Object.keys(bridge).sort()).toEqual(['attachTerminal', 'call', 'invoke', 'on']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('refuses an unknown event channel in the page already', () => {
    expect(() => bridge.on('pods.secret' as 'pods.changed', () => undefined)).toThrow('unknown event channel "pods.secret"');
  });
});

describe('the Electron transport through main', () => {
  it('invoke answers results and PodlabErrors with their code and hint', async () => {
    expect(await transport.invoke('pods.list')).toEqual([]);
    const err = await transport.invoke('pods.describe', {} as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(err).toMatchObject({ code: 'USAGE', message: expect.stringContaining('invalid params for pods.describe') });
  });

  it('call reports progress to its own caller, and a labs.* call touches the hub', async () => {
    const touched = vi.spyOn(wired.hub, 'labsTouched');
    const first: unknown[] = [];
    const second: unknown[] = [];
    const results = await Promise.all([
      transport.call('labs.start', { id: 'one' }, { onProgress: (p) => first.push(p) }),
      transport.call('labs.start', { id: 'two' }, { onProgress: (p) => second.push(p) }),
    ]);
    expect(results).toEqual([
      { id: 'one', running: true },
      { id: 'two', running: true },
    ]);
    expect(first).toEqual([
      { phase: 'images', id: 'one' },
      { phase: 'pods', id: 'one' },
    ]);
    expect(second).toEqual([
      { phase: 'images', id: 'two' },
      { phase: 'pods', id: 'two' },
    ]);
    expect(touched).toHaveBeenCalledTimes(2);
    await transport.invoke('pods.list');
    expect(touched).toHaveBeenCalledTimes(2);
  });

  it('on: one subscription in main for the page’s listeners; a late listener gets the latest payload', async () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = transport.on('inspect.changed', (s) => a.push(s));
    const offB = transport.on('inspect.changed', (s) => b.push(s));
    await vi.waitFor(() => expect(watch).toHaveBeenCalledOnce());
    expect(wired.hub.listenerCount('inspect.changed')).toBe(1);
    emitSnap({ pods: ['p'] } as unknown as Snapshot);
    await vi.waitFor(() => expect(b).toHaveLength(1));
    expect(a).toEqual([{ pods: ['p'] }]);
    const late: unknown[] = [];
    const offLate = transport.on('inspect.changed', (s) => late.push(s));
    expect(late).toEqual([{ pods: ['p'] }]);
    offA();
    offB();
    expect(unwatch).not.toHaveBeenCalled();
    offLate();
    expect(unwatch).toHaveBeenCalledOnce();
    expect(wired.hub.listenerCount('inspect.changed')).toBe(0);
  });

  it('attachTerminal: replay first, bytes both ways on the port, acks reach the session, close detaches', async () => {
    const channel = transport.attachTerminal(SESSION);
    // Sent before the port has arrived: held, then delivered in order.
    channel.send(new TextEncoder().encode('echo hi\r'));
    const got: (HostMessage | Uint8Array)[] = [];
    channel.onMessage((m) => got.push(m));
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(got[0]).toEqual({ type: 'attached', info, replay: 'replayed' });
    expect(attach).toHaveBeenCalledWith(SESSION);

    emit({ type: 'data', data: new Uint8Array([0xe6, 0xbc, 0xa2]) });
    await vi.waitFor(() => expect(got).toHaveLength(2));
    expect(got[1]).toEqual(new Uint8Array([0xe6, 0xbc, 0xa2]));

    channel.send({ type: 'ack', bytes: 5000 });
    await vi.waitFor(() => expect(stream.ack).toHaveBeenCalledWith(5000));
    expect(stream.write).toHaveBeenCalledWith(new TextEncoder().encode('echo hi\r'));

    channel.close();
    await vi.waitFor(() => expect(stream.detach).toHaveBeenCalledOnce());
    expect(page.window.listenerCount).toBe(0);
  });
});
