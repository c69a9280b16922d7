// Turns a snapshot read (engine.list) into change events: read every interval, report only when the
// snapshot differs from the last one reported. Reads never overlap, so a slow engine is not
// queued up with requests.

export interface PollOptions {
  intervalMs: number;
  /** A failed read; the next one that succeeds is reported even if nothing changed. */
  onError?: (err: unknown) => void;
}

export interface Poller {
  stop(): void;
}

export function pollChanges<T>(read: () => Promise<T>, onChange: (value: T) => void, opts: PollOptions): Poller {
  let last: string | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = async () => {
    try {
      const value = await read();
      const key = JSON.stringify(value);
      if (!stopped && key !== last) {
        last = key;
        onChange(value);
      }
    } catch (err) {
      last = undefined;
      if (!stopped) opts.onError?.(err);
    }
    if (!stopped) timer = setTimeout(() => void tick(), opts.intervalMs);
  };
  void tick();

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
