// What every benchmark needs: medians, a timer, and the median of per-round ratios (robust when a
// noisy machine drifts between rounds).
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** Median of ours[i] / theirs[i]: each round's pair was measured back to back. */
export function pairedRatio(ours: number[], theirs: number[]): number {
  return median(ours.map((v, i) => v / (theirs[i] as number)));
}

/** The p-th percentile (nearest rank) of a sample. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}
