// The API contract over a local stream socket (the supervisor's Unix socket): newline-delimited
// JSON, one request `{id, method, params}` → any number of `{id, progress}` → one `{id, reply}`;
// `{id, cancel: true}` aborts that call's signal, and a closed connection aborts all its calls.
// The same dispatcher as every other front door validates and runs each request. A connection
// whose first line is `{attach: id}` carries a terminal session's stream instead (socket-attach.ts).
import type { Socket } from 'node:net';
import { isJsonObject, NdjsonDecoder } from '../engine/base/ndjson.js';
import type { Dispatch } from './dispatch.js';
import { settle } from './reply.js';
import { attachRequest, serveAttach } from './socket-attach.js';

/** A request line larger than this is refused: manifests are capped at 4 MiB by the contract. */
const MAX_LINE = 8 * 1024 * 1024;

type CallId = number | string;

/** An attach line is short; a longer first line is a call, handed on without waiting for its end. */
const MAX_ATTACH_LINE = 256;

export function serveContract(socket: Socket, dispatch: Dispatch): void {
  const serveCalls = callServer(socket, dispatch);
  // Until the first line is seen it is unknown whether this connection carries calls or a terminal stream.
  let head: Buffer | undefined = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    if (!head) return serveCalls(chunk);
    const data = Buffer.concat([head, chunk]);
    const nl = data.subarray(0, MAX_ATTACH_LINE).indexOf(0x0a);
    head = nl < 0 && data.length < MAX_ATTACH_LINE ? data : undefined;
    if (head) return;
    const req = attachRequest.safeParse(nl < 0 ? undefined : parseLine(data.subarray(0, nl)));
    if (!req.success) return serveCalls(data);
    socket.off('data', onData);
    void serveAttach(socket, dispatch, req.data, data.subarray(nl + 1));
  };
  socket.on('data', onData);
}

function parseLine(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The calls of one connection: each with its own AbortController, so a cancel or the connection's end stops it. */
function callServer(socket: Socket, dispatch: Dispatch): (chunk: Buffer) => void {
  const lines = new NdjsonDecoder();
  const running = new Map<CallId, AbortController>();
  const send = (msg: unknown) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(msg)}\n`);
  };
  socket.on('close', () => {
    for (const call of running.values()) call.abort();
    running.clear();
  });
  return (chunk) => {
    if (lines.buffered + chunk.length > MAX_LINE) {
      send({ id: null, reply: { ok: false, error: { code: 'USAGE', message: 'request too large' } } });
      socket.destroy();
      return;
    }
    for (const item of lines.push(chunk)) {
      if (!item.ok) {
        send({ id: null, reply: { ok: false, error: { code: 'USAGE', message: 'request is not JSON' } } });
        continue;
      }
      // Valid JSON that is no object (`null`, `5`) has no id nor method: the dispatcher refuses it.
      const req: { id?: unknown; method?: unknown; params?: unknown; cancel?: unknown } = isJsonObject(item.value) ? item.value : {};
      const id = typeof req.id === 'number' || typeof req.id === 'string' ? req.id : null;
      if (req.cancel === true) {
        // The call still answers, once its work has stopped.
        if (id !== null) running.get(id)?.abort();
        continue;
      }
      const call = new AbortController();
      if (id !== null) running.set(id, call);
      void settle(() => dispatch(String(req.method), req.params, { onProgress: (progress) => send({ id, progress }), signal: call.signal })).then((reply) => {
        if (id !== null && running.get(id) === call) running.delete(id);
        send({ id, reply });
      });
    }
  };
}
