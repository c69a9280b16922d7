// The engine facade: one object per Docker connection that every front door (the CLI, Electron's
// main process, the WebSocket transport) calls. It holds no Pod state of its own.
import type Docker from 'dockerode';
import { loadConfig, type PodlabConfig } from './base/config.js';
import { connectDocker, type DockerConnection } from './docker/connect.js';
import type { Endpoint } from './docker/client.js';
import { applyPods, type ApplyOptions, type ApplyResult } from './pods/apply.js';
import { describePod, listPods, type PodDescription } from './pods/describe.js';
import { podLogs, type LogsOptions } from './pods/logs.js';
import { planPod, type PodPlan } from './pods/sync/plan.js';
import { removePods, type RemoveResult } from './pods/remove.js';
import { createRuntime, type PodRuntime } from './pods/runtime.js';
import { observePods, type PodSelector } from './pods/sync/observe.js';
import type { ParsedPod } from './pods/manifest/spec.js';
import type { PodStatus } from './pods/sync/status.js';
import { Supervisor, type SupervisorOptions } from './pods/supervisor/supervisor.js';
import { acquireSupervisorLock, type ConnectionHandler, type SupervisorLock } from './pods/supervisor/lock.js';
import type { Writable } from 'node:stream';
import { waitForPods, type WaitOutcome } from './pods/wait.js';
import { Inspector } from './inspect/inspector.js';
import type { Snapshot } from './inspect/snapshot.js';

export class Engine {
  readonly rt: PodRuntime;
  /** The supervisor running in this process, when this process holds the lock. */
  private localSupervisor: Supervisor | undefined;
  private inspectorInstance: Inspector | undefined;

  private constructor(
    readonly connection: DockerConnection,
    readonly config: PodlabConfig,
  ) {
    this.rt = createRuntime(connection.docker, config, connection.version.apiVersion);
  }

  static async connect(config: PodlabConfig = loadConfig()): Promise<Engine> {
    return new Engine(await connectDocker(config), config);
  }

  get docker(): Docker {
    return this.connection.docker;
  }

  get endpoint(): Endpoint {
    return this.connection.endpoint;
  }

  apply(pods: ParsedPod[], opts: ApplyOptions = {}): Promise<ApplyResult[]> {
    return applyPods(this.rt, pods, {
      ...opts,
      onCreated: (uid) => {
        this.localSupervisor?.kick(uid);
        opts.onCreated?.(uid);
      },
    });
  }

  /** The exact Engine API payloads a Pod becomes (uid and time are placeholders until apply). */
  plan(pod: ParsedPod, group = 'default'): PodPlan {
    return planPod(pod.pod, { uid: '<uid>', group, home: this.rt.home, pauseImage: this.config.pauseImage, apiVersion: this.rt.apiVersion, createdAt: '<now>' });
  }

  list(sel?: PodSelector): Promise<PodStatus[]> {
    return listPods(this.rt, sel);
  }

  /** Whether this home has any Pod: one list call, no per-container inspect. */
  async hasPods(): Promise<boolean> {
    return (await observePods(this.rt, {}, false)).length > 0;
  }

  describe(name: string, namespace?: string): Promise<PodDescription> {
    return describePod(this.rt, name, namespace);
  }

  logs(name: string, container: string | undefined, out: Writable, err: Writable, opts?: LogsOptions): Promise<void> {
    return podLogs(this.rt, name, container, out, err, opts);
  }

  /** Processes and namespaces of the selected Pods (all by default): O(1) engine calls. */
  inspect(sel: { name?: string; namespace?: string; uid?: string } = {}): Promise<Snapshot> {
    return this.inspector.snapshot(sel);
  }

  /** The inspector (and its helper container) is made on first use and lives with this engine. */
  get inspector(): Inspector {
    return (this.inspectorInstance ??= new Inspector(this.rt));
  }

  /** Stops what this engine started in Docker for itself (the inspector's helper). */
  async close(): Promise<void> {
    await this.inspectorInstance?.close();
  }

  wait(uids: string[], timeoutMs: number): Promise<WaitOutcome[]> {
    return waitForPods(this.rt, uids, timeoutMs);
  }

  remove(sel: PodSelector & { all?: boolean }, opts?: { graceSeconds?: number }): Promise<RemoveResult[]> {
    return removePods(this.rt, sel, opts);
  }

  /**
   * Runs the supervisor in this process if no other process holds the lock. Returns null when
   * another supervisor (the CLI's daemon, another window) already does the job.
   */
  async startSupervisor(opts?: SupervisorOptions & { serve?: ConnectionHandler }): Promise<{ supervisor: Supervisor; stop: () => Promise<void> } | null> {
    const lock: SupervisorLock | null = await acquireSupervisorLock(this.config.stateDir, opts?.serve);
    if (!lock) return null;
    const supervisor = new Supervisor(this.rt, opts);
    try {
      await supervisor.start();
    } catch (err) {
      await lock.release();
      throw err;
    }
    this.localSupervisor = supervisor;
    return {
      supervisor,
      stop: async () => {
        this.localSupervisor = undefined;
        await supervisor.stop();
        await lock.release();
      },
    };
  }
}
