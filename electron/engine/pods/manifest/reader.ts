// Walks one YAML document of a manifest and collects every problem with its exact position, so
// the parser can report all of them at once. Typed getters never throw: a wrong value becomes a
// problem ("expected …, found …") and reads as absent, letting validation carry on.
import { type Document, type LineCounter, type Node, isAlias, isMap, isNode, isScalar, isSeq } from 'yaml';
import { type ErrorLocation, PodlabError } from '../../base/errors.js';
import type { FieldLevel, KnownField } from './fields.js';
import { suggestName } from '../../base/suggest.js';

/** One value in the document and where it is. */
export interface Field {
  /** Dotted path for messages, e.g. `spec.containers[1].image`. */
  path: string;
  /** The mapping key that holds it; undefined for list items and absent fields. */
  key: Node | undefined;
  /** The value with aliases resolved; undefined when absent or `null` (Kubernetes reads both alike). */
  node: Node | undefined;
  /** A `null` list item as written: where to point when there is neither value nor key. */
  empty?: Node;
}

/** The fields of one mapping that the parser reads, by name. */
export class Fields {
  constructor(
    readonly self: Field,
    private readonly byName: ReadonlyMap<string, Field>,
  ) {}

  /** The field, or an absent one (node and key undefined) with the right path. */
  get(name: string): Field {
    return this.byName.get(name) ?? { path: childPath(this.self.path, name), key: undefined, node: undefined };
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function childPath(parent: string, name: string): string {
  if (!IDENTIFIER.test(name)) return `${parent}[${JSON.stringify(name)}]`;
  return parent ? `${parent}.${name}` : name;
}

/** `the string "abc"`, `the number 10`, `a list`: what was found, for "expected X, found Y". */
export function describe(node: Node | undefined): string {
  if (node === undefined) return 'nothing (null)';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    if (typeof v === 'number') return `the number ${scalarText(node) ?? String(v)}`;
    if (typeof v === 'boolean') return `the boolean ${String(v)}`;
  }
  return 'an unsupported YAML value';
}

/** The scalar as written (`1e6`, `0x10`), falling back to its value. */
function scalarText(node: Node): string | undefined {
  if (!isScalar(node)) return undefined;
  if (node.source !== undefined) return node.source;
  const v: unknown = node.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : undefined;
}

/** True when writing this value changes nothing: null, empty, or the Kubernetes default. */
function isNeutral(node: Node | undefined, known: KnownField): boolean {
  if (node === undefined) return true;
  if ((isMap(node) || isSeq(node)) && node.items.length === 0) return true;
  return isScalar(node) && known.default !== undefined && node.value === known.default;
}

export class ManifestReader {
  readonly errors: PodlabError[] = [];
  readonly warnings: PodlabError[] = [];

  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
    private readonly doc: Document,
  ) {}

  /** The whole document as a field with an empty path. */
  root(): Field {
    return { path: '', key: undefined, node: this.resolve(this.doc.contents) };
  }

  /** 1-based line of the document's first content. */
  startLine(): number {
    return this.position(this.root().node)?.line ?? 1;
  }

  locate(node: Node | undefined, path: string): ErrorLocation {
    const loc: ErrorLocation = { file: this.file };
    const pos = this.position(node) ?? this.position(this.resolve(this.doc.contents));
    if (pos) {
      loc.line = pos.line;
      loc.column = pos.column;
    }
    if (path) loc.field = path;
    return loc;
  }

  /** A problem about a field's value: points at the value, or at the key when there is none. */
  problem(f: Field, message: string, hint?: string): void {
    this.errors.push(this.make(f.node ?? f.key ?? f.empty, f.path, message, hint));
  }

  /** A problem about a field's presence: points at its key. */
  problemAtKey(f: Field, message: string, hint?: string): void {
    this.errors.push(this.make(f.key ?? f.node, f.path, message, hint));
  }

  warnAtKey(f: Field, message: string, hint?: string): void {
    this.warnings.push(this.make(f.key ?? f.node, f.path, message, hint));
  }

