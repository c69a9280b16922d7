// What differs between two normalized Pods, field by field, for the "Pods are immutable" refusal:
// `spec.containers[0].image: podlab/toolbox:1 → busybox`. Pure; compares values, not key order.

export interface SpecChange {
  /** Dotted path as in error locations, e.g. `spec.containers[0].image`. */
  path: string;
  /** Display text of the old and the new value (`<none>` when absent). */
  from: string;
  to: string;
}

const MAX_VALUE_CHARS = 60;

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return '<none>';
  if (typeof v === 'string') return v === '' ? '""' : v;
  const text = JSON.stringify(v);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function walk(path: string, a: unknown, b: unknown, out: SpecChange[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(`${path}[${i}]`, a[i], b[i], out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    // The new object's keys first (in its order), then those only the old one had.
    for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) walk(path ? `${path}.${k}` : k, a[k], b[k], out);
    return;
  }
  if (a === b) return;
  out.push({ path, from: show(a), to: show(b) });
}

/** Every leaf that differs between the stored Pod `before` and the applied one `after`, in document order. */
export function specChanges(before: unknown, after: unknown): SpecChange[] {
  const out: SpecChange[] = [];
  // Through JSON, as the stored spec went: an `undefined` field equals an absent one.
  walk('', JSON.parse(JSON.stringify(before ?? null)) as Json, JSON.parse(JSON.stringify(after ?? null)) as Json, out);
  return out;
}

/** One line per change, at most `max`, then "and N more". */
export function describeChanges(changes: SpecChange[], max = 10): string[] {
  const lines = changes.slice(0, max).map((c) => `${c.path}: ${c.from} → ${c.to}`);
  if (changes.length > max) lines.push(`and ${changes.length - max} more`);
  return lines;
}
