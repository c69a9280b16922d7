// Kubernetes v1 Pod manifests → the normalized PodSpec, with every problem of a file reported at
// once (file:line:column and the field path) and nothing returned when anything is wrong. This is
// the document loop; read-pod.ts and the other read-*.ts read each Pod, fields.ts says what fits.
import { readFile } from 'node:fs/promises';
import { type Document, LineCounter, type YAMLError, isScalar, parseAllDocuments } from 'yaml';
import { type ErrorLocation, PodlabError } from '../../base/errors.js';
import { readPod } from './read-pod.js';
import { ManifestReader } from './reader.js';
import type { ParsedPod } from './spec.js';

/**
 * Parses every YAML document of `text` (empty ones are skipped) into Pods. Throws one
 * PodlabError('MANIFEST_INVALID') listing every problem in `details` when any document is wrong.
 */
export function parsePodManifests(text: string, file: string): ParsedPod[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const problems: PodlabError[] = [];
  const pods: ParsedPod[] = [];
  const firstByName = new Map<string, number>();
  let documents = 0;

  for (const doc of docs) {
    const syntax = doc.errors.map((e) => yamlProblem(e, file, lines));
    problems.push(...syntax);
    // A repeated key leaves a sound tree (the reader skips the repeat); other syntax errors
    // do not, and checking fields of a broken tree would only add noise.
    if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) continue;
    if (isEmptyDocument(doc)) continue;
    documents++;

    const reader = new ManifestReader(file, lines, doc);
    const read = readPod(reader);
    problems.push(...reader.errors);
    if (!read || reader.errors.length > 0 || syntax.length > 0) continue;

    const id = `${read.pod.metadata.namespace}/${read.pod.metadata.name}`;
    const first = firstByName.get(id);
    if (first !== undefined) {
      reader.problem(read.name, `Pod ${id} is already defined in this file (line ${first})`, 'give each Pod its own metadata.name');
      problems.push(...reader.errors);
      continue;
    }
    firstByName.set(id, reader.lineOf(read.name) ?? reader.startLine());
    const yamlWarnings = doc.warnings.map((w) => yamlProblem(w, file, lines));
    pods.push({
      pod: read.pod,
      source: { file, line: reader.startLine() },
      warnings: [...yamlWarnings, ...reader.warnings].sort(byPosition),
    });
  }

  if (problems.length > 0) {
    const n = problems.length;
    // The file is named in the message; each detail carries its own file:line:column.
    throw new PodlabError('MANIFEST_INVALID', `${n} problem${n === 1 ? '' : 's'} in ${file}`, {
      details: problems.sort(byPosition),
      hint: `fix ${n === 1 ? 'it' : 'each one'} at the line and field shown, then run again`,
    });
  }
  if (documents === 0) {
    throw new PodlabError('MANIFEST_INVALID', `no Pod in ${file}: it is empty or only has comments`, {
      location: { file },
      hint: 'write a Pod manifest (apiVersion: v1, kind: Pod, metadata.name, spec.containers); see labs/examples/',
    });
  }
  return pods;
}

/** Reads and parses a manifest file; `-` reads standard input. */
export async function readPodManifests(file: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<ParsedPod[]> {
  let text: string;
  try {
    text = file === '-' ? await readAll(stdin) : await readFile(file, 'utf8');
  } catch (err) {
    throw new PodlabError('USAGE', `cannot read ${file}: ${readFailure(err)}`, {
      hint: 'check the path, or pass - to read the manifest from standard input',
      cause: err,
    });
  }
  return parsePodManifests(text, file === '-' ? '<stdin>' : file);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && (contents.value === null || contents.value === undefined));
}

const YAML_HINTS: Partial<Record<YAMLError['code'], string>> = {
  DUPLICATE_KEY: 'remove one of the two; a field can be written only once',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'check the indentation of this line against the lines above',
  MULTILINE_IMPLICIT_KEY: 'check the indentation, or quote a value that contains `: `',
};

function yamlProblem(e: YAMLError, file: string, lines: LineCounter): PodlabError {
  const { line, col } = lines.linePos(e.pos[0]);
  const location: ErrorLocation = { file, line, column: col };
  const text = e.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '');
  return new PodlabError('MANIFEST_INVALID', `YAML: ${text}`, {
    location,
    hint: YAML_HINTS[e.code] ?? 'check the indentation and quoting around this line',
  });
}

function byPosition(a: PodlabError, b: PodlabError): number {
  const la = a.location?.line ?? Number.MAX_SAFE_INTEGER;
  const lb = b.location?.line ?? Number.MAX_SAFE_INTEGER;
  return la - lb || (a.location?.column ?? 0) - (b.location?.column ?? 0);
}
