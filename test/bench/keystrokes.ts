// Keystroke round trips, one key at a time at a typist's pace: the loop both terminal benches time
// echo with, whatever carries the key and its echo.
import { setTimeout as sleep } from 'node:timers/promises';

/** Pause between keystrokes: a fast typist's pace, and the benches stay short. */
export const KEY_GAP_MS = 20;

/**
 * Times `n` keystrokes: `echo()` is called before each key and resolves when that key's echo is
 * back; `press()` sends the key. Returns the round trips in ms.
 */
export async function timeKeystrokes(n: number, press: () => void, echo: () => Promise<void>): Promise<number[]> {
  const lat: number[] = [];
  for (let k = 0; k < n; k++) {
    const echoed = echo();
    const t = performance.now();
    press();
    await echoed;
    lat.push(performance.now() - t);
    await sleep(KEY_GAP_MS);
  }
  return lat;
}
