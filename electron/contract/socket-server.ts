// The API contract over a local stream socket (the supervisor's Unix socket): newline-delimited
// JSON, one request `{id, method, params}` → any number of `{id, progress}` → one `{id, reply}`.
// The same dispatcher as every other front door validates and runs each request.
import type { Socket } from 'node:net';
import { isJsonObject, NdjsonDecoder } from '../engine/base/ndjson.js';
import type { Dispatch } from './dispatch.js';
import { settle } from './reply.js';

/** A request line larger than this is refused: manifests are capped at 4 MiB by the contract. */
const MAX_LINE = 8 * 1024 * 1024;

export function serveContract(socket: Socket, dispatch: Dispatch): void {
  const lines = new NdjsonDecoder();
  const send = (msg: unknown) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(msg)}\n`);
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
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
      const req: { id?: unknown; method?: unknown; params?: unknown } = isJsonObject(item.value) ? item.value : {};
      const id = typeof req.id === 'number' || typeof req.id === 'string' ? req.id : null;
      void settle(() => dispatch(String(req.method), req.params, { onProgress: (progress) => send({ id, progress }) })).then((reply) => send({ id, reply }));
    }
  });
}
