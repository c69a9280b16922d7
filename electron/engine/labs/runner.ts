// The lab runner: start a lab (its Pods applied as group = lab id, images ensured with progress),
// say where the learner is, check a step on demand, reset in one action (the lab's Pods and
// volumes and the learner's by-hand containers removed, everything applied again), stop and finish.
// Progress lives in the state directory, so a restart of Podlab resumes where the learner was.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PodlabError } from '../base/errors.js';
import { statusOf } from '../docker/errors.js';
import { forgetSchedRecord } from '../sched/record.js';
import type { Inspector } from '../inspect/inspector.js';
import type { ApplyOptions, ApplyProgress, ApplyResult } from '../pods/apply.js';
import type { ParsedPod } from '../pods/manifest/spec.js';
import { removePods } from '../pods/remove.js';
import type { PodRuntime } from '../pods/runtime.js';
import { observePods } from '../pods/sync/observe.js';
import { listByName, preexisting, readByHand, removeAdopted } from './by-hand.js';
import { hostEnv } from './host-env.js';
import { findLab, LAB_FILE, loadLab, loadLabs, type LoadedLab } from './load.js';
import { freshProgress, readProgress, writeProgress, type LabProgress } from './progress.js';
import { labStatus, labSummary, type LabStatus, type LabSummary } from './status.js';
import { StepChecker, type CheckReport } from './step-check.js';

export interface LabRunnerDeps {
  rt: PodRuntime;
  inspector: Inspector;
  labsDir: string;
  /** The facade's apply (it also wakes this process's supervisor). */
  apply(pods: ParsedPod[], opts: ApplyOptions): Promise<ApplyResult[]>;
}

/** What start and reset report while they work: image pulls and Pod steps, and the lab's own phases. */
export type LabProgressEvent = ApplyProgress | { kind: 'lab'; lab: string; phase: 'removing' | 'applying' | 'ready' | 'stopped'; message?: string };
export type LabProgressListener = (p: LabProgressEvent) => void;

/** Every lab of the labs directory with the learner's progress, broken ones with their problems. Needs no engine. */
export async function listLabs(labsDir: string, stateDir: string): Promise<LabSummary[]> {
  return Promise.all(loadLabs(labsDir).map(async (e) => labSummary(e, await readProgress(stateDir, e.id))));
}

/** Checks lab folders, or folders of labs. Needs no engine. */
export function validateLabs(dirs: string[]): LabSummary[] {
  return dirs.flatMap((d) => (existsSync(path.join(d, LAB_FILE)) ? [loadLab(d)] : loadLabs(d))).map((e) => labSummary(e, freshProgress(e.id)));
}

export class LabRunner {
  readonly checker: StepChecker;
  /** One change at a time per lab in this process (a watch and a reset never interleave). */
  private readonly queues = new Map<string, Promise<unknown>>();

  private env: Promise<Record<string, string>> | undefined;

  constructor(readonly deps: LabRunnerDeps) {
    this.checker = new StepChecker(deps.rt, deps.inspector, () => this.hostEnv());
  }

  /** What host commands and host terminals of labs run with: `podlab` of this engine on PATH. */
  hostEnv(): Promise<Record<string, string>> {
    return (this.env ??= hostEnv(this.stateDir, this.deps.labsDir));
  }

  get stateDir(): string {
    return this.deps.rt.config.stateDir;
  }

  lab(id: string): LoadedLab {
    return findLab(this.deps.labsDir, id);
  }

  async status(id: string): Promise<LabStatus> {
    const loaded = this.lab(id);
    const p = await readProgress(this.stateDir, id);
    return this.statusOf(loaded, p);
  }

  async start(id: string, onProgress?: LabProgressListener): Promise<LabStatus> {
    return this.exclusive(id, async () => this.bringUp(this.lab(id), await readProgress(this.stateDir, id), onProgress));
  }

  /**
   * One action back to a clean lab: the lab's Pods (group = lab id) and their volumes and the
   * learner's by-hand containers removed, the Pods applied again, and (unless `keepProgress`) the
   * progress back to the first step. Terminals reconnect by themselves to the new containers.
   */
  async reset(id: string, opts: { keepProgress?: boolean; onProgress?: LabProgressListener } = {}): Promise<LabStatus> {
    return this.exclusive(id, async () => {
      const loaded = this.lab(id);
      const p = await readProgress(this.stateDir, id);
      await this.teardown(loaded, p, opts.onProgress);
      // The learner's simulator runs are progress too: kept with it, else forgotten, or a step
      // would pass before the learner did it.
      if (!opts.keepProgress) await forgetSchedRuns(this.stateDir, loaded);
      const kept = opts.keepProgress ? p : { ...freshProgress(id), running: p.running, byHand: p.byHand, ...(p.startedAt ? { startedAt: p.startedAt } : {}) };
      return this.bringUp(loaded, kept, opts.onProgress);
    });
  }

  /** The lab running (since now, unless it ran already), its Pods applied, its progress saved. */
  private async bringUp(loaded: LoadedLab, p: LabProgress, onProgress?: LabProgressListener): Promise<LabStatus> {
    if (!p.running || !p.startedAt) {
      // By-hand containers made from now on are the learner's; those already here are not.
      p.startedAt = new Date().toISOString();
      p.byHand = { preexisting: await preexisting(this.deps.rt.docker, loaded.lab.byHand), adopted: [] };
    }
    p.running = true;
    delete p.finishedAt;
    this.checker.forget(loaded.id);
    await this.applyLab(loaded, onProgress);
    await writeProgress(this.stateDir, p);
    onProgress?.({ kind: 'lab', lab: loaded.id, phase: 'ready' });
    return this.statusOf(loaded, p);
  }

