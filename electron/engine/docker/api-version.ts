// Docker Engine API versions ("1.41") compared as numbers, not strings ("1.9" < "1.41"): doctor
// warns below the oldest one Podlab is tested with, the plan refuses what an older engine lacks.

/**
 * Negative when `a` is older than `b`, 0 when equal, positive when newer — by major, then minor
 * (a missing part counts as 0; further parts are ignored). NaN when either is not a number, so
 * neither `< 0` nor `>= 0` holds for it.
 */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  const major = order(aMajor, bMajor);
  return major === 0 ? order(aMinor, bMinor) : major;
}

function order(x: number, y: number): number {
  if (x < y) return -1;
  if (x > y) return 1;
  return x === y ? 0 : NaN;
}
