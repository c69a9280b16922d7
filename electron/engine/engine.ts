// The engine facade: one object per Docker connection that every front door (the CLI, Electron's
// main process, the WebSocket transport) calls. It holds no Pod state of its own.
import type Docker from 'dockerode';
import { loadConfig, type PodlabConfig } from './base/config.js';
import { connectDocker, type DockerConnection } from './docker/connect.js';
import type { Endpoint } from './docker/client.js';
import { applyPods, type ApplyOptions, type ApplyResult } from './pods/apply.js';
import { describePod, type PodDescription } from './pods/describe.js';
import { listPods } from './pods/list.js';
import { findPod, pickContainer, podNotFound, type ContainerChoice } from './pods/resolve.js';
import { podLogs, type LogsOptions } from './pods/logs.js';
import { planPod, type PodPlan } from './pods/sync/plan.js';
import { removePods, type RemoveOptions, type RemoveResult } from './pods/remove.js';
import { createRuntime, type PodRuntime } from './pods/runtime.js';
import { observePods, type PodSelector } from './pods/sync/observe.js';
import type { ParsedPod } from './pods/manifest/spec.js';
import type { PodStatus } from './pods/sync/status.js';
import { Supervisor, type SupervisorOptions } from './pods/supervisor/supervisor.js';
import { acquireSupervisorLock, type ConnectionHandler, type SupervisorLock } from './pods/supervisor/lock.js';
import type { Writable } from 'node:stream';
import { waitForPods, type WaitOutcome } from './pods/wait.js';
import { Inspector } from './inspect/inspector.js';
import { buildImages, type BuildImagesOptions, type BuiltImage } from './images/build.js';
import { listImages, type ListedImage } from './images/list.js';
import { execInPod, type ExecOptions } from './pods/exec.js';
import { TerminalHost } from './terminals/host.js';
import type { Snapshot } from './inspect/snapshot.js';
import { LabRunner } from './labs/runner.js';
import { selfTest, type SelfTestOptions, type SelfTestReport } from './labs/self-test.js';
import type { CheckReport } from './labs/step-check.js';
import { watchLab, type LabWatchOptions } from './labs/watch.js';

// Parsing needs no engine: a broken manifest is reported even when Docker is down.
export { parsePodManifests } from './pods/manifest/parse.js';
export { parseManifestSet, type ManifestText } from './pods/manifest/parse-set.js';
// So does the gang-scheduling simulator: `podlab sched run` works with no Docker engine at all.
export { runScenario, simulateScenario } from './sched/run.js';
export { formatMemory } from './sched/memory.js';

// Listing and validating labs reads files only: `podlab lab ls` and `lab validate` work without Docker.
export { listLabs, validateLabs } from './labs/runner.js';

export class Engine {
  readonly rt: PodRuntime;
  /** The supervisor running in this process, when this process holds the lock. */
  private localSupervisor: Supervisor | undefined;
  private inspectorInstance: Inspector | undefined;
  private labRunner: LabRunner | undefined;

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

  /** The container a command means (named, annotated as default, or the first), and kubectl's notice when it defaulted. */
  async chooseContainer(pod: string, namespace?: string, container?: string): Promise<ContainerChoice> {
    return pickContainer(await findPod(this.rt, pod, namespace, { detail: false }), container);
  }

  logs(name: string, container: string | undefined, out: Writable, err: Writable, opts?: LogsOptions): Promise<void> {
    return podLogs(this.rt, name, container, out, err, opts);
  }

  /** `exec` without a TTY: stdout and stderr kept apart; resolves with the command's exit code. */
  exec(pod: string, command: string[], out: Writable, err: Writable, opts?: ExecOptions): Promise<number> {
    return execInPod(this.rt, pod, command, out, err, opts);
  }

  private sharedTerminals: TerminalHost | undefined;
  /** The terminal host the front doors share (the window, browsers, the CLI through the supervisor); closed with the engine. */
  get terminalHost(): TerminalHost {
    return (this.sharedTerminals ??= new TerminalHost(this.rt));
  }

  /** Builds the pause and toolbox images (offline from host files, or from their Dockerfiles). */
  buildImages(opts?: BuildImagesOptions): Promise<BuiltImage[]> {
    return buildImages(this.docker, this.config, opts);
  }

  /** Podlab's own images and whether they are present. */
  listImages(): Promise<ListedImage[]> {
    return listImages(this.docker, this.config);
  }

  /** Processes and namespaces of the selected Pods (all by default): O(1) engine calls. A named Pod must exist. */
  async inspect(sel: { name?: string; namespace?: string; uid?: string } = {}): Promise<Snapshot> {
    const snap = await this.inspector.snapshot(sel);
    if (sel.name && !snap.pods.length) throw podNotFound(sel.name, sel.namespace ?? 'default');
    return snap;
  }

  /** The inspector (and its helper container) is made on first use and lives with this engine. */
  get inspector(): Inspector {
    return (this.inspectorInstance ??= new Inspector(this.rt));
  }

  /** The labs of config.labsDir: start, status, check, reset, stop, finish (made on first use). */
  get labs(): LabRunner {
    return (this.labRunner ??= new LabRunner({ rt: this.rt, inspector: this.inspector, labsDir: this.config.labsDir, apply: (pods, opts) => this.apply(pods, opts) }));
  }

  /** The current step of a running lab, checked again on every change; returns the unsubscribe function. */
  watchLab(id: string, listener: (r: CheckReport) => void, opts?: LabWatchOptions): () => void {
    return watchLab(this.labs, id, listener, opts);
  }

  /** The self-test of a lab: each step's checks fail, its solve runs, its checks pass. */
  testLab(id: string, opts?: SelfTestOptions): Promise<SelfTestReport> {
    return selfTest(this.labs, id, opts);
  }

  /** Stops what this engine started in Docker for itself (the inspector's helper). */
  async close(): Promise<void> {
    await this.sharedTerminals?.dispose();
    await this.inspectorInstance?.close();
  }

  wait(uids: string[], timeoutMs: number): Promise<WaitOutcome[]> {
    return waitForPods(this.rt, uids, timeoutMs);
  }

  remove(sel: PodSelector & { all?: boolean }, opts?: RemoveOptions): Promise<RemoveResult[]> {
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
