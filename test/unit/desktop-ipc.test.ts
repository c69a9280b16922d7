// The desktop app's IPC edge in main, against a stand-in `electron` module: only our page's top
// frame is served, arguments are checked before the dispatcher or the engine sees them, progress
// goes to the calling page only, event subscriptions start and stop the hub's producers and end
// with the page, and terminal streams run on ports of their own through pipeSession.
import type { MessagePort } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE, IPC_PROGRESS, IPC_SUBSCRIBE, IPC_TERMINAL_ATTACH, IPC_TERMINAL_PORT, IPC_UNSUBSCRIBE } from '../../electron/contract/bridge.js';
import type { CallContext, Dispatch } from '../../electron/contract/dispatch.js';
import { EventHub, type HubEngine } from '../../electron/contract/event-hub.js';
import type { Snapshot } from '../../electron/engine/model.js';
import { handleInvoke } from '../../electron/main/ipc.js';
import { handleEvents } from '../../electron/main/ipc-events.js';
import { handleTerminals, type TerminalHostApi } from '../../electron/main/ipc-terminals.js';
import { FakePage, resetElectron } from './electron-stand-in.js';
import { fakeSession } from './fake-session.js';

vi.mock('electron', () => import('./electron-stand-in.js'));

beforeEach(resetElectron);

const SESSION = 'term-0123456789ab';

