// The supervisor: Podlab's kubelet loop. It watches Docker events for Podlab's containers and
// syncs the affected Pod — next init container, restarts with back-off, a new sandbox when the
// infra died. Work is serialized per Pod; a full resync at start (and now and then) repairs whatever
// happened while no supervisor ran, because everything it needs is read back from Docker.
import { LABEL_HOME, LABEL_POD_UID, ownedFilter } from '../../docker/labels.js';
import { formatError } from '../../base/errors.js';
import { isJsonObject, NdjsonDecoder } from '../../base/ndjson.js';
import { observePods } from '../sync/observe.js';
import { recordEvent, type PodRuntime } from '../runtime.js';
import { syncPod } from '../sync/sync-run.js';

export interface SupervisorOptions {
  /** Full resync period (ms); also the safety net for missed events. */
  resyncMs?: number;
  log?: (line: string) => void;
}

interface DockerEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

const RETRY_AFTER_ERROR_MS = 10_000;
const RECONNECT_MS = 1_000;
const EVENT_SETTLE_MS = 50;

export class Supervisor {
  private readonly queue = new Map<string, Promise<void>>();
  private readonly pending = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly announcedWaits = new Map<string, Map<string, number>>();
  private stream: NodeJS.ReadableStream | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly rt: PodRuntime,
    private readonly opts: SupervisorOptions = {},
  ) {}

  async start(): Promise<void> {
    await this.subscribe();
    await this.resyncAll();
    this.resyncTimer = setInterval(() => void this.resyncAll().catch(() => undefined), this.opts.resyncMs ?? 30_000);
    this.resyncTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.resyncTimer);
    clearTimeout(this.reconnectTimer);
    for (const t of [...this.timers.values(), ...this.soon.values()]) clearTimeout(t);
    this.timers.clear();
    this.soon.clear();
    (this.stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    this.stream = undefined;
    await this.idle();
  }

  /** Resolves when no sync is queued or running (tests and shutdown use it). */
  async idle(): Promise<void> {
    while (this.queue.size) await Promise.all([...this.queue.values()]);
  }

  /** Queues a sync of one Pod; a burst of events for the same Pod coalesces into one sync. */
  kick(uid: string): void {
    if (this.stopped || this.pending.has(uid)) return;
    this.pending.add(uid);
    const prev = this.queue.get(uid) ?? Promise.resolve();
    const next = prev.then(async () => {
      this.pending.delete(uid);
      await this.syncOne(uid);
    });
    this.queue.set(uid, next);
    void next.finally(() => {
      if (this.queue.get(uid) === next) this.queue.delete(uid);
    });
  }

  private readonly soon = new Map<string, NodeJS.Timeout>();

  kickSoon(uid: string, delayMs = EVENT_SETTLE_MS): void {
    if (this.soon.has(uid) || this.stopped) return;
    const t = setTimeout(() => {
      this.soon.delete(uid);
      this.kick(uid);
    }, delayMs);
    this.soon.set(uid, t);
  }

  async resyncAll(): Promise<void> {
    const pods = await observePods(this.rt, {}, false);
    // Forget the back-offs announced for Pods that are gone.
    const alive = new Set(pods.map((p) => p.uid));
    for (const uid of this.announcedWaits.keys()) if (!alive.has(uid)) this.announcedWaits.delete(uid);
    for (const p of pods) this.kick(p.uid);
  }

  private async syncOne(uid: string): Promise<void> {
    clearTimeout(this.timers.get(uid));
    this.timers.delete(uid);
    let waits = this.announcedWaits.get(uid);
    if (!waits) this.announcedWaits.set(uid, (waits = new Map<string, number>()));
    try {
      const res = await syncPod(this.rt, uid, { lastWaits: waits });
      if (res.executed.length) this.opts.log?.(`pod ${uid}: ${res.executed.join(', ')}`);
      if (res.wakeAt !== undefined) this.wakeAt(uid, res.wakeAt - Date.now());
    } catch (err) {
      const msg = formatError(err);
      this.opts.log?.(`pod ${uid}: sync failed: ${msg}`);
      recordEvent(this.rt, uid, { type: 'Warning', reason: 'FailedSync', object: 'pod', message: msg });
      this.wakeAt(uid, RETRY_AFTER_ERROR_MS);
    }
  }

  private wakeAt(uid: string, delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(uid));
    const t = setTimeout(() => this.kick(uid), Math.max(0, delayMs) + 20);
    t.unref();
    this.timers.set(uid, t);
  }

  /** The engine restarted or the socket dropped: reconnect, then resync what was missed. */
  private reconnect(): void {
    if (this.stopped) return;
    this.reconnectTimer = setTimeout(() => {
      this.subscribe()
        .then(() => this.resyncAll())
        .catch(() => this.reconnect());
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }

  private async subscribe(): Promise<void> {
    const stream = await this.rt.docker.getEvents({
      filters: { type: ['container'], event: ['start', 'die', 'oom', 'destroy'], ...ownedFilter({ [LABEL_HOME]: this.rt.home }) },
    });
    this.stream = stream;
    const lines = new NdjsonDecoder();
    stream.on('data', (chunk: Buffer) => {
      for (const item of lines.push(chunk)) {
        if (!item.ok || !isJsonObject(item.value)) continue; // not an event line
        const uid = (item.value as DockerEvent).Actor?.Attributes?.[LABEL_POD_UID];
        // A burst (a Pod being built, a sandbox dying) settles before the sync looks.
        if (uid) this.kickSoon(uid);
      }
    });
    let gone = false;
    const again = () => {
      if (gone || this.stopped) return;
      gone = true;
      if (this.stream === stream) this.stream = undefined;
      this.reconnect();
    };
    stream.on('end', again);
    stream.on('error', again);
  }
}
