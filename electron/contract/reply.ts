// What a request answers over any transport: a result, or the error as JSON. Transports cannot
// carry Error objects faithfully (Electron IPC keeps only the message), so the code and the hint
// that tell the user what to do next travel as data.
import { errorToJSON, type PodlabErrorJSON } from '../engine/base/errors.js';

export { errorToJSON };

export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: PodlabErrorJSON };

/** Runs a request and never rejects: the outcome is a Reply. */
export async function settle<T>(run: () => Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, result: await run() };
  } catch (err) {
    return { ok: false, error: errorToJSON(err) };
  }
}