  /**
   * Reports a missing required field at the nearest thing that exists: its key (written with
   * an empty value), else the mapping that should hold it. Returns whether a value is there.
   */
  required(f: Field, parent: Field, message: string, hint?: string): boolean {
    if (f.node !== undefined) return true;
    this.errors.push(this.make(f.key ?? parent.key ?? parent.node ?? parent.empty, f.path, message, hint));
    return false;
  }

  /** Any key of a mapping without classifying the others (used to read `kind` first). */
  peek(f: Field, name: string): Field {
    const absent: Field = { path: childPath(f.path, name), key: undefined, node: undefined };
    if (!isMap(f.node)) return absent;
    for (const pair of f.node.items) {
      const key = this.resolve(pair.key);
      if (isScalar(key) && key.value === name) return { ...absent, key, node: this.resolve(pair.value) };
    }
    return absent;
  }

  /**
   * A mapping read against a level of the field catalog: supported fields are returned; known
   * but unapplied ones warn; unsupported ones and typos are problems.
   */
  mapping(f: Field, level: FieldLevel, what = 'a mapping'): Fields {
    const byName = new Map<string, Field>();
    for (const entry of this.entries(f, what)) {
      const name = nameOf(entry);
      if (level.supported.includes(name)) {
        byName.set(name, entry);
        continue;
      }
      const ignored = level.ignored?.[name];
      if (ignored) {
        if (!isNeutral(entry.node, ignored)) this.warnAtKey(entry, `\`${name}\` is not applied by Podlab: ${ignored.why}`);
        continue;
      }
      const unsupported = level.unsupported?.[name] ?? (level.unsupportedPattern?.test.test(name) ? level.unsupportedPattern : undefined);
      if (unsupported) {
        if (level.keyIsMeaningful || !isNeutral(entry.node, unsupported)) {
          this.problemAtKey(entry, level.unsupportedMessage?.(name) ?? `\`${name}\` is not supported by Podlab: ${unsupported.why}`);
        }
        continue;
      }
      const known = [...level.supported, ...Object.keys(level.ignored ?? {}), ...Object.keys(level.unsupported ?? {})];
      const guess = suggestName(name, known);
      if (guess) this.problemAtKey(entry, `unknown field \`${name}\`; did you mean \`${guess}\`?`);
      else {
        const here = level.supported.length ? `fields Podlab reads here: ${level.supported.join(', ')}` : undefined;
        this.problemAtKey(entry, `unknown field \`${name}\``, here);
      }
    }
    return new Fields(f, byName);
  }