  /** Removes the lab's Pods and the learner's by-hand containers; progress is kept for the next start. */
  async stop(id: string, opts: { finish?: boolean; onProgress?: LabProgressListener } = {}): Promise<LabStatus> {
    return this.exclusive(id, async () => {
      const loaded = this.lab(id);
      const p = await readProgress(this.stateDir, id);
      await this.teardown(loaded, p, opts.onProgress);
      p.running = false;
      if (opts.finish) p.finishedAt = new Date().toISOString();
      this.checker.forget(id);
      await writeProgress(this.stateDir, p);
      opts.onProgress?.({ kind: 'lab', lab: id, phase: 'stopped' });
      return this.statusOf(loaded, p);
    });
  }

  /** The learner is done: recorded as finished, and the lab's containers go. */
  finish(id: string): Promise<LabStatus> {
    return this.stop(id, { finish: true });
  }

  /**
   * Evaluates a step's checks (default: the current step). When the current step passes, it is
   * recorded as passed and the next step becomes current. Asked for, command checks run now; with
   * `fresh: false` (the self-test's polling) one answered less than a second ago is reused.
   */
  async check(id: string, step?: string | number, opts: { fresh?: boolean } = {}): Promise<CheckReport> {
    return this.exclusive(id, async () => {
      const loaded = this.lab(id);
      const p = await readProgress(this.stateDir, id);
      const index = stepIndex(loaded, step ?? p.current);
      const report = await this.checker.evaluate(loaded, index, p, { fresh: opts.fresh ?? true });
      await this.record(loaded, p, report);
      return report;
    });
  }

  /** Records a passing step (and moves past it when it is the current one); saves new adoptions too. */
  async record(loaded: LoadedLab, p: LabProgress, report: CheckReport): Promise<void> {
    if (report.pass) {
      p.passed[report.step] ??= new Date().toISOString();
      if (report.index === p.current) p.current = Math.min(p.current + 1, loaded.lab.steps.length - 1);
    }
    await writeProgress(this.stateDir, p);
  }

  /** Runs `work` after any other change of the same lab in this process. */
  exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(id) ?? Promise.resolve()).then(work, work);
    this.queues.set(id, run.catch(() => undefined));
    return run;
  }

  private async statusOf(loaded: LoadedLab, p: LabProgress): Promise<LabStatus> {
    const all = await listByName(this.deps.rt.docker, loaded.lab.byHand);
    const adopted = new Set(p.byHand.adopted.map((a) => a.id));
    return labStatus(loaded, p, all.filter((c) => !adopted.has(c.id)).map((c) => ({ id: c.id, name: c.name })), await this.hostEnv());
  }

  private async applyLab(loaded: LoadedLab, onProgress?: LabProgressListener): Promise<void> {
    if (!loaded.pods.length) return;
    // A Pod of the same name in another group (another lab) would be taken over: refuse instead.
    const others = (await observePods(this.deps.rt, {}, false)).filter((o) => o.group !== loaded.id);
    for (const pod of loaded.pods) {
      const clash = others.find((o) => o.name === pod.pod.metadata.name && o.namespace === pod.pod.metadata.namespace);
      if (clash) {
        throw new PodlabError('POD_CONFLICT', `lab ${loaded.id} needs Pod ${clash.name}, which already exists in group ${clash.group}`, {
          hint: `remove it first: \`podlab pod rm --all --group ${clash.group}\` (or stop that lab)`,
        });
      }
    }
    onProgress?.({ kind: 'lab', lab: loaded.id, phase: 'applying' });
    await this.deps.apply(loaded.pods, { group: loaded.id, force: true, ...(onProgress ? { onProgress } : {}) });
  }

  private async teardown(loaded: LoadedLab, p: LabProgress, onProgress?: LabProgressListener): Promise<void> {
    onProgress?.({ kind: 'lab', lab: loaded.id, phase: 'removing' });
    // Adopt what the learner made since the last look, so it goes too; then remove exactly that.
    await readByHand(this.deps.rt.docker, undefined, loaded.lab.byHand, p);
    await removeAdopted(this.deps.rt.docker, p);
    // The supervisor may be making a container of a Pod just as it goes (a restart already under
    // way): what that leaves behind keeps a volume in use, and a second pass removes it.
    for (let attempt = 1; ; attempt++) {
      try {
        await removePods(this.deps.rt, { all: true, group: loaded.id }, { graceSeconds: 0 });
        return;
      } catch (err) {
        if (attempt >= 3 || statusOf(err) !== 409) throw err;
      }
    }
  }
}

/** A step by id or 0-based index. */
export function stepIndex(loaded: LoadedLab, step: string | number): number {
  const steps = loaded.lab.steps;
  const i = typeof step === 'number' ? step : /^\d+$/.test(step) ? Number(step) - 1 : steps.findIndex((s) => s.id === step);
  if (i < 0 || i >= steps.length) {
    throw new PodlabError('USAGE', `lab ${loaded.id} has no step "${String(step)}"`, { hint: `its steps: ${steps.map((s, n) => `${n + 1}. ${s.id}`).join(', ')}` });
  }
  return i;
}

/** Forgets the recorded `podlab sched run`s that this lab's `scheduled` checks read. */
async function forgetSchedRuns(stateDir: string, loaded: LoadedLab): Promise<void> {
  const runs = loaded.lab.steps.flatMap((step) => step.checks.flatMap((c) => ('scheduled' in c && c.scheduled ? [c.scheduled] : [])));
  await Promise.all(runs.map((r) => forgetSchedRecord(stateDir, path.join(loaded.dir, r.scenario), r.mode)));
}
