// The browser mode's transport (renderer/src/transport-ws.ts) against a stand-in WebSocket: the
// token leaves the address bar, calls wait for the hello, progress and errors come through, events
// resubscribe after a drop (with backoff), calls lost in a drop fail, and a terminal channel keeps
// early messages, queues input until open and always ends with a reason.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RemoteError } from '../../renderer/src/transport.js';
import { wsTransport, type PageAddress } from '../../renderer/src/transport-ws.js';

class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  binaryType = 'blob';
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(data: unknown): void {
    this.sent.push(typeof data === 'string' ? JSON.parse(data) : data);
  }

  close(code = 1000): void {
    this.drop(code, '');
  }

  // The server's side.
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }

  receive(data: unknown): void {
    this.onmessage?.({ data: data instanceof ArrayBuffer ? data : JSON.stringify(data) });
  }

  drop(code: number, reason: string): void {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason });
  }
}

function page(href: string) {
  const url = new URL(href);
  const replaced: (string | null | undefined)[] = [];
  const p: PageAddress = {
    location: { href, host: url.host, protocol: url.protocol },
    history: { state: null, replaceState: (_d, _u, to) => replaced.push(to) },
  };
  return { p, replaced };
}

const hello = { hello: { build: 'b', version: '0' } };
const last = () => FakeSocket.all.at(-1) as FakeSocket;

beforeEach(() => {
  FakeSocket.all = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.useFakeTimers();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the WebSocket transport', () => {
  it('takes the token out of the address bar and puts it on the socket URL', () => {
    const { p, replaced } = page('http://127.0.0.1:5000/?token=s3cret&lang=zh#pods');
    wsTransport(p);
    expect(replaced).toEqual(['/?lang=zh#pods']);
    expect(last().url).toBe('ws://127.0.0.1:5000/api?token=s3cret');
  });

  it('after a reload (no token in the URL) relies on the cookie: no token on the socket, the address untouched', () => {
    const { p, replaced } = page('http://127.0.0.1:5000/');
    wsTransport(p);
    expect(replaced).toEqual([]);
    expect(last().url).toBe('ws://127.0.0.1:5000/api');
  });

  it('sends calls once the hello came; hands over progress, results and errors with their hint', async () => {
    const t = wsTransport(page('http://127.0.0.1:5000/?token=x').p);
    const ws = last();
    const progress: unknown[] = [];
    const listing = t.invoke('pods.list');
    const applying = t.call('pods.apply', { manifests: [{ yaml: 'y', file: 'f' }] }, { onProgress: (p) => progress.push(p) });
    ws.open();
    expect(ws.sent).toEqual([]);
    ws.receive(hello);
    expect(ws.sent).toEqual([
      { id: 1, method: 'pods.list', params: {} },
      { id: 2, method: 'pods.apply', params: { manifests: [{ yaml: 'y', file: 'f' }] } },
    ]);
    ws.receive({ id: 2, progress: { step: 1 } });
    ws.receive({ id: 1, reply: { ok: true, result: [] } });
    ws.receive({ id: 2, reply: { ok: false, error: { code: 'POD_CONFLICT', message: 'changed', hint: 'use --force' } } });
    expect(await listing).toEqual([]);
    const err = (await applying.catch((e: unknown) => e)) as RemoteError;
    expect(err).toBeInstanceOf(RemoteError);
    expect(err).toMatchObject({ code: 'POD_CONFLICT', hint: 'use --force' });
    expect(progress).toEqual([{ step: 1 }]);
  });

  it('reconnects with backoff after a drop, subscribes again, fails calls the drop lost and sends the queued ones', async () => {
    const t = wsTransport(page('http://127.0.0.1:5000/?token=x').p);
    const first = last();
    first.open();
    first.receive(hello);
    const seen: unknown[] = [];
    t.on('pods.changed', (pods) => seen.push(pods));
    expect(first.sent).toEqual([{ sub: 'pods.changed' }]);
    first.receive({ event: 'pods.changed', payload: ['a'] });
    // A second listener gets the latest payload at once, without a second subscription.
    const late: unknown[] = [];
    const offLate = t.on('pods.changed', (pods) => late.push(pods));
    expect(late).toEqual([['a']]);

    const lost = t.invoke('doctor');
    first.drop(1006, '');
    const queued = t.invoke('pods.list');
    expect(await lost.catch((e: unknown) => e)).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('lost the connection') });

    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(250);
    const second = last();
    expect(second).not.toBe(first);
    expect(second.url).toBe(first.url);
    // The next drop waits longer: 250 ms, then 500 ms.
    second.drop(1006, '');
    vi.advanceTimersByTime(250);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(250);
    const third = last();
    expect(FakeSocket.all).toHaveLength(3);

    third.open();
    third.receive(hello);
    expect(third.sent).toEqual([{ sub: 'pods.changed' }, { id: 2, method: 'pods.list', params: {} }]);
    third.receive({ event: 'pods.changed', payload: ['b'] });
    third.receive({ id: 2, reply: { ok: true, result: ['b'] } });
    expect(await queued).toEqual(['b']);
    expect(seen).toEqual([['a'], ['b']]);
    offLate();
  });

  it('unsubscribes when the last listener of a channel goes', () => {
    const t = wsTransport(page('http://127.0.0.1:5000/').p);
    const ws = last();
    ws.open();
    ws.receive(hello);
    const off1 = t.on('inspect.changed', () => undefined);
    const off2 = t.on('inspect.changed', () => undefined);
    off1();
    expect(ws.sent).toEqual([{ sub: 'inspect.changed' }]);
    off2();
    expect(ws.sent).toEqual([{ sub: 'inspect.changed' }, { unsub: 'inspect.changed' }]);
  });
});

