// The EventHub every front door subscribes through: a producer runs only while somebody listens,
// a late subscriber gets the latest payload at once, and exactly the running labs are watched.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub, type HubEngine } from '../../electron/contract/event-hub.js';
import type { EngineHealth } from '../../electron/contract/events.js';
import { PodlabError } from '../../electron/engine/base/errors.js';
import type { CheckReport, PodStatus, Snapshot } from '../../electron/engine/model.js';
import { freshProgress, writeProgress } from '../../electron/engine/labs/progress.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A stand-in engine that counts what the hub starts and lets the test push changes. */
function fakeEngine(stateDir: string) {
  const state = {
    pods: [] as PodStatus[],
    lists: 0,
    inspectWatches: 0,
    snapshotListener: undefined as ((s: Snapshot) => void) | undefined,
    labWatches: new Map<string, (r: CheckReport) => void>(),
  };
  const engine = {
    list: () => {
      state.lists++;
      return Promise.resolve(state.pods);
    },
    inspector: {
      watch: (l: (s: Snapshot) => void) => {
        state.inspectWatches++;
        state.snapshotListener = l;
        return () => {
          state.inspectWatches--;
          state.snapshotListener = undefined;
        };
      },
    },
    watchLab: (id: string, l: (r: CheckReport) => void) => {
      state.labWatches.set(id, l);
      return () => state.labWatches.delete(id);
    },
    config: { labsDir: path.join(ROOT, 'labs'), stateDir },
  } as unknown as HubEngine;
  return { engine, state };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error(`${what} did not happen`);
}

const pod = (name: string) => ({ name }) as unknown as PodStatus;

describe('EventHub', () => {
  const dirs: string[] = [];
  const stateDir = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'podlab-hub-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('reads nothing until somebody subscribes, and stops when the last one leaves', async () => {
    const { engine, state } = fakeEngine(stateDir());
    const hub = new EventHub(() => Promise.resolve(engine), { podsIntervalMs: 5 });
    await new Promise((r) => setTimeout(r, 30));
    expect(state.lists).toBe(0);
    expect(state.inspectWatches).toBe(0);

    const a: Snapshot[] = [];
    const b: Snapshot[] = [];
    const offA = hub.subscribe('inspect.changed', (s) => a.push(s));
    const offB = hub.subscribe('inspect.changed', (s) => b.push(s));
    await until('the inspector watched', () => state.inspectWatches === 1);
    state.snapshotListener?.({ pods: [] } as unknown as Snapshot);
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    offA();
    expect(state.inspectWatches).toBe(1); // b still listens
    offB();
    expect(state.inspectWatches).toBe(0);
    expect(hub.listenerCount('inspect.changed')).toBe(0);
  });

  it('hands a late subscriber the latest Pod list at once, and sends only changes', async () => {
    const { engine, state } = fakeEngine(stateDir());
    const hub = new EventHub(() => Promise.resolve(engine), { podsIntervalMs: 5 });
    state.pods = [pod('web')];
    const first: PodStatus[][] = [];
    const off1 = hub.subscribe('pods.changed', (p) => first.push(p));
    await until('a first list', () => first.length === 1);
    const reads = state.lists;
    await until('more reads', () => state.lists > reads + 3);
    expect(first).toHaveLength(1); // unchanged lists are not sent again

    const late: PodStatus[][] = [];
    const off2 = hub.subscribe('pods.changed', (p) => late.push(p));
    expect(late).toEqual([[pod('web')]]);

    state.pods = [pod('web'), pod('db')];
    await until('the change', () => first.length === 2 && late.length === 2);
    off1();
    off2();
    const stopped = state.lists;
    await new Promise((r) => setTimeout(r, 30));
    expect(state.lists).toBe(stopped);
  });

  it('tells when the engine stops answering and when it answers again, once each', async () => {
    const { engine, state } = fakeEngine(stateDir());
    let down: Error | undefined = new PodlabError('ENGINE_UNREACHABLE', 'no Docker engine answers', { hint: 'start the engine' });
    const list = engine.list.bind(engine);
    (engine as { list: () => Promise<PodStatus[]> }).list = () => (down ? Promise.reject(down) : list());
    const hub = new EventHub(() => Promise.resolve(engine), { podsIntervalMs: 5 });
    const seen: EngineHealth[] = [];
    const off = hub.subscribe('engine.changed', (h) => seen.push(h));
    await until('a failed read', () => seen.length === 1);
    const reads = state.lists;
    await new Promise((r) => setTimeout(r, 30));
    // Still down: no new event for the same outage.
    expect(seen).toEqual([{ connected: false, error: { code: 'ENGINE_UNREACHABLE', message: 'no Docker engine answers', hint: 'start the engine' } }]);
    down = undefined;
    await until('the engine back', () => seen.length === 2);
    expect(seen[1]).toEqual({ connected: true });
    expect(state.lists).toBeGreaterThan(reads);
    // A late subscriber learns the current state at once.
    const late: EngineHealth[] = [];
    const offLate = hub.subscribe('engine.changed', (h) => late.push(h));
    expect(late).toEqual([{ connected: true }]);
    off();
    offLate();
    expect(hub.listenerCount('pods.changed')).toBe(0);
  });

  it('watches exactly the running labs, and follows a lab that starts and stops', async () => {
    const dir = stateDir();
    const { engine, state } = fakeEngine(dir);
    const hub = new EventHub(() => Promise.resolve(engine), { podsIntervalMs: 5 });
    await writeProgress(dir, { ...freshProgress('process-groups'), running: true, startedAt: new Date().toISOString() });
    const reports: CheckReport[] = [];
    const off = hub.subscribe('labs.changed', (r) => reports.push(r));
    await until('process-groups watched', () => state.labWatches.has('process-groups'));
    expect([...state.labWatches.keys()]).toEqual(['process-groups']);
    state.labWatches.get('process-groups')?.({ lab: 'process-groups', step: 'pid1', index: 0, pass: true, checks: [] });
    expect(reports.map((r) => r.step)).toEqual(['pid1']);

    await writeProgress(dir, { ...freshProgress('sidecar'), running: true, startedAt: new Date().toISOString() });
    await writeProgress(dir, freshProgress('process-groups'));
    hub.labsTouched();
    await until('the watches follow', () => state.labWatches.has('sidecar') && !state.labWatches.has('process-groups'));

    off();
    expect(state.labWatches.size).toBe(0);
  });
});
