// The contract on a message channel (the browser's WebSocket; the same shapes as the supervisor
// socket's NDJSON): calls with their progress and reply, event subscriptions, and where terminal
// streams attach. Terminal bytes never travel here: each attached viewer gets a channel of its own
// (terminal-stream.ts).
//
//   client → server   {id, method, params}        a call (id: a number the client picks)
//                     {id, cancel: true}          stop a long call (a followed log) early
//                     {sub: channel} / {unsub: channel}
//   server → client   {hello: {build, version}}   first, once
//                     {id, progress}              any number, while the call runs
//                     {id, reply}                 once: Reply ({ok, result} | {ok: false, error})
//                     {event: channel, payload}   while subscribed; the latest payload at once on sub
import { z } from 'zod';
import type { EventChannel, EventPayloads } from './events.js';
import { EVENT_CHANNELS } from './events.js';
import type { Reply } from './reply.js';

/** Where a browser attaches: `/api` for this channel, `/terminal/<session id>` for a session's stream. */
export const WS_API_PATH = '/api';
export const WS_TERMINAL_PATH = '/terminal/';
/** A text message larger than this closes the socket (manifests are capped at 4 MiB by the contract). */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

const channel = z.enum(EVENT_CHANNELS);

export const clientMessage = z.union([
  z.strictObject({ id: z.number().int().min(0), method: z.string().min(1).max(100), params: z.unknown().optional() }),
  z.strictObject({ id: z.number().int().min(0), cancel: z.literal(true) }),
  z.strictObject({ sub: channel }),
  z.strictObject({ unsub: channel }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

export interface Hello {
  /** The build id: the renderer and the server (and the CLI) of one build speak one contract. */
  build: string;
  version: string;
}

export type ServerMessage =
  | { hello: Hello }
  | { id: number; progress: unknown }
  | { id: number; reply: Reply }
  | { [K in EventChannel]: { event: K; payload: EventPayloads[K] } }[EventChannel];
