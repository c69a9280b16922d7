// The transport bench's pure helpers: nearest-rank percentiles (the echo p50/p95 it reports) and
// reading `podlab serve`'s first line into the page's Origin, token and WebSocket URLs.
import { describe, expect, it } from 'vitest';
import { parseServedUrl } from '../bench/serve-process.js';
import { percentile } from '../bench/stats.js';

describe('percentile', () => {
  it('is the nearest rank: the smallest sample with at least p% of the samples at or below it', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile(xs, 90)).toBe(9);
    expect(percentile(xs, 10)).toBe(1);
  });

  it('stays inside the sample at the ends', () => {
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
    expect(percentile([7], 95)).toBe(7);
  });
});

describe('parseServedUrl', () => {
  it('takes the Origin a browser would send and the token, and puts the token on WebSocket URLs', () => {
    const served = parseServedUrl('http://127.0.0.1:41234/?token=a-b_c\n');
    expect(served.origin).toBe('http://127.0.0.1:41234');
    expect(served.token).toBe('a-b_c');
    expect(served.wsUrl('/terminal/term-0123456789ab')).toBe('ws://127.0.0.1:41234/terminal/term-0123456789ab?token=a-b_c');
  });

  it('refuses a first line that is not a tokened URL on 127.0.0.1', () => {
    expect(() => parseServedUrl('http://127.0.0.1:41234/')).toThrow(/not http:\/\/127\.0\.0\.1:PORT\/\?token=/);
    expect(() => parseServedUrl('http://0.0.0.0:41234/?token=x')).toThrow(/not http:\/\/127\.0\.0\.1/);
    expect(() => parseServedUrl('serving on port 41234')).toThrow(/not http:\/\/127\.0\.0\.1/);
  });
});
