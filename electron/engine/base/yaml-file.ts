// A small YAML file read against a zod schema: every problem at once, each at its file:line:column
// with the field's path, an unknown field with "did you mean". Scenario files use it; so can any
// other YAML format of Podlab, and their own checks after the schema point at fields the same way.
import { type Document, LineCounter, type Node, isMap, isNode, isScalar, parseDocument } from 'yaml';
import { z } from 'zod';
import { type ErrorCode, type ErrorLocation, PodlabError } from './errors.js';
import { suggestName } from './suggest.js';

export type FieldPath = readonly (string | number)[];

/** `containers[1].memory` */
export function fieldName(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A parsed YAML file that says where any of its fields is written. */
export class YamlFile {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Where the value at `path` is (its key with `key`); a field that is not written points at the nearest parent that is. */
  locate(path: FieldPath, opts: { key?: boolean } = {}): ErrorLocation {
    const field = path.length ? { field: fieldName(path) } : {};
    for (let n = path.length; n >= 0; n--) {
      const node = opts.key && n === path.length ? this.keyNode(path) : this.node(path.slice(0, n));
      const start = node?.range?.[0];
      if (start === undefined) continue;
      const { line, col } = this.lines.linePos(start);
      return { file: this.file, line, column: col, ...field };
    }
    return { file: this.file, ...field };
  }

  /** Whether the field is written at all. */
  has(path: FieldPath): boolean {
    return this.node(path) !== undefined;
  }

  /** The plain value written at `path`. */
  value(path: FieldPath): unknown {
    return this.doc.getIn(path);
  }

  problem(code: ErrorCode, path: FieldPath, message: string, hint?: string, opts: { key?: boolean } = {}): PodlabError {
    return new PodlabError(code, message, { location: this.locate(path, opts), ...(hint ? { hint } : {}) });
  }

  private node(path: FieldPath): Node | undefined {
    const found: unknown = path.length ? this.doc.getIn(path, true) : this.doc.contents;
    return isNode(found) ? found : undefined;
  }

  private keyNode(path: FieldPath): Node | undefined {
    const parent = this.node(path.slice(0, -1));
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1));
    return isNode(pair?.key) ? pair.key : undefined;
  }
}

/** One error for a file from all its problems, first line first; the details carry each location. */
export function fileProblems(code: ErrorCode, file: string, problems: PodlabError[]): PodlabError {
  const n = problems.length;
  const sorted = [...problems].sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
  return new PodlabError(code, `${n} problem${n === 1 ? '' : 's'} in ${file}`, {
    details: sorted,
    hint: `fix ${n === 1 ? 'it' : 'each one'} at the line and field shown, then run again`,
  });
}

/** Parses `text` and validates it; throws every problem of the file as one error with `code`. */
export function parseYamlFile<S extends z.ZodType>(schema: S, text: string, file: string, code: ErrorCode): { value: z.output<S>; yaml: YamlFile } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const yaml = new YamlFile(file, doc, lines);
  if (doc.errors.length) {
    throw fileProblems(
      code,
      file,
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        const what = e.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '');
        return new PodlabError(code, `YAML: ${what}`, { location: { file, line, column: col }, hint: 'check the indentation and quoting around this line' });
      }),
    );
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return { value: parsed.data, yaml };
  throw fileProblems(code, file, parsed.error.issues.flatMap((issue) => issueProblems(issue, schema, yaml, code)));
}

function issueProblems(issue: z.core.$ZodIssue, schema: z.ZodType, yaml: YamlFile, code: ErrorCode): PodlabError[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, path);
    return issue.keys.map((key) => {
      const near = suggestName(key, known);
      const hint = near ? `did you mean "${near}"?` : `the fields here: ${known.join(', ')}`;
      return yaml.problem(code, [...path, key], `unknown field "${key}"`, hint, { key: true });
    });
  }
  if (issue.code === 'invalid_type' && !path.length && !yaml.has(path)) return [yaml.problem(code, path, `the file is empty: expected ${issue.expected}`, 'write its fields; see the README')];
  if (issue.code === 'invalid_type' && !yaml.has(path)) {
    // A schema's own words (e.g. "missing the Chinese (zh) translation") say it better than zod's.
    const own = !issue.message.startsWith('Invalid input');
    return [yaml.problem(code, path, own ? issue.message : `missing field "${String(path.at(-1) ?? '')}" (${issue.expected})`, 'add it')];
  }
  // zod's own words ("Invalid input: …") become ours; a schema's own message is kept.
  if (issue.code === 'invalid_type') return [yaml.problem(code, path, issue.message.startsWith('Invalid input') ? `expected ${issue.expected}` : issue.message)];
  if (issue.code === 'invalid_value') {
    const typed = yaml.value(path);
    const near = typeof typed === 'string' ? suggestName(typed, issue.values.map(String)) : undefined;
    return [yaml.problem(code, path, `expected one of ${issue.values.map(String).join(', ')}`, near ? `did you mean "${near}"?` : undefined)];
  }
  return [yaml.problem(code, path, issue.message)];
}

/** The field names the schema allows at `path` (for "did you mean"). */
function knownKeys(schema: z.ZodType, path: FieldPath): string[] {
  let s: unknown = schema;
  for (const step of [...path, undefined]) {
    for (let hops = 0; hops < 10; hops++) {
      if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap();
      else if (s instanceof z.ZodPipe) s = s.in;
      else break;
    }
    if (step === undefined) break;
    if (typeof step === 'number' && s instanceof z.ZodArray) s = s.element;
    else if (typeof step === 'string' && s instanceof z.ZodObject) s = (s.shape as Record<string, unknown>)[step];
    else return [];
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}
