// Restart back-off as the kubelet does it: the first restart is immediate, then 10 s doubling to
// 300 s (CrashLoopBackOff). A container that ran 10 minutes before it stopped starts over.
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
export const BACKOFF_RESET_AFTER_MS = 600_000;

/** Delay before restart number `restart` (1 = first restart) of a container that ran `ranMs`. */
export function backoffDelay(restart: number, ranMs: number): number {
  if (restart <= 1 || ranMs >= BACKOFF_RESET_AFTER_MS) return 0;
  return Math.min(BACKOFF_INITIAL_MS * 2 ** (restart - 2), BACKOFF_MAX_MS);
}