  /** The entries of a mapping with string keys, each as a field named by its key. */
  entries(f: Field, what = 'a mapping'): Field[] {
    if (f.node === undefined) return [];
    if (!isMap(f.node)) {
      this.problem(f, `expected ${what}, found ${describe(f.node)}`);
      return [];
    }
    const out: Field[] = [];
    const seen = new Set<string>();
    for (const pair of f.node.items) {
      const key = this.resolve(pair.key);
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.errors.push(this.make(key, f.path, `keys must be strings, found ${describe(key)}`, 'quote the key'));
        continue;
      }
      // The YAML layer already reports a repeated key; reading it twice would only echo that.
      if (seen.has(key.value)) continue;
      seen.add(key.value);
      out.push({ path: childPath(f.path, key.value), key, node: this.resolve(pair.value) });
    }
    return out;
  }

  /** The items of a list; absent reads as empty. */
  list(f: Field, example?: string): Field[] {
    if (f.node === undefined) return [];
    if (!isSeq(f.node)) {
      this.problem(f, `expected a list, found ${describe(f.node)}`, example ? `write it as a list, e.g. ${example}` : undefined);
      return [];
    }
    return f.node.items.map((item, i) => {
      const node = this.resolve(item);
      const field: Field = { path: `${f.path}[${i}]`, key: undefined, node };
      if (node === undefined && isNode(item)) field.empty = item;
      return field;
    });
  }

  string(f: Field): string | undefined {
    const node = f.node;
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
      const text = scalarText(node) ?? String(node.value);
      this.problem(f, `expected a string, found ${describe(node)}; quote it: "${text}"`);
      return undefined;
    }
    this.problem(f, `expected a string, found ${describe(node)}`);
    return undefined;
  }

  /** A list of strings (command, args, capabilities); `example` shows the list form. */
  stringList(f: Field, example?: string): string[] | undefined {
    if (f.node === undefined) return undefined;
    const items = this.list(f, example);
    if (!isSeq(f.node)) return undefined;
    const out: string[] = [];
    for (const item of items) {
      if (item.node === undefined) {
        this.problem(item, 'expected a string, found nothing (null)', 'write the element, or quote it: ""');
        continue;
      }
      const s = this.string(item);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  boolean(f: Field): boolean | undefined {
    const node = f.node;
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    let hint: string | undefined;
    if (isScalar(node) && typeof node.value === 'string') {
      hint = /^(true|false)$/.test(node.value)
        ? 'remove the quotes'
        : 'YAML 1.2 reads yes/no/on/off as strings; write true or false';
    }
    this.problem(f, `expected true or false, found ${describe(node)}`, hint);
    return undefined;
  }

  integer(f: Field, min: number, max: number): number | undefined {
    const node = f.node;
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value)) {
      if (node.value >= min && node.value <= max) return node.value;
      const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `between ${min} and ${max}`;
      this.problem(f, `must be ${range}, found ${scalarText(node) ?? node.value}`);
      return undefined;
    }
    const quoted = isScalar(node) && typeof node.value === 'string' && /^\d+$/.test(node.value);
    this.problem(f, `expected a whole number, found ${describe(node)}`, quoted ? 'remove the quotes' : undefined);
    return undefined;
  }

  /** One of a fixed set of strings, with a suggestion for near misses (`always` → `Always`). */
  oneOf<T extends string>(f: Field, allowed: readonly T[]): T | undefined {
    const value = this.string(f);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const guess = suggestName(value, allowed);
    const list = allowed.map((a) => (a === '' ? '""' : a)).join(', ');
    this.problem(f, `must be one of ${list}, found ${JSON.stringify(value)}${guess !== undefined ? `; did you mean ${guess}?` : ''}`);
    return undefined;
  }

  /** A Kubernetes quantity as written: a string, or a YAML number in its source form. */
  quantityText(f: Field): string | undefined {
    const node = f.node;
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    if (isScalar(node) && typeof node.value === 'number') return scalarText(node);
    this.problem(f, `expected a quantity such as 500m or 64Mi, found ${describe(node)}`);
    return undefined;
  }

  /** Where a field was first written, for "… (first at line N)". */
  lineOf(f: Field): number | undefined {
    return this.position(f.key ?? f.node)?.line;
  }

  private make(node: Node | undefined, path: string, message: string, hint?: string): PodlabError {
    return new PodlabError('MANIFEST_INVALID', message, { location: this.locate(node, path), ...(hint ? { hint } : {}) });
  }

  private position(node: Node | undefined): { line: number; column: number } | undefined {
    const start = node?.range?.[0];
    if (start === undefined) return undefined;
    const { line, col } = this.lines.linePos(start);
    return { line, column: col };
  }

  private resolve(value: unknown): Node | undefined {
    let node = value;
    // Aliases may point at aliases; the YAML layer already rejects cycles and alias floods.
    for (let hops = 0; isAlias(node) && hops < 100; hops++) node = node.resolve(this.doc);
    if (!isNode(node) || isAlias(node)) return undefined;
    if (isScalar(node) && (node.value === null || node.value === undefined)) return undefined;
    return node;
  }
}

/** The key a field was read under (the last segment of its path). */
export function nameOf(f: Field): string {
  return isScalar(f.key) && typeof f.key.value === 'string' ? f.key.value : f.path;
}
