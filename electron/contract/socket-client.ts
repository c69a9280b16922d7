// The client side of the contract socket: the CLI uses it to hand requests to the process that
// already runs the engine and the supervisor (the daemon, or the desktop app). A call's signal
// sends `{id, cancel: true}`; the call still settles with the holder's reply once its work stopped.
import net from 'node:net';
import { PodlabError, type PodlabErrorJSON } from '../engine/base/errors.js';
import { isJsonObject, NdjsonDecoder } from '../engine/base/ndjson.js';
import type { SupervisorInfo } from '../engine/daemon.js';
import type { CallContext } from './dispatch.js';
import type { Reply } from './reply.js';

export interface ContractClient {
  info: SupervisorInfo;
  call(method: string, params: unknown, ctx?: CallContext): Promise<unknown>;
  close(): void;
}

export function errorFromJSON(e: PodlabErrorJSON): PodlabError {
  return new PodlabError(e.code, e.message, {
    ...(e.hint ? { hint: e.hint } : {}),
    ...(e.location ? { location: e.location } : {}),
    ...(e.details ? { details: e.details.map(errorFromJSON) } : {}),
  });
}

/** What the holder sends: the hello first, then progress and replies to our requests. */
interface Message {
  hello?: SupervisorInfo;
  id?: number;
  progress?: unknown;
  reply?: Reply;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  ctx: CallContext;
  /** Stops listening to the call's signal. */
  forget: () => void;
}

/**
 * Connects and reads the hello. Resolves null when nobody listens, or when the holder is another
 * build (its contract may differ): the caller then runs the engine itself.
 */
export function connectContract(path: string, wantBuild: string, timeoutMs = 500): Promise<ContractClient | null> {
  return new Promise((resolve) => {
    const sock = net.connect(path);
    sock.setEncoding('utf8');
    const lines = new NdjsonDecoder();
    let info: SupervisorInfo | undefined;
    let nextId = 1;
    const pending = new Map<number, Pending>();
    const fail = (err: unknown) => {
      for (const p of pending.values()) {
        p.forget();
        p.reject(err);
      }
      pending.clear();
    };
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(null);
    }, timeoutMs);
    sock.on('error', (err) => {
      clearTimeout(timer);
      if (!info) resolve(null);
      fail(new PodlabError('INTERNAL', `lost the connection to the Podlab supervisor: ${err.message}`, { hint: 'run the command again' }));
    });
    sock.on('close', () => {
      clearTimeout(timer);
      if (!info) resolve(null);
      fail(new PodlabError('INTERNAL', 'the Podlab supervisor closed the connection', { hint: 'run the command again; `podlab supervisor status` shows whether it runs' }));
    });
    sock.on('data', (chunk: string) => {
      for (const item of lines.push(chunk)) {
        // A line that is not a JSON object is no hello (the holder speaks another protocol) and no answer.
        const msg: Message = item.ok && isJsonObject(item.value) ? item.value : {};
        if (!info) {
          clearTimeout(timer);
          if (!msg.hello || msg.hello.build !== wantBuild) {
            sock.destroy();
            resolve(null);
            return;
          }
          info = msg.hello;
          resolve({
            info,
            call: (method, params, ctx = {}) =>
              new Promise((res, rej) => {
                const id = nextId++;
                const cancel = () => {
                  if (!sock.destroyed) sock.write(`${JSON.stringify({ id, cancel: true })}\n`);
                };
                const forget = () => ctx.signal?.removeEventListener('abort', cancel);
                pending.set(id, { resolve: res, reject: rej, ctx, forget });
                sock.write(`${JSON.stringify({ id, method, params })}\n`);
                if (ctx.signal?.aborted) cancel();
                else ctx.signal?.addEventListener('abort', cancel, { once: true });
              }),
            close: () => sock.end(),
          });
          continue;
        }
        const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
        if (!p) continue;
        if (msg.progress !== undefined) {
          p.ctx.onProgress?.(msg.progress as Parameters<NonNullable<CallContext['onProgress']>>[0]);
        } else if (msg.reply) {
          pending.delete(msg.id as number);
          p.forget();
          if (msg.reply.ok) p.resolve(msg.reply.result);
          else p.reject(errorFromJSON(msg.reply.error));
        }
      }
    });
  });
}
