// One connection's watch on its container (and the Pod sandbox it joined), and why it ended, in
// words: the container's exit code, the sandbox that died with it (or was already rebuilt), or the
// Pod that was deleted — what the session's banner, its `exit` event and `podlab exec` report.
import { PodlabError } from '../base/errors.js';
import { findPod, type ResolvedContainer } from '../pods/resolve.js';
import type { PodRuntime } from '../pods/runtime.js';
import { currentSandbox } from '../pods/sync/observe.js';
import { containerEnd, type ContainerEvents, type ContainerGone } from '../docker/container-events.js';
import type { Timers } from './timers.js';

/** A container and its sandbox die together in either order: how long to wait for the other event. */
export const SETTLE_MS = 1_000;

/** An exit code that may be a kill from outside (the container's end) rather than the process's own. */
const bySignal = (code: number | null) => code === null || code >= 128;

export class ContainerWatch {
  /** The container's end, once its event came. */
  private gone: ContainerGone | undefined;
  private sandboxGone = false;
  private closed = false;
  private goneCb: (() => void) | undefined;
  private readonly wake = new Set<() => void>();
  private unwatch: () => void = () => undefined;

  private constructor(
    private readonly rt: PodRuntime,
    private readonly timers: Timers,
    private readonly r: ResolvedContainer,
    private readonly sandboxId: string | undefined,
  ) {}

  /** Watches the resolved container and its sandbox; resolves once no end of theirs can be missed. */
  static async open(events: ContainerEvents, rt: PodRuntime, timers: Timers, r: ResolvedContainer): Promise<ContainerWatch> {
    const sandboxName = r.pod.containers.find((c) => c.id === r.id)?.sandbox;
    const sandboxId = r.pod.sandboxes.find((s) => s.dockerName === sandboxName)?.id;
    const w = new ContainerWatch(rt, timers, r, sandboxId);
    w.unwatch = await events.watch(sandboxId ? [r.id, sandboxId] : [r.id], (e) => w.seen(e));
    return w;
  }

  /** Calls `cb` once, when the container dies or is removed (at once if that happened already). */
  onGone(cb: () => void): void {
    this.goneCb = cb;
    if (this.gone) cb();
  }

  /**
   * The exec's stream ended with the process's exit code: the container's end if it ended too.
   * A kill can close the stream a moment before the engine reports the container's death.
   */
  async ended(processExit: number | null): Promise<ContainerGone | undefined> {
    if (!this.gone && bySignal(processExit)) {
      await this.until(() => !!this.gone, SETTLE_MS);
      if (!this.gone) await this.inspectOnce(); // in case the event stream itself was down
    }
    return this.gone;
  }

  /** Why the container ended, e.g. "container web exited (137): the Pod's sandbox was rebuilt". */
  async reason(g: ContainerGone): Promise<string> {
    const what = `container ${this.r.container}`;
    const head = g.exitCode !== null ? `${what} exited (${g.exitCode})` : g.action === 'destroy' ? `${what} was removed` : `${what} exited`;
    const { uid, name, namespace } = this.r.pod;
    if (await this.rt.records.isDeleting(uid)) return `${head}: the Pod was deleted`;
    if (!this.sandboxGone && bySignal(g.exitCode)) await this.until(() => this.sandboxGone, SETTLE_MS);
    let sandbox: string | undefined;
    try {
      const pod = await findPod(this.rt, name, namespace, { detail: false });
      if (pod.uid !== uid) return `${head}: the Pod was deleted (a new one has its name)`;
      sandbox = currentSandbox(pod)?.id;
    } catch (err) {
      if (err instanceof PodlabError && err.code === 'POD_NOT_FOUND') return `${head}: the Pod was deleted`;
      return head; // the engine did not answer: say what is certain
    }
    if (!this.sandboxGone) return head;
    return `${head}: the Pod's sandbox ${sandbox && sandbox !== this.sandboxId ? 'was rebuilt' : 'died'}`;
  }

  /** Stops watching; pending waits end at once. */
  close(): void {
    this.closed = true;
    this.unwatch();
    for (const w of [...this.wake]) w();
  }

  private seen(e: ContainerGone): void {
    if (e.id === this.r.id) {
      if (this.gone) return; // destroy after die: the die said it all
      this.gone = e;
      this.goneCb?.();
    } else {
      this.sandboxGone = true;
    }
    for (const w of [...this.wake]) w();
  }

  /** Resolves when `cond` holds (checked on each event), after `ms` at the latest, or on close. */
  private until(cond: () => boolean, ms: number): Promise<void> {
    if (cond() || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        timer.cancel();
        this.wake.delete(check);
        resolve();
      };
      const check = () => {
        if (cond() || this.closed) done();
      };
      const timer = this.timers.after(ms, done);
      this.wake.add(check);
    });
  }

  private async inspectOnce(): Promise<void> {
    const end = await containerEnd(this.rt.docker, this.r.id);
    if (end) this.seen(end);
  }
}
