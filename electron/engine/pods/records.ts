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
  constructor(readonly stateDir: string) {}

  async append(uid: string, ev: Omit<PodEvent, 'time'> & { time?: string }): Promise<PodEvent> {
    const full: PodEvent = { time: ev.time ?? new Date().toISOString(), type: ev.type, reason: ev.reason, object: ev.object, message: ev.message };
    const d = dir(this.stateDir, uid);
    await mkdir(d, { recursive: true });
    // One line per event, appended: writers in several processes never interleave within a line.
    await appendFile(path.join(d, 'events.jsonl'), `${JSON.stringify(full)}\n`);
    return full;
  }

  async events(uid: string): Promise<PodEvent[]> {
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
    return out;
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
    await rm(dir(this.stateDir, uid), { recursive: true, force: true });
  }
}
