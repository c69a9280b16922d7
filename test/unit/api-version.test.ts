// Docker Engine API versions compare as numbers (1.9 is older than 1.41), by major then minor.
import { describe, expect, it } from 'vitest';
import { compareApiVersions } from '../../electron/engine/docker/api-version.js';

describe('compareApiVersions', () => {
  it('orders by major, then minor, as numbers', () => {
    expect(compareApiVersions('1.41', '1.45')).toBeLessThan(0);
    expect(compareApiVersions('1.45', '1.45')).toBe(0);
    expect(compareApiVersions('1.47', '1.45')).toBeGreaterThan(0);
    expect(compareApiVersions('1.9', '1.41')).toBeLessThan(0);
    expect(compareApiVersions('2.0', '1.99')).toBeGreaterThan(0);
  });

  it('counts a missing minor as 0 and ignores a third part', () => {
    expect(compareApiVersions('2', '2.0')).toBe(0);
    expect(compareApiVersions('1.41.3', '1.41')).toBe(0);
  });

  it('is NaN for a version that is not a number: neither older nor at least', () => {
    const c = compareApiVersions('1.x', '1.41');
    expect(c < 0 || c >= 0).toBe(false);
  });
});
