// Per-Pod records on disk: the event history (`kubectl describe`'s Events) and the "being deleted"
// mark. History is not state — Docker holds the state — but it must outlive the process that acted,
// so `podlab pod describe` can say why a sandbox was rebuilt by the supervisor a minute ago.
import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PodEvent {
  /** ISO time. */
  time: string;
  type: 'Normal' | 'Warning';
  reason: string;
  /** `pod` or the Pod container the event is about. */
  object: string;
  message: string;
}

const MAX_EVENTS_READ = 200;

function dir(stateDir: string, uid: string): string {
  return path.join(stateDir, 'pods', uid);
}

export class PodRecords {
  /** Writes per Pod, chained so events land in the order they happened. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(readonly stateDir: string) {}

  /**
   * Records an event. The write runs in the background, in order per Pod, so recording never
   * slows the Docker work it describes; `flush()` waits for every write (before a process exits).
   */
  append(uid: string, ev: Omit<PodEvent, 'time'> & { time?: string }): PodEvent {
    const full: PodEvent = { time: ev.time ?? new Date().toISOString(), type: ev.type, reason: ev.reason, object: ev.object, message: ev.message };
    const d = dir(this.stateDir, uid);
    const prev = this.writes.get(uid) ?? Promise.resolve();
    const next = prev.then(async () => {
      await mkdir(d, { recursive: true });
      // One line per event, appended: writers in several processes never interleave within a line.
      await appendFile(path.join(d, 'events.jsonl'), `${JSON.stringify(full)}\n`);
    }).catch(() => undefined); // history is best effort: a full disk must not fail a Pod
    this.writes.set(uid, next);
    void next.then(() => {
      if (this.writes.get(uid) === next) this.writes.delete(uid);
    });
    return full;
  }

  /** Resolves when every event recorded so far is on disk. */
  async flush(): Promise<void> {
    while (this.writes.size) await Promise.all([...this.writes.values()]);
  }

  async events(uid: string): Promise<PodEvent[]> {
    await this.writes.get(uid);
    let text: string;
    try {
      text = await readFile(path.join(dir(this.stateDir, uid), 'events.jsonl'), 'utf8');
    } catch {
      return [];
    }
    const out: PodEvent[] = [];
    for (const line of text.split('\n').slice(-MAX_EVENTS_READ - 1)) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as PodEvent);
      } catch {
        // a torn last line from a crash: skip it
      }
    }
    // Several processes may append (a CLI's apply, the supervisor daemon, the app): each writes in
    // its own order, so the file's order is by write. Sorting by time (stable: ties keep file
    // order) gives the order the events happened.
    return out.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }

  /** Marks the Pod as being deleted: the supervisor leaves it alone from now on. */
  async markDeleting(uid: string): Promise<void> {
    const d = dir(this.stateDir, uid);
    await mkdir(d, { recursive: true });
    await writeFile(path.join(d, 'deleting'), new Date().toISOString());
  }

  async isDeleting(uid: string): Promise<boolean> {
    try {
      await stat(path.join(dir(this.stateDir, uid), 'deleting'));
      return true;
    } catch {
      return false;
    }
  }

  async forget(uid: string): Promise<void> {
    await this.writes.get(uid);
    await rm(dir(this.stateDir, uid), { recursive: true, force: true });
  }
}
