// Kubernetes resource quantities (`500m`, `0.5`, `64Mi`, `1e6`, `128M`), parsed exactly.
// Values are kept as a fraction of BigInts so `0.1` CPU is exactly 100000000 nano-CPUs and
// `1.5Gi` exactly 1610612736 bytes; floats would round.
//
// Grammar (k8s.io/apimachinery resource.Quantity):
//   quantity ::= sign? number suffix?
//   number   ::= digits | digits "." digits? | "." digits
//   suffix   ::= Ki | Mi | Gi | Ti | Pi | Ei          (powers of 1024)
//              | m | k | M | G | T | P | E           (powers of 1000)
//              | ("e" | "E") sign? digits             (power of ten)

export interface Quantity {
  /** The value is numerator / denominator; the denominator is always positive. */
  numerator: bigint;
  denominator: bigint;
}

export type QuantityResult = { ok: true; value: number } | { ok: false; reason: string };

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE]|[eE][+-]?\d+)?$/;

const BINARY_POWER: Record<string, bigint> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL_EXPONENT: Record<string, number> = { m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Beyond this a quantity means nothing a machine has; also keeps BigInt powers cheap. */
const MAX_EXPONENT = 30;

/** The exact value of a quantity, or undefined when the text is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign = '', number = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let numerator = BigInt(`${whole}${fraction}` || '0');
  let denominator = 10n ** BigInt(fraction.length);

  let exponent = 0;
  const binary = BINARY_POWER[suffix];
  if (binary !== undefined) numerator *= 1024n ** binary;
  else if (suffix in DECIMAL_EXPONENT) exponent = DECIMAL_EXPONENT[suffix] ?? 0;
  else if (suffix !== '') exponent = Number.parseInt(suffix.slice(1), 10);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);

  return { numerator: sign === '-' ? -numerator : numerator, denominator };
}

/** ceil(quantity × unit): Kubernetes rounds fractional bytes and nano-units up. */
export function scaleQuantityUp(q: Quantity, unit: bigint): bigint {
  const scaled = q.numerator * unit;
  const quotient = scaled / q.denominator;
  return scaled % q.denominator > 0n ? quotient + 1n : quotient;
}

function positiveInteger(text: string, unit: bigint, examples: string): QuantityResult {
  const q = parseQuantity(text);
  if (!q) return { ok: false, reason: `\`${text}\` is not a Kubernetes quantity (examples: ${examples})` };
  if (q.numerator <= 0n) return { ok: false, reason: `\`${text}\` must be greater than 0` };
  const value = scaleQuantityUp(q, unit);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `\`${text}\` is too large` };
  return { ok: true, value: Number(value) };
}

/** A CPU quantity (`500m`, `1`, `0.5`) in Docker's NanoCpus (1 CPU = 10^9). */
export function cpuToNanoCpus(text: string): QuantityResult {
  return positiveInteger(text, 1_000_000_000n, '500m, 1, 0.5');
}

/** A memory quantity (`64Mi`, `1Gi`, `128M`, `1e6`, `1048576`) in bytes. */
export function memoryToBytes(text: string): QuantityResult {
  return positiveInteger(text, 1n, '64Mi, 1Gi, 128M, 1e6');
}
