// The inspector: one exact, cheap, live snapshot of the processes and namespaces of Pods.
// A refresh is ONE `list` call (which containers belong to which Pod) plus one request line to the
// helper container over its open attach connection (what the kernel says about them): O(1) engine
// calls whatever the number of Pods. The first refresh also pays for create + attach + start.
import { PodlabError } from '../base/errors.js';
import { observePods, type PodSelector } from '../pods/sync/observe.js';
import type { PodRuntime } from '../pods/runtime.js';
import { assembleSnapshot, containerNamespaces, liveContainerIds } from './assemble.js';
import { HELPER_CAPABILITIES, HelperGone, ProcHelper, privilegeError, type HelperSettings } from './helper.js';
import { deniedProcesses, parseProcDump, type ProcDump } from './proc-dump.js';
import { HELPER_IDLE_SECONDS } from './proc-script.js';
import type { NamespaceInodes, Snapshot } from './snapshot.js';
import { pollSnapshots } from './watch.js';

export type InspectSelector = Pick<PodSelector, 'name' | 'namespace' | 'uid'>;

export interface InspectorOptions {
  /** Bound on one answer of the helper (default 10 s). */
  requestTimeoutMs?: number;
  /** Bound on starting the helper (default 30 s). */
  startTimeoutMs?: number;
  /** The helper exits after this many seconds without a request (default 120). */
  idleSeconds?: number;
  /** Capabilities the helper gets (default SYS_PTRACE and DAC_READ_SEARCH); tests prove the privilege check with fewer. */
  helperCapabilities?: readonly string[];
}

export interface InspectWatchOptions {
  /** At most this long between refreshes (default 1000). */
  intervalMs?: number;
  sel?: InspectSelector;
  onError?: (e: unknown) => void;
}

const EMPTY_DUMP: ProcDump = { processes: [], threads: new Map(), namespaces: new Map(), unlistable: [] };

export class Inspector {
  private helper: ProcHelper | undefined;
  /** Requests to the helper, one after the other (it answers one at a time). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly watches = new Set<() => void>();
  private readonly settings: HelperSettings;
  /** Bumped by close(): a snapshot that began before must not start a new helper after it. */
  private generation = 0;

  constructor(
    private readonly rt: PodRuntime,
    opts: InspectorOptions = {},
  ) {
    this.settings = {
      image: rt.config.toolboxImage,
      home: rt.home,
      requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
      startTimeoutMs: opts.startTimeoutMs ?? 30_000,
      idleSeconds: opts.idleSeconds ?? HELPER_IDLE_SECONDS,
      capabilities: opts.helperCapabilities ?? HELPER_CAPABILITIES,
    };
  }

  /**
   * One snapshot of the selected Pods (all of this home's Pods by default). `engineCalls` counts
   * the Engine API calls it made: the list call, and the helper's create/attach/start when it had
   * to be (re)started; the request itself rides the open attach connection.
   */
  async snapshot(sel: InspectSelector = {}): Promise<Snapshot> {
    let calls = 0;
    const count = () => void calls++;
    const generation = this.generation;
    count();
    const pods = await observePods(this.rt, sel, false);
    const ids = liveContainerIds(pods);
    const dump = ids.length ? await this.exclusive(() => this.dump(ids, count, generation)) : EMPTY_DUMP;
    return { takenAt: new Date().toISOString(), pods: assembleSnapshot(pods, dump), engineCalls: calls };
  }

  /** Namespace inodes of running containers outside Pods (a lab's by-hand containers), by id: one helper request, no list call. */
  async namespacesOf(ids: string[]): Promise<Map<string, NamespaceInodes>> {
    const generation = this.generation;
    const dump = ids.length ? await this.exclusive(() => this.dump(ids, () => undefined, generation)) : EMPTY_DUMP;
    return containerNamespaces(dump, ids);
  }

  /**
   * Snapshots at ≤ intervalMs while subscribed; the listener sees the first one and then only
   * changes (takenAt and engineCalls aside). Returns the unsubscribe function.
   */
  watch(listener: (s: Snapshot) => void, opts: InspectWatchOptions = {}): () => void {
    const stop = pollSnapshots(() => this.snapshot(opts.sel), listener, {
      ...(opts.intervalMs !== undefined ? { intervalMs: opts.intervalMs } : {}),
      ...(opts.onError ? { onError: opts.onError } : {}),
    });
    const unsubscribe = () => {
      this.watches.delete(unsubscribe);
      stop();
    };
    this.watches.add(unsubscribe);
    return unsubscribe;
  }

  /**
   * Ends every watch and removes the helper container. The Inspector can be used again
   * afterwards: the next snapshot starts a fresh helper.
   */
  async close(): Promise<void> {
    for (const unsubscribe of [...this.watches]) unsubscribe();
    this.generation++;
    await this.exclusive(async () => {
      const helper = this.helper;
      this.helper = undefined;
      await helper?.stop();
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async liveHelper(count: () => void, generation: number): Promise<ProcHelper> {
    if (this.helper?.alive) return this.helper;
    if (generation !== this.generation) {
      throw new PodlabError('INTERNAL', 'the inspector was closed while this snapshot was being taken', { hint: 'take the snapshot again' });
    }
    // An ended helper is gone already (AutoRemove); one that only lost its connection exits by
    // itself once idle, so neither needs another engine call here.
    this.helper = undefined;
    this.helper = await ProcHelper.start(this.rt.docker, this.settings, count);
    return this.helper;
  }

  /** Asks the helper; once more with a fresh helper when it had ended, or when a read looked like a race. */
  private async dump(ids: string[], count: () => void, generation: number): Promise<ProcDump> {
    for (let attempt = 1; ; attempt++) {
      const helper = await this.liveHelper(count, generation);
      let text: string;
      try {
        text = await helper.request(ids);
      } catch (err) {
        if (err instanceof HelperGone) {
          if (attempt < 2) continue;
          throw new PodlabError('INTERNAL', `the inspector's helper container ended while answering: ${err.message}`, {
            hint: 'try again; `docker ps -a --filter label=io.podlab.role=inspector` shows the helper',
          });
        }
        throw err;
      }
      const dump = parseProcDump(text);
      // Links listed but none readable: missing privileges — or a process that vanished between
      // two reads, which a second look tells apart.
      const denied = deniedProcesses(dump);
      if (!denied.length) return dump;
      if (attempt >= 2) throw privilegeError(denied);
    }
  }
}