describe('calls (IPC_INVOKE)', () => {
  const dispatch = vi.fn<Dispatch>(async () => 'done');
  beforeEach(() => {
    dispatch.mockClear();
    handleInvoke(dispatch);
  });

  it.each([
    ['an iframe of our page', new FakePage('podlab://app/index.html', { iframe: true })],
    ['another site', new FakePage('https://example.com/')],
    ['a file page', new FakePage('file:///tmp/index.html')],
  ])('refuses %s before dispatching', async (_what, page) => {
    await expect(page.ipcRenderer.invoke(IPC_INVOKE, 'pods.list', {})).rejects.toThrow('the caller is not the Podlab page');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it.each([
    ['a non-string method', [42, {}], 'the method must be a string'],
    ['a fractional call id', ['pods.list', {}, 1.5], 'a call id is a non-negative integer'],
    ['a negative call id', ['pods.list', {}, -1], 'a call id is a non-negative integer'],
    ['a string call id', ['pods.list', {}, '7'], 'a call id is a non-negative integer'],
  ])('refuses %s without reaching the dispatcher', async (_what, args, message) => {
    const reply = await new FakePage().ipcRenderer.invoke(IPC_INVOKE, ...args);
    expect(reply).toMatchObject({ ok: false, error: { code: 'USAGE', message: expect.stringContaining(message) } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('answers our page with a Reply', async () => {
    expect(await new FakePage().ipcRenderer.invoke(IPC_INVOKE, 'pods.list', { group: 'g' })).toEqual({ ok: true, result: 'done' });
    expect(dispatch).toHaveBeenCalledWith('pods.list', { group: 'g' }, expect.objectContaining({ signal: expect.any(AbortSignal) }));
  });

  it('sends progress to the calling page only, and only for a call with a call id', async () => {
    dispatch.mockImplementation(async (_m, _p, ctx?: CallContext) => {
      ctx?.onProgress?.({ type: 'pulling', image: 'a' } as never);
      ctx?.onProgress?.({ type: 'pulled', image: 'a' } as never);
      return 'applied';
    });
    const caller = new FakePage();
    const other = new FakePage();
    expect(await caller.ipcRenderer.invoke(IPC_INVOKE, 'pods.apply', {}, 7)).toEqual({ ok: true, result: 'applied' });
    expect(caller.sentOn(IPC_PROGRESS)).toEqual([
      [7, { type: 'pulling', image: 'a' }],
      [7, { type: 'pulled', image: 'a' }],
    ]);
    expect(other.sent).toEqual([]);
    await caller.ipcRenderer.invoke(IPC_INVOKE, 'pods.apply', {});
    expect(caller.sentOn(IPC_PROGRESS)).toHaveLength(2);
  });

  it('a reload aborts the page’s running calls, and their progress no longer reaches it', async () => {
    let report: ((p: unknown) => void) | undefined;
    dispatch.mockImplementation(
      (_m, _p, ctx?: CallContext) =>
        new Promise((resolve) => {
          report = ctx?.onProgress as (p: unknown) => void;
          ctx?.signal?.addEventListener('abort', () => resolve('stopped'));
        }),
    );
    const page = new FakePage();
    const reply = page.ipcRenderer.invoke(IPC_INVOKE, 'labs.start', { id: 'x' }, 1);
    await vi.waitFor(() => expect(report).toBeDefined());
    report?.('before');
    page.navigate();
    report?.('after');
    expect(await reply).toEqual({ ok: true, result: 'stopped' });
    expect(page.sentOn(IPC_PROGRESS)).toEqual([[1, 'before']]);
  });
});

/** A HubEngine whose inspector the test drives: watch() starts the producer, its return value stops it. */
function fakeHubEngine() {
  let emit: ((snap: Snapshot) => void) | undefined;
  const unwatch = vi.fn();
  const watch = vi.fn((listener: (snap: Snapshot) => void) => {
    emit = listener;
    return unwatch;
  });
  const engine = { list: vi.fn(async () => []), inspector: { watch }, watchLab: vi.fn(), config: {} } as unknown as HubEngine;
  return { engine, watch, unwatch, emit: (snap: Snapshot) => emit?.(snap) };
}

describe('events (IPC_SUBSCRIBE)', () => {
  let fake: ReturnType<typeof fakeHubEngine>;
  let hub: EventHub;
  const log = vi.fn();
  beforeEach(() => {
    fake = fakeHubEngine();
    hub = new EventHub(async () => fake.engine);
    log.mockClear();
    handleEvents(hub, log);
  });
  afterEach(() => hub.close());

  it('the first subscriber starts the producer, the last unsubscribe stops it', async () => {
    const a = new FakePage();
    const b = new FakePage();
    a.ipcRenderer.send(IPC_SUBSCRIBE, 'inspect.changed');
    a.ipcRenderer.send(IPC_SUBSCRIBE, 'inspect.changed'); // the same page twice: one subscription
    b.ipcRenderer.send(IPC_SUBSCRIBE, 'inspect.changed');
    await vi.waitFor(() => expect(fake.watch).toHaveBeenCalledOnce());
    expect(hub.listenerCount('inspect.changed')).toBe(2);
    const snap = { pods: [] } as unknown as Snapshot;
    fake.emit(snap);
    expect(a.sentOn(IPC_EVENT)).toEqual([['inspect.changed', snap]]);
    expect(b.sentOn(IPC_EVENT)).toEqual([['inspect.changed', snap]]);

    a.ipcRenderer.send(IPC_UNSUBSCRIBE, 'inspect.changed');
    expect(hub.listenerCount('inspect.changed')).toBe(1);
    expect(fake.unwatch).not.toHaveBeenCalled();
    b.ipcRenderer.send(IPC_UNSUBSCRIBE, 'inspect.changed');
    expect(fake.unwatch).toHaveBeenCalledOnce();
    expect(hub.listenerCount('inspect.changed')).toBe(0);
  });

  it.each([
    ['destroyed', (p: FakePage) => p.destroy()],
    ['reloaded', (p: FakePage) => p.navigate()],
  ])('a page that is %s leaves no subscription behind', async (_what, end) => {
    const page = new FakePage();
    page.ipcRenderer.send(IPC_SUBSCRIBE, 'inspect.changed');
    await vi.waitFor(() => expect(fake.watch).toHaveBeenCalledOnce());
    end(page);
    expect(fake.unwatch).toHaveBeenCalledOnce();
    expect(hub.listenerCount('inspect.changed')).toBe(0);
  });

  it('a reloaded page subscribes again and gets the latest payload at once', async () => {
    const page = new FakePage();
    const other = new FakePage();
    other.ipcRenderer.send(IPC_SUBSCRIBE, 'inspect.changed');
    page.ipcRenderer.send(IPC_SUBSCRIBE, 'inspect.changed');
    await vi.waitFor(() => expect(fake.watch).toHaveBeenCalledOnce());
    fake.emit({ pods: ['s1'] } as unknown as Snapshot);
    page.navigate();
    page.ipcRenderer.send(IPC_SUBSCRIBE, 'inspect.changed');
    expect(page.sentOn(IPC_EVENT)).toEqual([
      ['inspect.changed', { pods: ['s1'] }],
      ['inspect.changed', { pods: ['s1'] }],
    ]);
    expect(hub.listenerCount('inspect.changed')).toBe(2);
  });

  it.each([
    ['an unknown channel', new FakePage(), 'pods.secret', 'unknown event channel "pods.secret"'],
    ['a non-string channel', new FakePage(), { toString: 'x' }, 'unknown event channel (a object)'],
    ['a foreign frame', new FakePage('https://example.com/'), 'inspect.changed', 'the caller is not the Podlab page'],
  ])('refuses %s without subscribing', (_what, page, channel, message) => {
    const subscribe = vi.spyOn(hub, 'subscribe');
    page.ipcRenderer.send(IPC_SUBSCRIBE, channel);
    expect(subscribe).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining(message));
  });
});

/** The session and a host that hands it out, from a provider the test can watch. */
function fakeHost() {
  const session = fakeSession(SESSION);
  return { ...session, hostProvider: vi.fn(async () => session.host as unknown as TerminalHostApi) };
}

/** The renderer's end of a stream: its messages in order, and whether main closed it. */
function viewer(port: MessagePort) {
  const queue: unknown[] = [];
  const waiting: ((m: unknown) => void)[] = [];
  port.on('message', (m: unknown) => (waiting.length ? waiting.shift()?.(m) : queue.push(m)));
  const closed = new Promise<void>((resolve) => port.once('close', resolve));
  return { port, closed, next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise<unknown>((r) => waiting.push(r))) };
}

/** Asks for a stream as the preload does and returns the port main transferred. */
function attach(page: FakePage, requestId: unknown, sessionId: unknown) {
  let port: MessagePort | undefined;
  page.ipcRenderer.on(IPC_TERMINAL_PORT, (event, id) => {
    if (id === requestId) port = (event as { ports: MessagePort[] }).ports[0];
  });
  page.ipcRenderer.send(IPC_TERMINAL_ATTACH, requestId, sessionId);
  if (!port) throw new Error('main transferred no port');
  return viewer(port);
}

describe('terminal streams (IPC_TERMINAL_ATTACH)', () => {
  let s: ReturnType<typeof fakeHost>;
  const log = vi.fn();
  beforeEach(() => {
    s = fakeHost();
    log.mockClear();
    handleTerminals(s.hostProvider, log);
  });

  it('bytes flow both ways, acks and resizes reach the stream, and closing the port only detaches', async () => {
    const v = attach(new FakePage(), 3, SESSION);
    expect(await v.next()).toEqual({ type: 'attached', info: s.info, replay: 'the screen so far' });
    expect(s.attach).toHaveBeenCalledWith(SESSION);
    // "漢" is split across two chunks: bytes stay bytes, never decoded on the way.
    s.emit({ type: 'data', data: Buffer.from([0x68, 0x69, 0xe6, 0xbc]) });
    s.emit({ type: 'data', data: Buffer.from([0xa2]) });
    s.emit({ type: 'exit', exitCode: 0, reason: 'exited' });
    const first = (await v.next()) as Uint8Array;
    expect(first).toEqual(new Uint8Array([0x68, 0x69, 0xe6, 0xbc]));
    // Buffer.from() views Node's 8 KiB pool: only the chunk's own bytes cross, not the whole pool.
    expect(first.buffer.byteLength).toBe(4);
    expect(await v.next()).toEqual(new Uint8Array([0xa2]));
    expect(await v.next()).toEqual({ type: 'exit', exitCode: 0, reason: 'exited' });

    v.port.postMessage(new Uint8Array([0x6c, 0x73, 0x0d]));
    v.port.postMessage({ type: 'ack', bytes: 5000 });
    v.port.postMessage({ type: 'resize', cols: 120, rows: 40 });
    await vi.waitFor(() => expect(s.stream.resize).toHaveBeenCalledWith({ cols: 120, rows: 40 }));
    expect(s.stream.write).toHaveBeenCalledWith(new Uint8Array([0x6c, 0x73, 0x0d]));
    expect(s.stream.ack).toHaveBeenCalledWith(5000);

    v.port.close();
    await vi.waitFor(() => expect(s.stream.detach).toHaveBeenCalledOnce());
  });

  it('an invalid control message closes the port with the reason', async () => {
    const v = attach(new FakePage(), 1, SESSION);
    await v.next();
    v.port.postMessage({ type: 'resize', cols: 0, rows: 24 });
    expect(await v.next()).toEqual({ type: 'closed', reason: expect.stringMatching(/^invalid terminal message: cols/) });
    await v.closed;
    expect(s.stream.detach).toHaveBeenCalledOnce();
    expect(s.stream.resize).not.toHaveBeenCalled();
  });

  it.each([
    ['destroyed', (p: FakePage) => p.destroy()],
    ['reloaded', (p: FakePage) => p.navigate()],
  ])('the port closes when its page is %s; the session lives on', async (_what, end) => {
    const page = new FakePage();
    const v = attach(page, 1, SESSION);
    await v.next();
    end(page);
    await v.closed;
    expect(s.stream.detach).toHaveBeenCalledOnce();
  });

  it.each([['../etc'], ['term-XYZ'], [42], [{ id: SESSION }]])('a bad session id (%j) closes the port without reaching the engine', async (id) => {
    const v = attach(new FakePage(), 1, id);
    expect(await v.next()).toEqual({ type: 'closed', reason: expect.stringContaining('invalid terminal session id') });
    await v.closed;
    expect(s.hostProvider).not.toHaveBeenCalled();
  });

  it('an unknown session closes the port with the engine’s reason', async () => {
    s.attach.mockImplementation(() => {
      throw new Error(`no terminal session ${SESSION}`);
    });
    const v = attach(new FakePage(), 1, SESSION);
    expect(await v.next()).toEqual({ type: 'closed', reason: `no terminal session ${SESSION}` });
    await v.closed;
  });

  it.each([
    ['a foreign frame', new FakePage('https://example.com/'), 1, 'the caller is not the Podlab page'],
    ['an iframe', new FakePage('podlab://app/x.html', { iframe: true }), 1, 'the caller is not the Podlab page'],
    ['a fractional request id', new FakePage(), 0.5, 'a request id is a non-negative integer'],
  ])('refuses %s: no port, no engine', (_what, page, requestId, message) => {
    page.ipcRenderer.send(IPC_TERMINAL_ATTACH, requestId, SESSION);
    expect(page.sentOn(IPC_TERMINAL_PORT)).toEqual([]);
    expect(s.hostProvider).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining(message));
  });
});
