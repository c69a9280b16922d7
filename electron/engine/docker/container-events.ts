// The end of a session's container, from the engine's event stream (die, destroy), never from the
// exec stream: Docker 20.10 can keep an exec's stream open for good once the container is dead
// (a shared PID namespace whose pause was killed). One subscription serves every session of a host.
import type Docker from 'dockerode';
import { isJsonObject, NdjsonDecoder } from '../base/ndjson.js';
import { explainDockerError, statusOf } from './errors.js';
import { LABEL_HOME, ownedFilter } from './labels.js';

export interface ContainerGone {
  id: string;
  action: 'die' | 'destroy';
  /** The main process's exit code (from the die event); null when removed without a die seen. */
  exitCode: number | null;
}

type Listener = (e: ContainerGone) => void;
type EventStream = NodeJS.ReadableStream & { destroy(): void };

/** After the stream drops (the engine restarted), try again this much later. */
const REOPEN_MS = 1_000;

export class ContainerEvents {
  private readonly listeners = new Map<string, Set<Listener>>();
  private stream: EventStream | undefined;
  private opening: Promise<void> | undefined;
  private reopenTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly home: string,
  ) {}

  /** Open subscriptions: 1 while any session watches a container, else 0 (for leak tests). */
  get streams(): number {
    return this.stream ? 1 : 0;
  }

  /**
   * Calls `cb` when one of `ids` dies or is removed. Resolves once the subscription is live, so an
   * end after that is never missed; the returned function stops watching.
   */
  async watch(ids: string[], cb: Listener): Promise<() => void> {
    for (const id of ids) {
      let set = this.listeners.get(id);
      if (!set) this.listeners.set(id, (set = new Set()));
      set.add(cb);
    }
    let done = false;
    const unwatch = () => {
      if (done) return;
      done = true;
      for (const id of ids) {
        const set = this.listeners.get(id);
        set?.delete(cb);
        if (set?.size === 0) this.listeners.delete(id);
      }
      if (this.listeners.size === 0) this.shut();
    };
    try {
      await this.ensureOpen();
    } catch (err) {
      unwatch();
      throw explainDockerError(err, 'cannot follow the container');
    }
    return unwatch;
  }

  private ensureOpen(): Promise<void> {
    if (this.stream) return Promise.resolve();
    this.opening ??= this.open().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async open(): Promise<void> {
    const stream = (await this.docker.getEvents({
      filters: { type: ['container'], event: ['die', 'destroy'], ...ownedFilter({ [LABEL_HOME]: this.home }) },
    })) as EventStream;
    if (this.listeners.size === 0) {
      stream.destroy(); // every watcher left while it opened
      return;
    }
    this.stream = stream;
    const lines = new NdjsonDecoder();
    stream.on('data', (chunk: Buffer) => {
      for (const item of lines.push(chunk)) if (item.ok && isJsonObject(item.value)) this.dispatch(item.value);
    });
    const dropped = () => {
      if (this.stream !== stream) return; // shut on purpose
      this.stream = undefined;
      this.reopenLater();
    };
    stream.on('end', dropped);
    stream.on('error', dropped);
  }

  private dispatch(ev: Record<string, unknown>): void {
    const actor = ev.Actor as { ID?: string; Attributes?: Record<string, string> } | undefined;
    const id = actor?.ID;
    const action = ev.Action;
    if (!id || (action !== 'die' && action !== 'destroy')) return;
    const code = actor.Attributes?.exitCode;
    this.tell({ id, action, exitCode: code !== undefined && /^-?\d+$/.test(code) ? Number(code) : null });
  }

  private tell(e: ContainerGone): void {
    for (const cb of [...(this.listeners.get(e.id) ?? [])]) cb(e);
  }

  /** The stream dropped: open it again, then look at each watched container for ends missed meanwhile. */
  private reopenLater(): void {
    clearTimeout(this.reopenTimer);
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      if (this.listeners.size === 0) return;
      this.ensureOpen()
        .then(() => Promise.all([...this.listeners.keys()].map((id) => this.recheck(id))))
        .catch(() => this.reopenLater());
    }, REOPEN_MS);
    this.reopenTimer.unref(); // never what keeps a CLI process alive
  }

  private async recheck(id: string): Promise<void> {
    const end = await containerEnd(this.docker, id);
    if (end) this.tell(end);
  }

  private shut(): void {
    clearTimeout(this.reopenTimer);
    this.reopenTimer = undefined;
    const s = this.stream;
    this.stream = undefined;
    s?.destroy();
  }
}

/** A container's end as one inspect sees it: undefined while it runs (or when the engine does not answer). */
export async function containerEnd(docker: Docker, id: string): Promise<ContainerGone | undefined> {
  try {
    const info = await docker.getContainer(id).inspect();
    return info.State.Running ? undefined : { id, action: 'die', exitCode: info.State.ExitCode };
  } catch (err) {
    return statusOf(err) === 404 ? { id, action: 'destroy', exitCode: null } : undefined;
  }
}
