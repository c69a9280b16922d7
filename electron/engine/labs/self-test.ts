// The self-test that proves a lab solvable, as iximiuz Labs' hidden solutions do in CI: reset the
// lab, then for every step in order its checks must fail, its solve runs, and its checks must pass
// within a time limit; reset again and stop at the end. One row per step says how each part went.
import { errorToJSON, PodlabError, type PodlabErrorJSON } from '../base/errors.js';
import type { Bilingual } from '../base/lang.js';
import { listPods } from '../pods/list.js';
import type { PodStatus } from '../pods/sync/status.js';
import { readProgress } from './progress.js';
import { findTerminal, runIn, terminalTarget } from './run-in.js';
import type { LabProgressListener, LabRunner } from './runner.js';
import type { Ran } from './checks/exec.js';
import type { CheckReport } from './step-check.js';

export interface SelfTestRow {
  step: string;
  /** The checks before the solve: they must fail ('failed' is good). */
  before: 'failed' | 'passed' | 'skipped';
  solve: 'ok' | 'failed' | 'skipped';
  /** The checks after the solve, polled until they pass or the time is up. */
  after: 'passed' | 'failed' | 'skipped';
  /** From the solve's start to the checks passing. */
  seconds: number;
  ok: boolean;
  /** What went wrong: a check's message, the solve's output. */
  problem?: Bilingual;
}

export interface SelfTestReport {
  lab: string;
  ok: boolean;
  rows: SelfTestRow[];
  seconds: number;
  /** A failure outside the steps (the lab does not load, a reset failed). */
  error?: PodlabErrorJSON;
}

export type SelfTestProgress = { kind: 'self-test'; lab: string; step: string; phase: 'before' | 'solve' | 'after'; row?: SelfTestRow };

export interface SelfTestOptions {
  /** How long a step's checks may take to pass after its solve (default 30 s). */
  timeoutMs?: number;
  /** Time between two evaluations while waiting (default 250 ms). */
  pollMs?: number;
  onProgress?: (p: SelfTestProgress | Parameters<LabProgressListener>[0]) => void;
}

const SOLVE_TIMEOUT_MS = 60_000;

/**
 * A solve may end its own container (`kill 1`, as a learner would type it): the exec then reports
 * the container's end (pods/exec.ts: "… exited (N) while the command ran"). The solve did its job.
 */
function endedItsContainer(err: unknown): Ran {
  if (err instanceof PodlabError && err.code === 'POD_FAILED' && err.message.endsWith('while the command ran')) return { code: 0, output: err.message };
  throw err;
}

function failures(r: CheckReport): Bilingual {
  const failed = r.checks.filter((c) => !c.pass);
  return { en: failed.map((c) => `${c.kind}: ${c.message.en}`).join('\n'), zh: failed.map((c) => `${c.kind}：${c.message.zh}`).join('\n') };
}

/** A Pod a learner would start working with: its containers started (or an init container running, or done). */
function ready(p: PodStatus): boolean {
  const running = (c: PodStatus['containerStatuses'][number]) => 'running' in c.state;
  if (p.phase === 'Succeeded' || p.phase === 'Failed') return true;
  if (p.phase === 'Pending') return p.initContainerStatuses.some(running);
  return p.containerStatuses.every((c) => !('waiting' in c.state));
}

/** Waits (at most `ms`) until the lab's Pods are ready to work with, as a learner waits for the terminals to connect. */
async function settled(runner: LabRunner, id: string, ms: number, pollMs: number): Promise<void> {
  const want = runner.lab(id).pods.length;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const pods = await listPods(runner.deps.rt, { group: id });
    if (pods.length >= want && pods.every(ready)) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export async function selfTest(runner: LabRunner, id: string, opts: SelfTestOptions = {}): Promise<SelfTestReport> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const pollMs = opts.pollMs ?? 250;
  const rows: SelfTestRow[] = [];
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const onProgress = opts.onProgress;
  try {
    const loaded = runner.lab(id);
    await runner.reset(id, onProgress ? { onProgress } : {});
    await settled(runner, id, timeoutMs, pollMs);
    let broken = false;
    for (const [index, step] of loaded.lab.steps.entries()) {
      if (broken) {
        rows.push({ step: step.id, before: 'skipped', solve: 'skipped', after: 'skipped', seconds: 0, ok: false });
        continue;
      }
      onProgress?.({ kind: 'self-test', lab: id, step: step.id, phase: 'before' });
      const p = await readProgress(runner.stateDir, id);
      const before = await runner.checker.evaluate(loaded, index, p, { fresh: true });
      const row: SelfTestRow = { step: step.id, before: before.pass ? 'passed' : 'failed', solve: 'skipped', after: 'skipped', seconds: 0, ok: false };
      rows.push(row);
      if (before.pass) {
        row.problem = { en: 'the checks pass before the solve: they prove nothing', zh: '解答之前检查就已通过：这些检查证明不了什么' };
        broken = true;
        continue;
      }
      onProgress?.({ kind: 'self-test', lab: id, step: step.id, phase: 'solve' });
      const t0 = Date.now();
      for (const s of step.solve) {
        const target = terminalTarget(findTerminal(loaded.lab, s.terminal), loaded.dir, await runner.hostEnv());
        const ran = await runIn(runner.deps.rt, target, ['sh', '-c', s.run], SOLVE_TIMEOUT_MS, timeoutMs).catch(endedItsContainer);
        if (ran.code !== 0) {
          row.solve = 'failed';
          const said = `\`${s.run}\` exited ${ran.code}: ${ran.output.trim().slice(0, 500)}`;
          row.problem = { en: said, zh: said };
          break;
        }
      }
      if (row.solve === 'failed') {
        broken = true;
        continue;
      }
      row.solve = 'ok';
      onProgress?.({ kind: 'self-test', lab: id, step: step.id, phase: 'after' });
      let after: CheckReport;
      for (;;) {
        after = await runner.check(id, index, { fresh: false });
        if (after.pass || Date.now() - t0 > timeoutMs) break;
        await new Promise((r) => setTimeout(r, pollMs));
      }
      row.seconds = Math.round((Date.now() - t0) / 100) / 10;
      row.after = after.pass ? 'passed' : 'failed';
      row.ok = after.pass;
      if (!after.pass) {
        row.problem = failures(after);
        broken = true;
      }
      onProgress?.({ kind: 'self-test', lab: id, step: step.id, phase: 'after', row });
    }
    // Back to a clean lab (proving reset from wherever the solves left it), then nothing left running.
    await runner.reset(id, onProgress ? { onProgress } : {});
    await runner.stop(id, onProgress ? { onProgress } : {});
    return { lab: id, ok: rows.every((r) => r.ok), rows, seconds: seconds() };
  } catch (err) {
    await runner.stop(id).catch(() => undefined);
    return { lab: id, ok: false, rows, seconds: seconds(), error: errorToJSON(err) };
  }
}
