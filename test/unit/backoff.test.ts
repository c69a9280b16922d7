// Restart back-off as the kubelet does it: immediate first restart, then 10 s doubling to 300 s,
// and a fresh start for a container that ran 10 minutes.
import { describe, expect, it } from 'vitest';
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, BACKOFF_RESET_AFTER_MS, backoffDelay } from '../../electron/engine/pods/sync/backoff.js';

const SHORT_RUN = 1_000;

describe('backoffDelay', () => {
  it('has the kubelet constants: 10 s initial, 300 s cap, reset after 10 minutes', () => {
    expect(BACKOFF_INITIAL_MS).toBe(10_000);
    expect(BACKOFF_MAX_MS).toBe(300_000);
    expect(BACKOFF_RESET_AFTER_MS).toBe(600_000);
  });

  it('restarts the first time at once', () => {
    expect(backoffDelay(1, SHORT_RUN)).toBe(0);
    expect(backoffDelay(0, SHORT_RUN)).toBe(0);
  });

  it('then waits 10 s, 20 s, 40 s … doubling', () => {
    expect([2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, SHORT_RUN))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000]);
  });

  it('is capped at 300 s (CrashLoopBackOff) however many restarts', () => {
    expect(backoffDelay(7, SHORT_RUN)).toBe(300_000);
    expect(backoffDelay(8, SHORT_RUN)).toBe(300_000);
    expect(backoffDelay(100, SHORT_RUN)).toBe(300_000);
    expect(backoffDelay(2000, SHORT_RUN)).toBe(300_000);
  });

  it('starts over for a container that ran 10 minutes or more', () => {
    expect(backoffDelay(6, BACKOFF_RESET_AFTER_MS)).toBe(0);
    expect(backoffDelay(50, BACKOFF_RESET_AFTER_MS + 1)).toBe(0);
    expect(backoffDelay(6, BACKOFF_RESET_AFTER_MS - 1)).toBe(160_000);
  });

  it('treats an unknown run time (0) as a short run', () => {
    expect(backoffDelay(3, 0)).toBe(20_000);
  });
});
