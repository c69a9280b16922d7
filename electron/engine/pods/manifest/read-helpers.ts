// Loop shapes the Pod readers share: a list of mappings read item by item, a key that may be
// written only once, and a string checked against a format. One place each keeps every reader's
// messages worded and positioned alike.
import type { FieldLevel } from './fields.js';
import type { Field, Fields, ManifestReader } from './reader.js';

/**
 * The items of a list of mappings (containers, volumes, env, ports, mounts), each read against
 * `level`; `what` names one item ("a volume (a mapping with name and emptyDir)"). A null item is
 * reported and skipped. `read` returns what to keep, or undefined to keep nothing for the item.
 */
export function readMappings<T>(
  r: ManifestReader,
  field: Field,
  example: string,
  level: FieldLevel,
  what: string,
  read: (item: Fields) => T | undefined,
): T[] {
  const out: T[] = [];
  for (const item of r.list(field, example)) {
    if (item.node === undefined) {
      r.problem(item, `expected ${what}, found nothing (null)`);
      continue;
    }
    const value = read(r.mapping(item, level, what));
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** Where each key was first written; writing it again is a problem at the later place. */
export class FirstSeen {
  private readonly first = new Map<string, Field>();

  constructor(private readonly r: ManifestReader) {}

  /** Records `at` for `key`, or reports `message(line of the first)` at `at` when it is a repeat. */
  check(key: string, at: Field, message: (line: number | undefined) => string, hint?: string): void {
    const earlier = this.first.get(key);
    if (earlier) this.r.problem(at, message(this.r.lineOf(earlier)), hint);
    else this.first.set(key, at);
  }
}

/**
 * An optional string that must follow a format: a value `problemOf` rejects is reported as
 * `<label> "<value>" is not valid: <reason>` and still returned.
 */
export function formattedString(
  r: ManifestReader,
  f: Field,
  label: string,
  problemOf: (value: string) => string | undefined,
): string | undefined {
  const value = r.string(f);
  if (value === undefined) return undefined;
  const problem = problemOf(value);
  if (problem) r.problem(f, `${label} ${JSON.stringify(value)} is not valid: ${problem}`);
  return value;
}

/** formattedString for a required field: `missing` when absent; '' when absent or not a string. */
export function requiredFormattedString(
  r: ManifestReader,
  f: Field,
  parent: Field,
  missing: { message: string; hint?: string },
  label: string,
  problemOf: (value: string) => string | undefined,
): string {
  if (!r.required(f, parent, missing.message, missing.hint)) return '';
  return formattedString(r, f, label, problemOf) ?? '';
}
