// Watching = taking snapshots at a fixed pace while someone listens, and passing on only the
// ones that differ from the last one passed on. Nothing runs once the listener unsubscribed.
import type { Snapshot } from './snapshot.js';

export interface WatchOptions {
  /** Time from the start of one refresh to the start of the next (at most; default 1000). */
  intervalMs?: number;
  /** A failed refresh (the watch goes on). */
  onError?: (err: unknown) => void;
}

/** What a change is: anything but when the snapshot was taken and what it cost. */
export function snapshotKey(s: Snapshot): string {
  return JSON.stringify(s.pods);
}

/** Polls `take` until the returned function is called; `listener` sees the first snapshot and every change. */
export function pollSnapshots(take: () => Promise<Snapshot>, listener: (s: Snapshot) => void, opts: WatchOptions = {}): () => void {
  const interval = Math.max(0, opts.intervalMs ?? 1000);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastKey: string | undefined;

  const report = (err: unknown) => {
    try {
      opts.onError?.(err);
    } catch {
      // an error handler that throws must not stop the watch
    }
  };

  const tick = async (): Promise<void> => {
    timer = undefined;
    const started = Date.now();
    try {
      const snap = await take();
      if (stopped) return;
      const key = snapshotKey(snap);
      if (key !== lastKey) {
        lastKey = key;
        listener(snap);
      }
    } catch (err) {
      if (!stopped) report(err);
    }
    if (stopped) return;
    timer = setTimeout(() => void tick(), Math.max(0, interval - (Date.now() - started)));
  };

  timer = setTimeout(() => void tick(), 0);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}
