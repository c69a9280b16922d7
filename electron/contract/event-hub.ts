// The contract's events for every front door: one producer per channel, started by the first
// subscriber and stopped with the last, its latest payload handed to a late subscriber at once.
// The window over IPC and each browser over the WebSocket subscribe here; nothing is read from the
// engine while nobody listens.
import type { Engine } from '../engine/engine.js';
import { listLabs } from '../engine/engine.js';
import { errorToJSON, formatError } from '../engine/base/errors.js';
import type { EngineHealth, EventChannel, EventPayloads } from './events.js';
import { pollChanges } from './poll-changes.js';

/** What the hub reads: the Pod list, the inspector's snapshots and the labs' own checks. */
export type HubEngine = Pick<Engine, 'list' | 'inspector' | 'watchLab' | 'config'>;

export interface EventHubOptions {
  /** How often the Pod list is read while somebody listens (default 1 s). */
  podsIntervalMs?: number;
  log?: (line: string) => void;
}

type Listener<C extends EventChannel> = (payload: EventPayloads[C]) => void;

interface Channel {
  listeners: Set<(payload: never) => void>;
  last: unknown;
  has: boolean;
  stop?: () => void;
}

export class EventHub {
  private readonly channels = new Map<EventChannel, Channel>();
  /** Running labs being watched, by id: their own check loops (labs/watch.ts). */
  private readonly labWatches = new Map<string, () => void>();
  /** The last failure logged per source: a steady outage is logged once, not every second. */
  private readonly lastErrors = new Map<string, string>();
  /** What the last Pod list read found of the engine (engine.changed), kept while nobody listens. */
  private health: EngineHealth | undefined;
  private healthKey = '';

  constructor(
    private readonly engine: () => Promise<HubEngine>,
    private readonly opts: EventHubOptions = {},
  ) {}

  subscribe<C extends EventChannel>(channel: C, listener: Listener<C>): () => void {
    let ch = this.channels.get(channel);
    if (!ch) {
      ch = { listeners: new Set(), last: undefined, has: false };
      this.channels.set(channel, ch);
    }
    const entry = ch;
    entry.listeners.add(listener);
    if (entry.has) listener(entry.last as EventPayloads[C]);
    if (entry.listeners.size === 1) entry.stop = this.produce(channel, (payload) => this.emit(channel, payload));
    return () => {
      if (!entry.listeners.delete(listener) || entry.listeners.size) return;
      entry.stop?.();
      this.channels.delete(channel);
    };
  }

  /** Subscribers of a channel now (for tests: a closed socket or window leaves none behind). */
  listenerCount(channel: EventChannel): number {
    return this.channels.get(channel)?.listeners.size ?? 0;
  }

  /**
   * A lab may have started or stopped (a labs.* call went through a front door): watch exactly the
   * running labs. Cheap: reads the labs' progress files.
   */
  labsTouched(): void {
    if (this.listenerCount('labs.changed')) void this.syncLabWatches();
  }

  /** Stops every producer (the front door is going away). */
  close(): void {
    for (const ch of this.channels.values()) ch.stop?.();
    this.channels.clear();
  }

  private emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]): void {
    const ch = this.channels.get(channel);
    if (!ch) return;
    ch.last = payload;
    ch.has = true;
    for (const l of [...ch.listeners]) (l as Listener<C>)(payload);
  }

  private setHealth(health: EngineHealth): void {
    const key = JSON.stringify(health);
    if (key === this.healthKey) return;
    this.healthKey = key;
    this.health = health;
    this.emit('engine.changed', health);
  }

  private fail(what: string, err: unknown): void {
    const text = `${what}: ${formatError(err)}`;
    if (text !== this.lastErrors.get(what)) this.opts.log?.(text);
    this.lastErrors.set(what, text);
  }

  private produce<C extends EventChannel>(channel: C, emit: (payload: EventPayloads[C]) => void): () => void {
    switch (channel) {
      case 'pods.changed': {
        const poller = pollChanges(
          async () => {
            try {
              const pods = await (await this.engine()).list();
              this.setHealth({ connected: true });
              return pods;
            } catch (err) {
              this.setHealth({ connected: false, error: errorToJSON(err) });
              throw err;
            }
          },
          (pods) => {
            this.lastErrors.clear();
            emit(pods as EventPayloads[C]);
            // A lab started or stopped from elsewhere changes the Pods too.
            this.labsTouched();
          },
          { intervalMs: this.opts.podsIntervalMs ?? 1000, onError: (err) => this.fail('listing Pods failed', err) },
        );
        return () => poller.stop();
      }
      case 'inspect.changed':
        return this.whenConnected((engine) =>
          engine.inspector.watch((snap) => emit(snap as EventPayloads[C]), { onError: (err) => this.fail('inspecting Pods failed', err) }),
        );
      case 'engine.changed': {
        // The Pod poller reads the engine anyway: its outcome is the engine's health.
        if (this.health) emit(this.health as EventPayloads[C]);
        return this.subscribe('pods.changed', () => undefined);
      }
      case 'labs.changed': {
        void this.syncLabWatches();
        // Pods appearing or going away is when labs start and stop: follow them while watching labs.
        const unsub = this.subscribe('pods.changed', () => undefined);
        return () => {
          unsub();
          for (const stop of this.labWatches.values()) stop();
          this.labWatches.clear();
        };
      }
    }
  }

  /** Runs `start` once an engine answers; stops what it started, or never starts it, on unsubscribe. */
  private whenConnected(start: (engine: HubEngine) => () => void): () => void {
    let stop: (() => void) | undefined;
    let cancelled = false;
    const attempt = (): void => {
      this.engine().then(
        (engine) => {
          if (!cancelled) stop = start(engine);
        },
        (err: unknown) => {
          // No engine yet (the doctor explains): try again, as the Pod poller does.
          this.fail('no engine for events', err);
          if (!cancelled) retry = setTimeout(attempt, 2000);
        },
      );
    };
    let retry: ReturnType<typeof setTimeout> | undefined;
    attempt();
    return () => {
      cancelled = true;
      if (retry) clearTimeout(retry);
      stop?.();
    };
  }

  private syncing = false;
  private syncAgain = false;

  private async syncLabWatches(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    try {
      do {
        this.syncAgain = false;
        const engine = await this.engine();
        const running = new Set((await listLabs(engine.config.labsDir, engine.config.stateDir)).filter((l) => l.progress.running).map((l) => l.id));
        if (!this.listenerCount('labs.changed')) return;
        for (const [id, stop] of this.labWatches) {
          if (running.has(id)) continue;
          stop();
          this.labWatches.delete(id);
        }
        for (const id of running) {
          if (this.labWatches.has(id)) continue;
          this.labWatches.set(
            id,
            engine.watchLab(id, (report) => this.emit('labs.changed', report), { onError: (err) => this.fail(`checking lab ${id} failed`, err) }),
          );
        }
      } while (this.syncAgain);
    } catch (err) {
      this.fail('reading the labs failed', err);
    } finally {
      this.syncing = false;
    }
  }
}
