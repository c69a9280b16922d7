import { describe, expect, it } from 'vitest';
import { cpuToNanoCpus, memoryToBytes, parseQuantity, scaleQuantityUp } from '../../electron/engine/pods/manifest/quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['1', 1n, 1n],
    ['0.5', 5n, 10n],
    ['.5', 5n, 10n],
    ['2.', 2n, 1n],
    ['500m', 500n, 1000n],
    ['1k', 1000n, 1n],
    ['1Ki', 1024n, 1n],
    ['1.5Gi', 15n * 1024n ** 3n, 10n],
    ['1e6', 1_000_000n, 1n],
    ['1E3', 1000n, 1n],
    ['1e-3', 1n, 1000n],
    ['1E', 10n ** 18n, 1n],
    ['+2', 2n, 1n],
    ['-2', -2n, 1n],
  ])('%s is exactly %s/%s', (text, numerator, denominator) => {
    const q = parseQuantity(text);
    expect(q).toBeDefined();
    // Compare as fractions: a/b == c/d  ⇔  a·d == c·b.
    expect((q?.numerator ?? 0n) * denominator).toBe(numerator * (q?.denominator ?? 0n));
  });

  it.each(['', 'abc', '1 Mi', '1mi', '1KI', '1K', 'Mi', '1e', '0x10', '1..2', '1e99', '--1', '1Mi2'])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  it('rounds up when scaling to whole units, as Kubernetes does', () => {
    expect(scaleQuantityUp({ numerator: 1n, denominator: 3n }, 1n)).toBe(1n);
    expect(scaleQuantityUp({ numerator: 3n, denominator: 3n }, 1n)).toBe(1n);
    expect(scaleQuantityUp({ numerator: 0n, denominator: 3n }, 1n)).toBe(0n);
  });
});

describe('cpuToNanoCpus', () => {
  it.each([
    ['500m', 500_000_000],
    ['1', 1_000_000_000],
    ['0.5', 500_000_000],
    ['2', 2_000_000_000],
    ['0.1', 100_000_000],
    ['100m', 100_000_000],
    ['1.25', 1_250_000_000],
    ['1e-1', 100_000_000],
  ])('%s → %d nano-CPUs', (text, nano) => {
    expect(cpuToNanoCpus(text)).toEqual({ ok: true, value: nano });
  });

  it('refuses zero, negative and non-quantities with a reason', () => {
    expect(cpuToNanoCpus('0')).toEqual({ ok: false, reason: '`0` must be greater than 0' });
    expect(cpuToNanoCpus('-1')).toEqual({ ok: false, reason: '`-1` must be greater than 0' });
    const bad = cpuToNanoCpus('half');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/not a Kubernetes quantity.*500m/);
  });
});

describe('memoryToBytes', () => {
  it.each([
    ['64Mi', 64 * 1024 ** 2],
    ['1Gi', 1024 ** 3],
    ['128M', 128_000_000],
    ['1e6', 1_000_000],
    ['1048576', 1_048_576],
    ['1k', 1000],
    ['1Ki', 1024],
    ['0.5Gi', 512 * 1024 ** 2],
    ['1Ti', 1024 ** 4],
    ['1.5', 2],
    ['1P', 1e15],
  ])('%s → %d bytes', (text, bytes) => {
    expect(memoryToBytes(text)).toEqual({ ok: true, value: bytes });
  });

  it('refuses values beyond what a JavaScript number holds exactly', () => {
    expect(memoryToBytes('8Ei')).toEqual({ ok: false, reason: '`8Ei` is too large' });
  });

  it('refuses zero', () => {
    expect(memoryToBytes('0Mi').ok).toBe(false);
  });
});
