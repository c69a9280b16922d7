// What a request answers over any transport: a result, or the error as JSON. Transports cannot
// carry Error objects faithfully (Electron IPC keeps only the message), so the code and the hint
// that tell the user what to do next travel as data.
import { PodlabError, type PodlabErrorJSON } from '../engine/base/errors.js';

export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: PodlabErrorJSON };

/** Any thrown value as PodlabError JSON; a non-Podlab error becomes INTERNAL with its message. */
export function errorToJSON(err: unknown): PodlabErrorJSON {
  if (err instanceof PodlabError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message, hint: 'this is a bug in Podlab; the log of the app has the details' };
}

/** Runs a request and never rejects: the outcome is a Reply. */
export async function settle<T>(run: () => Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, result: await run() };
  } catch (err) {
    return { ok: false, error: errorToJSON(err) };
  }
}
