// `podlab pod ls -w`: the table, then a line for each Pod whose row changed, as `kubectl get -w`
// prints them (only changed rows, nothing cleared), until Ctrl-C. The supervisor's socket carries
// calls and progress but no events, so this polls `pods.list` once a second — the same call in the
// supervisor's process or in this one — and compares the rows without their AGE.
import type { PodStatus } from '../engine/model.js';
import type { Options } from './args.js';
import type { Api } from './api.js';
import type { Io } from './main.js';
import { AGE_COLUMN, NO_PODS, POD_COLUMNS, columnWidths, podRow, tableRow } from './render.js';

const POLL_MS = 1000;

/** What a row says, ages left out (AGE, and RESTARTS' "(45s ago)"): they change every second without the Pod changing. */
function rowKey(row: string[]): string {
  return JSON.stringify(row.filter((_, i) => i !== AGE_COLUMN).map((cell) => cell.replace(/ \(\S+ ago\)$/, '')));
}

/**
 * The Pods whose row differs from the last one seen (new Pods included), in list order, and the
 * rows to remember for the next round; a Pod that went away is forgotten.
 */
export function changedPods(seen: ReadonlyMap<string, string>, pods: PodStatus[]): { changed: PodStatus[]; seen: Map<string, string> } {
  const next = new Map<string, string>();
  const changed: PodStatus[] = [];
  for (const p of pods) {
    const key = rowKey(podRow(p));
    next.set(p.uid, key);
    if (seen.get(p.uid) !== key) changed.push(p);
  }
  return { changed, seen: next };
}

/** Resolves on Ctrl-C (or SIGTERM): the watch ends there, with exit code 0 as kubectl's. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
}

export async function watchPods(io: Io, api: Api, o: Options, stop: Promise<void> = interrupted()): Promise<number> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  let seen = new Map<string, string>();
  let widths: number[] | undefined;
  for (let first = true; !stopped; first = false) {
    const round = changedPods(seen, await api.call<PodStatus[]>('pods.list', o.group ? { group: o.group } : {}));
    seen = round.seen;
    const rows = round.changed.map(podRow);
    if (o.json) {
      // One JSON document a line: a script reads the stream line by line.
      for (const p of round.changed) io.out.write(`${JSON.stringify(p)}\n`);
    } else if (rows.length) {
      // The header comes with the first rows; the widths of that first table hold for every later line.
      const head = widths === undefined ? [POD_COLUMNS] : [];
      widths ??= columnWidths(POD_COLUMNS, rows);
      for (const r of [...head, ...rows]) io.out.write(`${tableRow(r, widths)}\n`);
    } else if (first) {
      io.err.write(`${NO_PODS}\n`);
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, POLL_MS);
      void stop.then(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
  return 0;
}