describe("the WebSocket transport's terminal channel", () => {
  it('keeps what arrives before the first listener, queues input until open, and carries bytes as bytes', () => {
    const t = wsTransport(page('http://127.0.0.1:5000/?token=x').p);
    const ch = t.attachTerminal('term-0123456789ab');
    const ws = last();
    expect(ws.url).toBe('ws://127.0.0.1:5000/terminal/term-0123456789ab?token=x');
    expect(ws.binaryType).toBe('arraybuffer');
    const typed = Uint8Array.of(0xe4, 0xb8);
    ch.send(typed);
    ch.send({ type: 'resize', cols: 100, rows: 30 });
    ws.open();
    expect(ws.sent).toEqual([typed, { type: 'resize', cols: 100, rows: 30 }]);
    ws.receive({ type: 'attached', info: { id: 'term-0123456789ab' }, replay: 'screen' });
    ws.receive(Uint8Array.of(0xad, 0x0a).buffer);
    const got: unknown[] = [];
    ch.onMessage((m) => got.push(m));
    expect(got).toEqual([{ type: 'attached', info: { id: 'term-0123456789ab' }, replay: 'screen' }, Uint8Array.of(0xad, 0x0a)]);
  });

  it('ends with a reason when the socket closes without one from the session (refused, or the connection lost)', () => {
    const t = wsTransport(page('http://127.0.0.1:5000/').p);
    const ch = t.attachTerminal('term-0123456789ab');
    const got: unknown[] = [];
    ch.onMessage((m) => got.push(m));
    last().drop(4404, 'no terminal session term-0123456789ab');
    expect(got).toEqual([{ type: 'closed', reason: 'no terminal session term-0123456789ab' }]);

    const other = t.attachTerminal('term-0123456789ac');
    const more: unknown[] = [];
    other.onMessage((m) => more.push(m));
    last().open();
    last().receive({ type: 'closed', reason: 'the terminal session was closed' });
    last().drop(1000, 'the terminal session was closed');
    expect(more).toEqual([{ type: 'closed', reason: 'the terminal session was closed' }]);
  });
});
