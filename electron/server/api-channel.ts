// The contract over one browser WebSocket (`/api`, electron/contract/wire.ts): the hello first,
// calls through the contract's dispatcher with their progress and a cancel, event subscriptions
// through the server's one EventHub. A message that breaks the protocol closes this socket (1008;
// one over maxPayload is closed by ws with 1009) with the reason; other sockets carry on. When the
// socket goes, its subscriptions end and its running calls are aborted.
import type { WebSocket } from 'ws';
import type { Dispatch } from '../contract/dispatch.js';
import type { EventHub } from '../contract/event-hub.js';
import type { EventChannel, EventPayloads } from '../contract/events.js';
import { settle } from '../contract/reply.js';
import { clientMessage, type Hello, type ServerMessage } from '../contract/wire.js';
import { bytesOf, CLOSE, closeSocket } from './ws-frames.js';

export interface ApiChannelDeps {
  dispatch: Dispatch;
  hub: EventHub;
  hello: Hello;
  /** Every successful call's method and result (the server starts the idle clock of opened terminals). */
  onResult?: (method: string, result: unknown) => void;
}

export function serveApiChannel(ws: WebSocket, deps: ApiChannelDeps): void {
  const calls = new Map<number, AbortController>();
  const subs = new Map<EventChannel, () => void>();
  const send = (msg: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  const subscribe = <C extends EventChannel>(channel: C) => {
    if (subs.has(channel)) return;
    subs.set(
      channel,
      deps.hub.subscribe(channel, (payload: EventPayloads[C]) => send({ event: channel, payload } as ServerMessage)),
    );
  };

  const call = (id: number, method: string, params: unknown) => {
    if (calls.has(id)) {
      send({ id, reply: { ok: false, error: { code: 'USAGE', message: `call ${id} is still running`, hint: 'give every call of a connection its own id' } } });
      return;
    }
    const abort = new AbortController();
    calls.set(id, abort);
    void settle(() => deps.dispatch(method, params, { onProgress: (progress) => send({ id, progress }), signal: abort.signal })).then((reply) => {
      calls.delete(id);
      // A lab may have started or stopped: the hub watches exactly the running labs.
      if (method.startsWith('labs.')) deps.hub.labsTouched();
      if (reply.ok) deps.onResult?.(method, reply.result);
      send({ id, reply });
    });
  };

  send({ hello: deps.hello });
  ws.on('message', (data, isBinary) => {
    if (isBinary) return closeSocket(ws, CLOSE.policy, 'binary messages are not part of the API channel');
    let json: unknown;
    try {
      json = JSON.parse(bytesOf(data).toString('utf8'));
    } catch {
      return closeSocket(ws, CLOSE.policy, 'a message is not JSON');
    }
    const parsed = clientMessage.safeParse(json);
    if (!parsed.success) {
      return closeSocket(ws, CLOSE.policy, `invalid message: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}`);
    }
    const msg = parsed.data;
    if ('method' in msg) call(msg.id, msg.method, msg.params);
    else if ('cancel' in msg) calls.get(msg.id)?.abort();
    else if ('sub' in msg) subscribe(msg.sub);
    else {
      subs.get(msg.unsub)?.();
      subs.delete(msg.unsub);
    }
  });
  ws.on('close', () => {
    for (const off of subs.values()) off();
    subs.clear();
    for (const abort of calls.values()) abort.abort();
    calls.clear();
  });
}
