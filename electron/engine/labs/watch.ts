// Checks that run by themselves while a learner works, like iximiuz Labs' (no button): the current
// step is evaluated again whenever the inspector's snapshot changes — which it does when a process,
// a container or a Pod changes — and, for `script`/`file` checks, at most once a second. The Pod
// statuses are read only on a change; declarative checks cost nothing more. A step that passes is
// recorded, and the next one becomes current.
import { listPods } from '../pods/list.js';
import type { PodStatus } from '../pods/sync/status.js';
import type { Snapshot } from '../inspect/snapshot.js';
import { runsCommand, tagCheck } from './checks/schema.js';
import { readProgress } from './progress.js';
import type { LabRunner } from './runner.js';
import { COMMAND_CHECK_INTERVAL_MS, type CheckReport } from './step-check.js';

export interface LabWatchOptions {
  onError?: (err: unknown) => void;
}

/** Calls `listener` with the current step's report whenever it changes; returns the unsubscribe function. */
export function watchLab(runner: LabRunner, id: string, listener: (r: CheckReport) => void, opts: LabWatchOptions = {}): () => void {
  const { rt, inspector } = runner.deps;
  let stopped = false;
  let busy = false;
  let again = false;
  let lastKey = '';
  let snapshot: Snapshot | undefined;
  let pods: PodStatus[] | undefined;

  const evaluate = (onlyCommands: boolean) =>
    runner.exclusive(id, async () => {
      const loaded = runner.lab(id);
      const p = await readProgress(runner.stateDir, id);
      const step = loaded.lab.steps[p.current];
      if (!p.running || !step || !snapshot) return undefined;
      if (onlyCommands && !step.checks.map(tagCheck).some(runsCommand)) return undefined;
      pods ??= await listPods(rt, { group: id });
      const report = await runner.checker.evaluate(loaded, p.current, p, { snapshot, pods, fresh: false });
      if (report.pass) await runner.record(loaded, p, report);
      return report;
    });

  const tick = async (onlyCommands: boolean): Promise<void> => {
    if (busy) {
      again ||= !onlyCommands;
      return;
    }
    busy = true;
    try {
      let commandsOnly = onlyCommands;
      do {
        again = false;
        const report = await evaluate(commandsOnly);
        const key = JSON.stringify(report);
        if (report && !stopped && key !== lastKey) {
          lastKey = key;
          listener(report);
        }
        commandsOnly = false;
      } while (again && !stopped);
    } catch (err) {
      if (!stopped) opts.onError?.(err);
    } finally {
      busy = false;
    }
  };

  const unwatch = inspector.watch(
    (s) => {
      snapshot = s;
      pods = undefined; // something changed: read the statuses once more
      void tick(false);
    },
    opts.onError ? { onError: opts.onError } : {},
  );
  const timer = setInterval(() => void tick(true), COMMAND_CHECK_INTERVAL_MS);
  timer.unref(); // a forgotten watch must not keep a CLI process alive
  return () => {
    stopped = true;
    clearInterval(timer);
    unwatch();
  };
}
