// Reading the JSON-lines progress streams of pull and build. dockerode's followProgress can end
// without an error although an event carried `{error}`; here every event is checked, and a stream
// that goes silent (an offline laptop waiting on DNS or a registry) is cut off instead of hanging.
import { isJsonObject, NdjsonDecoder, type NdjsonItem } from '../base/ndjson.js';

export interface DockerStreamEvent {
  status?: string;
  id?: string;
  stream?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { ID?: string };
}

/** The engine reported a failure inside the stream (the HTTP status was 200). */
export class DockerStreamFailure extends Error {
  override readonly name = 'DockerStreamFailure';
}

/** Nothing arrived from the engine for the idle limit. */
export class DockerStreamTimeout extends Error {
  override readonly name = 'DockerStreamTimeout';
}

export interface DockerStreamOptions {
  /** Abort when no event arrives for this long, including while waiting for the response. */
  idleTimeoutMs: number;
  /** Says what was being waited for, for the timeout message. */
  idleMessage?: string;
  onEvent?: (event: DockerStreamEvent) => void;
  /** Streams sent with the request (a build context): their failure fails the run. */
  inputs?: NodeJS.EventEmitter[];
}

/**
 * Opens a progress stream with `open` (handing it the abort signal for the request) and reads it
 * to its end. Resolves with every event; rejects on the first error event, on a stream that closes
 * before its end, or when the engine stays silent for `idleTimeoutMs`.
 */
export function runDockerStream(
  open: (signal: AbortSignal) => Promise<NodeJS.ReadableStream>,
  opts: DockerStreamOptions,
): Promise<DockerStreamEvent[]> {
  const controller = new AbortController();
  const events: DockerStreamEvent[] = [];
  let stream: NodeJS.ReadableStream | undefined;
  let timer: NodeJS.Timeout | undefined;
  let settled = false;

  return new Promise<DockerStreamEvent[]>((resolve, reject) => {
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        controller.abort();
        destroyStream(stream);
        for (const input of opts.inputs ?? []) destroyStream(input as NodeJS.ReadableStream);
        reject(err);
      } else {
        resolve(events);
      }
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const secs = Math.round(opts.idleTimeoutMs / 1000);
        finish(new DockerStreamTimeout(`${opts.idleMessage ?? 'the Docker engine'} sent nothing for ${secs} s`));
      }, opts.idleTimeoutMs);
    };
    const handleItems = (items: NdjsonItem[]): void => {
      for (const item of items) {
        if (settled) return;
        handleEvent(item.ok && isJsonObject(item.value) ? item.value : { stream: item.line });
      }
    };
    const handleEvent = (event: DockerStreamEvent): void => {
      const failure = event.errorDetail?.message ?? event.error;
      if (failure) {
        finish(new DockerStreamFailure(failure.trim()));
        return;
      }
      events.push(event);
      opts.onEvent?.(event);
    };

    arm();
    for (const input of opts.inputs ?? []) input.on('error', (err: Error) => finish(err));
    open(controller.signal).then(
      (s) => {
        if (settled) {
          destroyStream(s);
          return;
        }
        stream = s;
        arm();
        const lines = new NdjsonDecoder();
        s.on('data', (chunk: Buffer | string) => {
          if (settled) return;
          arm();
          handleItems(lines.push(chunk));
        });
        s.on('end', () => {
          handleItems(lines.end());
          finish();
        });
        s.on('error', (err: Error) => finish(err));
        // 'close' after 'end' is a no-op; 'close' alone means the stream was cut.
        s.on('close', () => finish(new Error('the Docker engine closed the stream before it ended')));
      },
      (err: unknown) => finish(err instanceof Error ? err : new Error(String(err))),
    );
  });
}

function destroyStream(s: NodeJS.ReadableStream | undefined): void {
  const d = s as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  d?.destroy?.();
}

/** The engine's own words for a failed request: dockerode puts the JSON body's message in `json`. */
export function dockerErrorReason(err: unknown): string {
  if (err && typeof err === 'object') {
    const json = (err as { json?: unknown }).json;
    if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') {
      return (json as { message: string }).message.trim();
    }
    if (err instanceof Error) return err.message;
  }
  return String(err);
}

/** True when the engine answered 404 (no such image, container, …). */
export function isNotFound(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { statusCode?: unknown }).statusCode === 404;
}
