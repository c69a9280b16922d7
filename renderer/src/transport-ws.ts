// Transport over WebSockets to `podlab serve` (browser mode): one socket for calls, their progress
// and events (`/api`, electron/contract/wire.ts), and one per attached terminal viewer
// (`/terminal/<session id>`, binary frames for bytes). The token comes once, in the page's URL, and
// leaves the address bar at once; after that the server's HttpOnly cookie authorizes. The API
// socket reconnects by itself with backoff and subscribes again; calls sent before a drop fail.
import type { Method, Params, ParamsArg, Result } from '../../electron/contract/api.js';
import type { EventChannel, EventPayloads } from '../../electron/contract/events.js';
import type { HostMessage, ViewerMessage } from '../../electron/contract/terminal-stream.js';
import type { ServerMessage, WS_API_PATH, WS_TERMINAL_PATH } from '../../electron/contract/wire.js';
import { RemoteError, unwrapReply, type CallOptions, type TerminalChannel, type Transport } from './transport.js';

// The renderer takes only types from the contract: the literal types keep these equal to wire.ts.
const API_PATH: typeof WS_API_PATH = '/api';
const TERMINAL_PATH: typeof WS_TERMINAL_PATH = '/terminal/';
const BACKOFF_MS = [250, 500, 1000, 2000, 5000] as const;

interface Pending {
  message: string;
  sent: boolean;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
  onProgress: ((progress: unknown) => void) | undefined;
}

/** What the transport reads of the page (main.tsx hands it `window`; unit tests a stand-in). */
export interface PageAddress {
  readonly location: { readonly href: string; readonly host: string; readonly protocol: string };
  readonly history: { readonly state: unknown; replaceState(data: unknown, unused: string, url?: string | null): void };
}

/** Takes `?token=` out of the address bar (and out of history) and returns it, if the URL had one. */
function takeToken(page: PageAddress): string | null {
  const url = new URL(page.location.href);
  const token = url.searchParams.get('token');
  if (token !== null) {
    url.searchParams.delete('token');
    page.history.replaceState(page.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }
  return token;
}

function socketUrl(page: PageAddress, path: string, token: string | null): string {
  const scheme = page.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.location.host}${path}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

/** The `/api` socket: calls queued until the hello, events fanned out, reconnection with backoff. */
class ApiSocket {
  private ws: WebSocket | null = null;
  private ready = false;
  private attempt = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private readonly last = new Map<EventChannel, unknown>();

  constructor(private readonly url: string) {
    this.connect();
  }

  call(method: string, params: unknown, onProgress?: (progress: unknown) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const p: Pending = { message: JSON.stringify({ id, method, params }), sent: false, resolve, reject, onProgress };
      this.pending.set(id, p);
      if (this.ready) this.send(p);
    });
  }

  on(channel: EventChannel, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      if (this.ready) this.ws?.send(JSON.stringify({ sub: channel }));
    } else if (this.last.has(channel)) {
      listener(this.last.get(channel));
    }
    set.add(listener);
    const own = set;
    return () => {
      if (!own.delete(listener) || own.size) return;
      this.listeners.delete(channel);
      this.last.delete(channel);
      if (this.ready) this.ws?.send(JSON.stringify({ unsub: channel }));
    };
  }

  private send(p: Pending): void {
    p.sent = true;
    this.ws?.send(p.message);
  }

  private connect(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onmessage = (ev) => {
      const data: unknown = ev.data;
      if (typeof data === 'string') this.receive(JSON.parse(data) as ServerMessage);
    };
    ws.onclose = () => this.dropped(ws);
  }

  private receive(msg: ServerMessage): void {
    if ('hello' in msg) {
      this.ready = true;
      this.attempt = 0;
      for (const channel of this.listeners.keys()) this.ws?.send(JSON.stringify({ sub: channel }));
      for (const p of this.pending.values()) if (!p.sent) this.send(p);
      return;
    }
    if ('event' in msg) {
      this.last.set(msg.event, msg.payload);
      for (const l of [...(this.listeners.get(msg.event) ?? [])]) l(msg.payload);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if ('progress' in msg) return p.onProgress?.(msg.progress);
    this.pending.delete(msg.id);
    try {
      p.resolve(unwrapReply(msg.reply));
    } catch (err) {
      p.reject(err);
    }
  }

  private dropped(ws: WebSocket): void {
    if (this.ws !== ws) return;
    this.ws = null;
    this.ready = false;
    // The server aborted what it was running for us; calls not sent yet go out after the reconnect.
    for (const [id, p] of this.pending) {
      if (!p.sent) continue;
      this.pending.delete(id);
      p.reject(new RemoteError({ code: 'INTERNAL', message: 'lost the connection to podlab serve during the call', hint: 'check whether it took effect, then try again' }));
    }
    const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)];
    setTimeout(() => this.connect(), delay);
  }
}

/** One viewer's socket: what arrives before the first listener is kept for it; input waits for the open. */
function terminalChannel(url: string): TerminalChannel {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const listeners = new Set<(message: HostMessage | Uint8Array) => void>();
  const early: (HostMessage | Uint8Array)[] = [];
  const outbox: (string | Uint8Array)[] = [];
  let ended = false;
  const deliver = (m: HostMessage | Uint8Array) => {
    if (!(m instanceof Uint8Array) && m.type === 'closed') ended = true;
    if (!listeners.size) early.push(m);
    for (const l of [...listeners]) l(m);
  };
  ws.onopen = () => {
    for (const m of outbox.splice(0)) ws.send(m);
  };
  ws.onmessage = (ev) => {
    const data: unknown = ev.data;
    deliver(data instanceof ArrayBuffer ? new Uint8Array(data) : (JSON.parse(String(data)) as HostMessage));
  };
  ws.onclose = (ev) => {
    // A refusal (no such session) or a lost connection still ends the stream with a reason.
    if (!ended) deliver({ type: 'closed', reason: ev.reason || 'the connection to podlab serve was lost' });
  };
  return {
    onMessage(listener) {
      listeners.add(listener);
      for (const m of early.splice(0)) listener(m);
      return () => listeners.delete(listener);
    },
    send(message: ViewerMessage | Uint8Array) {
      const data = message instanceof Uint8Array ? message : JSON.stringify(message);
      if (ws.readyState === WebSocket.OPEN) ws.send(data);
      else if (ws.readyState === WebSocket.CONNECTING) outbox.push(data);
    },
    close() {
      ended = true;
      ws.close(1000);
    },
  };
}

export function wsTransport(page: PageAddress): Transport {
  const token = takeToken(page);
  const api = new ApiSocket(socketUrl(page, API_PATH, token));
  return {
    invoke<M extends Method>(method: M, ...params: ParamsArg<M>): Promise<Result<M>> {
      return api.call(method, params[0] ?? {}) as Promise<Result<M>>;
    },
    call<M extends Method>(method: M, params: Params<M>, opts: CallOptions): Promise<Result<M>> {
      return api.call(method, params, opts.onProgress) as Promise<Result<M>>;
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayloads[C]) => void): () => void {
      return api.on(channel, listener as (payload: unknown) => void);
    },
    attachTerminal: (sessionId) => terminalChannel(socketUrl(page, `${TERMINAL_PATH}${encodeURIComponent(sessionId)}`, token)),
  };
}
