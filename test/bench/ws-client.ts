// The bench's browser stand-in: the `ws` package with the served page's Origin, speaking wire.ts on
// /api (hello, calls and their replies) and terminal-stream.ts on /terminal/<id> (binary output,
// JSON control, acks), as the renderer's WebSocket transport does.
import WebSocket from 'ws';
import type { Method, Params, Result } from '../../electron/contract/api.js';
import type { HostMessage } from '../../electron/contract/terminal-stream.js';
import { WS_API_PATH, WS_TERMINAL_PATH, type Hello, type ServerMessage } from '../../electron/contract/wire.js';
import { PodlabError } from '../../electron/engine/base/errors.js';
import type { Served } from './serve-process.js';

function connect(served: Served, pathname: string, onMessage: (data: Buffer, binary: boolean) => void): Promise<WebSocket> {
  const ws = new WebSocket(served.wsUrl(pathname), { origin: served.origin, maxPayload: 64 * 1024 * 1024 });
  // Listen before the handshake completes: the server speaks first (hello, attached).
  ws.on('message', (data: Buffer, binary) => onMessage(data, binary));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(new PodlabError('INTERNAL', `the server refused ${pathname}: HTTP ${String(res.statusCode)}`, { hint: 'check the token and Origin rules of `podlab serve`' })),
    );
  });
}

function closed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    ws.close();
  });
}

/** The /api channel: calls by id, replies matched back; progress and events are not needed here. */
export class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();

  private constructor(
    private readonly ws: WebSocket,
    readonly hello: Hello,
  ) {}

  static async connect(served: Served): Promise<ApiClient> {
    const to: { client?: ApiClient } = {}; // replies are settled once the client exists
    let greet: ((h: Hello) => void) | undefined;
    const greeted = new Promise<Hello>((r) => (greet = r));
    const ws = await connect(served, WS_API_PATH, (data) => {
      const msg = JSON.parse(data.toString('utf8')) as ServerMessage;
      if ('hello' in msg) greet?.(msg.hello);
      else if ('reply' in msg) to.client?.settle(msg.id, msg.reply);
    });
    const client = (to.client = new ApiClient(ws, await greeted));
    ws.on('close', (code, reason) => client.failAll(`the /api socket closed (${String(code)} ${reason.toString()})`));
    return client;
  }

  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): Promise<void> {
    return closed(this.ws);
  }

  private settle(id: number, reply: Extract<ServerMessage, { reply: unknown }>['reply']): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new PodlabError(reply.error.code, `${p.method}: ${reply.error.message}`, reply.error.hint ? { hint: reply.error.hint } : {}));
  }

  private failAll(why: string): void {
    for (const p of this.pending.values()) p.reject(new PodlabError('INTERNAL', `${p.method}: ${why}`));
    this.pending.clear();
  }
}

/** One attached viewer over /terminal/<id>: output and control as they arrive; input, acks back. */
export class TerminalSocket {
  private constructor(
    private readonly ws: WebSocket,
    /** The screen at attach time, as the server serialized it. */
    readonly replay: string,
  ) {}

  /**
   * Attaches and resolves after the `attached` message (the replay). `onOutput` gets every binary
   * message; `onControl` every later host message (exit, closed …).
   */
  static async attach(served: Served, sessionId: string, onOutput: (d: Uint8Array) => void, onControl: (m: HostMessage) => void): Promise<TerminalSocket> {
    let replay = '';
    let attachedNow: (() => void) | undefined;
    let refused: ((e: Error) => void) | undefined;
    const attached = new Promise<void>((resolve, reject) => ((attachedNow = resolve), (refused = reject)));
    const ws = await connect(served, WS_TERMINAL_PATH + sessionId, (data, binary) => {
      if (binary) return onOutput(data);
      const msg = JSON.parse(data.toString('utf8')) as HostMessage;
      if (msg.type === 'attached') {
        replay = msg.replay;
        attachedNow?.();
      }
      else onControl(msg);
    });
    ws.once('close', (code, reason) => refused?.(new PodlabError('INTERNAL', `terminal ${sessionId} closed before attaching (${String(code)} ${reason.toString()})`)));
    await attached;
    return new TerminalSocket(ws, replay);
  }

  /** Keystrokes travel as binary messages (bytes end to end). */
  input(data: string): void {
    this.ws.send(Buffer.from(data, 'utf8'));
  }

  ack(bytes: number): void {
    this.ws.send(JSON.stringify({ type: 'ack', bytes }));
  }

  /** Detaches this viewer; the session lives on until terminals.close. */
  close(): Promise<void> {
    return closed(this.ws);
  }
}
