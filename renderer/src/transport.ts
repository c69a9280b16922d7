// The renderer's only way to the engine: calls (with progress), event subscriptions and terminal
// streams over the contract. Electron's IPC implements it (transport-electron.ts), a WebSocket
// implements it in browser mode (transport-ws.ts); one place picks which, no component knows.
import type { Method, Params, ParamsArg, Result } from '../../electron/contract/api.js';
import type { EventChannel, EventPayloads } from '../../electron/contract/events.js';
import type { Reply } from '../../electron/contract/reply.js';
import type { HostMessage, ViewerMessage } from '../../electron/contract/terminal-stream.js';
import type { ErrorCode, ErrorLocation, PodlabErrorJSON } from '../../electron/contract/api.js';

export interface CallOptions {
  /** Progress of long work (image pulls and builds, a lab's phases), as the engine reports it. */
  onProgress?: (progress: unknown) => void;
}

/** One attached viewer of a terminal session (terminal-stream.ts): replay first, then bytes and events. */
export interface TerminalChannel {
  /** Output arrives as Uint8Array, everything else as a HostMessage, in order. Returns the unsubscribe function. */
  onMessage(listener: (message: HostMessage | Uint8Array) => void): () => void;
  /** Input as bytes or {type:'input'}; resizes; acks from the terminal's write callback. */
  send(message: ViewerMessage | Uint8Array): void;
  /** Detaches this viewer; the session lives on until terminals.close. */
  close(): void;
}

export interface Transport {
  invoke<M extends Method>(method: M, ...params: ParamsArg<M>): Promise<Result<M>>;
  /** A call that reports progress while it runs. */
  call<M extends Method>(method: M, params: Params<M>, opts: CallOptions): Promise<Result<M>>;
  /** Returns the unsubscribe function; the channel's latest payload arrives at once. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayloads[C]) => void): () => void;
  /** Attaches to a session opened with terminals.open (or found with terminals.list). */
  attachTerminal(sessionId: string): TerminalChannel;
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
