// Evaluating one step of a running lab: read only what its checks look at (the Pod statuses, the
// inspector's snapshot, the by-hand containers), answer the declarative checks from that, and run
// `script`/`file` checks through exec at most once a second each (a younger answer is reused).
import type { Bilingual } from '../base/lang.js';
import type { Inspector } from '../inspect/inspector.js';
import type { Snapshot } from '../inspect/snapshot.js';
import { listPods } from '../pods/list.js';
import type { PodRuntime } from '../pods/runtime.js';
import type { PodStatus } from '../pods/sync/status.js';
import { readByHand } from './by-hand.js';
import { evaluateEffectful, evaluatePure } from './checks/evaluate.js';
import { runsCommand, tagCheck, type CheckKind, type TaggedCheck } from './checks/schema.js';
import type { CheckResult, CheckWorld } from './checks/world.js';
import type { LoadedLab } from './load.js';
import type { LabProgress } from './progress.js';
import { findTerminal, runIn, terminalTarget } from './run-in.js';

export interface CheckOutcome {
  kind: CheckKind;
  pass: boolean;
  message: Bilingual;
}

export interface CheckReport {
  lab: string;
  step: string;
  /** 0-based index of the step. */
  index: number;
  pass: boolean;
  checks: CheckOutcome[];
}

/** How long a command check's answer stands before it may run again. */
export const COMMAND_CHECK_INTERVAL_MS = 1000;
const CHECK_TIMEOUT_MS = 10_000;

const NEEDS_PODS = new Set<CheckKind>(['podPhase', 'container', 'sandbox']);
const NEEDS_SNAPSHOT = new Set<CheckKind>(['namespaces', 'process', 'zombies', 'joined']);

export class StepChecker {
  private readonly cache = new Map<string, { at: number; result: CheckResult }>();

  constructor(
    private readonly rt: PodRuntime,
    private readonly inspector: Inspector,
    /** The environment of host commands (see host-env.ts). */
    private readonly hostEnv: () => Promise<Record<string, string>>,
  ) {}

  /** Forgets every remembered command-check answer (after a reset, a start). */
  forget(lab: string): void {
    for (const k of [...this.cache.keys()]) if (k.startsWith(`${lab}/`)) this.cache.delete(k);
  }

  /**
   * The step's checks, all evaluated. A watch hands in the snapshot and Pod statuses it already
   * has; `fresh` runs command checks even when their last answer is younger than a second.
   */
  async evaluate(loaded: LoadedLab, index: number, progress: LabProgress, opts: { fresh?: boolean; snapshot?: Snapshot; pods?: PodStatus[] } = {}): Promise<CheckReport> {
    const step = loaded.lab.steps[index];
    if (!step) throw new Error(`lab ${loaded.id} has no step ${index}`);
    const checks = step.checks.map(tagCheck);
    const world = await this.readWorld(loaded, checks, progress, opts.snapshot, opts.pods);
    const outcomes = await Promise.all(
      checks.map(async (c, i): Promise<CheckOutcome> => {
        const r = evaluatePure(c, world) ?? (await this.effectful(loaded, `${loaded.id}/${index}/${i}`, c, opts.fresh ?? false));
        return { kind: c.kind, ...r };
      }),
    );
    return { lab: loaded.id, step: step.id, index, pass: outcomes.every((o) => o.pass), checks: outcomes };
  }

  private async readWorld(loaded: LoadedLab, checks: TaggedCheck[], progress: LabProgress, given?: Snapshot, givenPods?: PodStatus[]): Promise<CheckWorld> {
    const kinds = new Set(checks.map((c) => c.kind));
    const needsSnapshot = [...kinds].some((k) => NEEDS_SNAPSHOT.has(k));
    const needsPods = [...kinds].some((k) => NEEDS_PODS.has(k)) || (needsSnapshot && !given);
    const pods: PodStatus[] = givenPods ?? (needsPods ? await listPods(this.rt, { group: loaded.id }) : []);
    let snapshot: Snapshot['pods'] = [];
    if (needsSnapshot) {
      const snap = given ?? (pods.length ? await this.inspector.snapshot() : undefined);
      const uids = given ? undefined : new Set(pods.map((p) => p.uid));
      const mine = new Set(loaded.pods.map((p) => p.pod.metadata.name));
      snapshot = (snap?.pods ?? []).filter((p) => (uids ? uids.has(p.uid) : mine.has(p.pod)));
    }
    const byHand = kinds.has('joined') ? (await readByHand(this.rt.docker, this.inspector, loaded.lab.byHand, progress)).containers : [];
    return { pods, snapshot, byHand };
  }

  private async effectful(loaded: LoadedLab, key: string, c: TaggedCheck, fresh: boolean): Promise<CheckResult> {
    const last = this.cache.get(key);
    if (!fresh && last && Date.now() - last.at < COMMAND_CHECK_INTERVAL_MS) return last.result;
    const env = await this.hostEnv();
    const result = await evaluateEffectful(c, {
      stateDir: this.rt.config.stateDir,
      labDir: loaded.dir,
      runner: (check) => (argv) => runIn(this.rt, commandTarget(loaded, check, env), argv, CHECK_TIMEOUT_MS),
    }).catch((err: unknown): CheckResult => {
      const text = err instanceof Error ? err.message : String(err);
      return { pass: false, message: { en: `the check could not run: ${text}`, zh: `检查无法运行：${text}` } };
    });
    if (runsCommand(c)) this.cache.set(key, { at: Date.now(), result });
    return result;
  }
}

/** Where a command check runs: its terminal, its Pod container, or the host. */
function commandTarget(loaded: LoadedLab, c: TaggedCheck, env: Record<string, string>) {
  if (c.kind === 'file') return { kind: 'container' as const, pod: c.spec.pod, container: c.spec.container };
  if (c.kind !== 'script') throw new Error(`${c.kind} runs no command`);
  if (c.spec.terminal !== undefined) return terminalTarget(findTerminal(loaded.lab, c.spec.terminal), loaded.dir, env);
  if (c.spec.host) return { kind: 'host' as const, cwd: loaded.dir, env };
  return { kind: 'container' as const, pod: c.spec.pod ?? '', ...(c.spec.container !== undefined ? { container: c.spec.container } : {}) };
}
