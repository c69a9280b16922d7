// `pod ls -w` prints a row only when the row changed: new Pods and changed columns, not AGE.
import { describe, expect, it } from 'vitest';
import { changedPods } from '../../electron/cli/cmd-pod-watch.js';
import { podRow } from '../../electron/cli/render.js';
import type { PodStatus } from '../../electron/engine/model.js';

function status(uid: string, o: Partial<PodStatus> = {}): PodStatus {
  return {
    name: uid,
    namespace: 'default',
    uid,
    group: 'default',
    phase: 'Running',
    display: 'Running',
    conditions: [],
    hostNetwork: false,
    podIP: '172.17.0.2',
    sandboxAttempt: 0,
    sandboxReason: 'Created',
    initContainerStatuses: [],
    containerStatuses: [],
    ready: '1/1',
    restarts: 0,
    createdAt: new Date().toISOString(),
    ...o,
  };
}

describe('changedPods', () => {
  it('every Pod is new at first; then only the ones whose row changed, AGE aside', () => {
    const first = changedPods(new Map(), [status('a'), status('b')]);
    expect(first.changed.map((p) => p.uid)).toEqual(['a', 'b']);
    const older = changedPods(first.seen, [status('a', { createdAt: '2020-01-01T00:00:00Z' }), status('b', { restarts: 1, display: 'Error' })]);
    expect(older.changed.map((p) => [p.uid, p.display])).toEqual([['b', 'Error']]);
    const same = changedPods(older.seen, [status('a'), status('b', { restarts: 1, display: 'Error' })]);
    expect(same.changed).toEqual([]);
  });

  it('prints RESTARTS as kubectl does, "1 (45s ago)", and the age in it does not count as a change', () => {
    const now = Date.now();
    const restarted = (agoSeconds: number) => status('a', { restarts: 1, lastRestartAt: new Date(now - agoSeconds * 1000).toISOString() });
    expect(podRow(restarted(45))[3]).toMatch(/^1 \(4[5-6]s ago\)$/);
    expect(podRow(status('a'))[3]).toBe('0');
    const first = changedPods(new Map(), [restarted(45)]);
    expect(changedPods(first.seen, [restarted(50)]).changed).toEqual([]);
    expect(changedPods(first.seen, [{ ...restarted(1), restarts: 2 }]).changed.map((p) => p.restarts)).toEqual([2]);
  });

  it('a Pod that went away is forgotten: back again, it is printed again', () => {
    const first = changedPods(new Map(), [status('a'), status('b')]);
    const gone = changedPods(first.seen, [status('a')]);
    expect(gone.changed).toEqual([]);
    expect(changedPods(gone.seen, [status('a'), status('b')]).changed.map((p) => p.uid)).toEqual(['b']);
  });
});
