// The renderer's only way to the engine: request/response calls and event subscriptions over the
// contract. Electron's IPC implements it today (transport-electron.ts); a WebSocket implementation
// of the same interface will serve browser mode without touching any component.
import type { Method, ParamsArg, Result } from '../../electron/contract/api.js';
import type { EventChannel, EventPayloads } from '../../electron/contract/events.js';
import type { Reply } from '../../electron/contract/reply.js';
import type { ErrorCode, ErrorLocation, PodlabErrorJSON } from '../../electron/contract/api.js';

export interface Transport {
  invoke<M extends Method>(method: M, ...params: ParamsArg<M>): Promise<Result<M>>;
  /** Returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayloads[C]) => void): () => void;
}

/** A PodlabError that crossed a transport: the same code, message and next action. */
export class RemoteError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly location: ErrorLocation | undefined;
  readonly details: PodlabErrorJSON[];

  constructor(readonly json: PodlabErrorJSON) {
    super(json.message);
    this.name = 'RemoteError';
    this.code = json.code;
    this.hint = json.hint;
    this.location = json.location;
    this.details = json.details ?? [];
  }
}

export function unwrapReply<T>(reply: Reply): T {
  if (reply.ok) return reply.result as T;
  throw new RemoteError(reply.error);
}

/** Anything a call rejected with, in the shape the error banner shows. */
export function asErrorJSON(err: unknown): PodlabErrorJSON {
  if (err instanceof RemoteError) return err.json;
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
