// Memory as the article writes it (1GB, 2.5GB) or as Kubernetes does (512Mi, 1Gi), in whole bytes so
// that 2.5GB − 1GB − 1GB is exactly 0.5GB; and back to text the way a learner would write it.

const MEMORY = /^(\d+(?:\.\d+)?)\s*([KMGT])(i|B)?$/i;
const POWER: Record<string, number> = { K: 1, M: 2, G: 3, T: 4 };

/** Bytes, or undefined when the text is not a memory size with a unit. */
export function parseMemory(text: string): number | undefined {
  const m = MEMORY.exec(text.trim());
  if (!m) return undefined;
  const [, number = '', prefix = '', suffix = ''] = m;
  const base = suffix === 'i' ? 1024 : 1000;
  return Math.round(Number(number) * base ** (POWER[prefix.toUpperCase()] ?? 0));
}

const DECIMAL: [string, number][] = [['TB', 1e12], ['GB', 1e9], ['MB', 1e6], ['KB', 1e3]];
const BINARY: [string, number][] = [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];

/** `0.5GB`, `256MB`, `1.5Gi`: the largest unit that shows the size exactly with at most two decimals. */
export function formatMemory(bytes: number): string {
  const binary = bytes % 2 ** 20 === 0 && bytes % 1e6 !== 0;
  const units = binary ? BINARY : DECIMAL;
  if (bytes === 0) return '0GB';
  for (const [unit, size] of units) {
    const value = bytes / size;
    if (value >= 0.1 && Math.abs(Math.round(value * 100) - value * 100) < 1e-6) return `${Number(value.toFixed(2))}${unit}`;
  }
  return `${bytes}B`;
}
