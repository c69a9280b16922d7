// The field-by-field diff behind "Pods are immutable": which paths of the normalized Pod changed,
// from what to what, listed at most ten at a time.
import { describe, expect, it } from 'vitest';
import { describeChanges, specChanges } from '../../electron/engine/pods/manifest/spec-diff.js';
import { podSpec } from './observed-pod.js';

const yaml = (image: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web, tier: front}}
spec:
  containers:
  - name: web
    image: ${image}
    command: [sleep, '1000']${extra}
`;

describe('specChanges', () => {
  it('names the changed leaf with its path, old and new value', () => {
    expect(specChanges(podSpec(yaml('podlab/toolbox:1')), podSpec(yaml('busybox:1.36')))).toEqual([
      { path: 'spec.containers[0].image', from: 'podlab/toolbox:1', to: 'busybox:1.36' },
    ]);
    expect(describeChanges(specChanges(podSpec(yaml('podlab/toolbox:1')), podSpec(yaml('busybox:1.36'))))).toEqual([
      'spec.containers[0].image: podlab/toolbox:1 → busybox:1.36',
    ]);
  });

  it('finds nothing when only the order of keys differs (as in a spec stored as JSON)', () => {
    const a = podSpec(yaml('x'));
    const b = { ...a, metadata: { ...a.metadata, labels: { tier: 'front', app: 'web' } } };
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(specChanges(a, b)).toEqual([]);
  });

  it('shows added and removed fields and array items as <none> on the other side', () => {
    const before = podSpec(yaml('x'));
    const after = podSpec(yaml('x', "\n    workingDir: /tmp\n  - name: side\n    image: y"));
    const changes = specChanges(before, after);
    expect(changes[0]).toEqual({ path: 'spec.containers[0].workingDir', from: '<none>', to: '/tmp' });
    expect(changes[1]?.path).toBe('spec.containers[1]');
    expect(changes[1]?.from).toBe('<none>');
    expect(changes[1]?.to).toMatch(/^\{"name":"side","image":"y".*…$/);
    expect(specChanges({ a: [1, 2] }, { a: [1] })).toEqual([{ path: 'a[1]', from: '2', to: '<none>' }]);
    expect(specChanges({ a: '' }, { a: 0 })).toEqual([{ path: 'a', from: '""', to: '0' }]);
  });

  it('lists at most ten changes, then how many more', () => {
    const before = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`k${i}`, i]));
    const after = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`k${i}`, i + 1]));
    const lines = describeChanges(specChanges(before, after));
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('k0: 0 → 1');
    expect(lines[10]).toBe('and 3 more');
  });
});
