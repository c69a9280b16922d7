// Reading labs from disk: each folder of the labs directory that holds a lab.yaml is a lab. A lab
// is loaded whole (its YAML, its Pod manifests, every cross-reference) or listed as broken with
// every problem, file:line:column first; one broken lab never hides the others.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PodlabError } from '../base/errors.js';
import { parseYamlFile, type YamlFile } from '../base/yaml-file.js';
import { suggestName } from '../base/suggest.js';
import { parseManifestSet, type ManifestText } from '../pods/manifest/parse-set.js';
import type { ParsedPod } from '../pods/manifest/spec.js';
import { labSchema, type Lab } from './schema.js';
import { crossCheck } from './validate.js';

export const LAB_FILE = 'lab.yaml';

interface LabSource {
  /** The folder's name (a broken lab has no trustworthy id of its own). */
  id: string;
  dir: string;
  /** lab.yaml as errors name it (relative to the working directory when inside it). */
  file: string;
}
export interface LoadedLab extends LabSource {
  ok: true;
  lab: Lab;
  pods: ParsedPod[];
}
export interface BrokenLab extends LabSource {
  ok: false;
  errors: PodlabError[];
}
export type LabEntry = LoadedLab | BrokenLab;

/** How a path is shown in an error: relative to the working directory when inside it. */
export function shownPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

const problem = (message: string, file: string, hint: string) => new PodlabError('LAB_INVALID', message, { location: { file }, hint });

export function loadLab(dir: string): LabEntry {
  const abs = path.resolve(dir);
  const file = shownPath(path.join(abs, LAB_FILE));
  const source = { id: path.basename(abs), dir: abs, file };
  let text: string;
  try {
    text = readFileSync(path.join(abs, LAB_FILE), 'utf8');
  } catch {
    return { ...source, ok: false, errors: [problem(`no ${LAB_FILE} in ${shownPath(abs)}`, file, `a lab is a folder with a ${LAB_FILE}; see the README's "Labs" section`)] };
  }
  let lab: Lab;
  let yaml: YamlFile;
  try {
    ({ value: lab, yaml } = parseYamlFile(labSchema, text, file, 'LAB_INVALID'));
  } catch (err) {
    if (!(err instanceof PodlabError)) throw err;
    return { ...source, ok: false, errors: err.details.length ? err.details : [err] };
  }
  const { pods, errors } = readPods(lab, abs, yaml);
  errors.push(...crossCheck(lab, errors.length ? undefined : pods, source.id, abs, yaml));
  return errors.length ? { ...source, ok: false, errors: sortByLine(errors) } : { ...source, ok: true, lab, pods };
}

/** The lab's Pod manifests, parsed together; a broken one adds its own file:line problems. */
function readPods(lab: Lab, dir: string, yaml: YamlFile): { pods: ParsedPod[]; errors: PodlabError[] } {
  const errors: PodlabError[] = [];
  const texts: ManifestText[] = [];
  lab.pods.forEach((name, i) => {
    const p = path.resolve(dir, name);
    if (path.relative(dir, p).startsWith('..')) {
      errors.push(yaml.problem('LAB_INVALID', ['pods', i], `${name} is outside the lab's folder`, "keep a lab's manifests in its own folder"));
    } else if (!existsSync(p)) {
      const here = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== LAB_FILE);
      const guess = suggestName(name, here);
      errors.push(yaml.problem('LAB_INVALID', ['pods', i], `no manifest ${name} in the lab's folder${guess ? `; did you mean ${guess}?` : ''}`, `the YAML files there: ${here.join(', ') || 'none'}`));
    } else texts.push({ yaml: readFileSync(p, 'utf8'), file: shownPath(p) });
  });
  if (!texts.length) return { pods: [], errors };
  try {
    return { pods: parseManifestSet(texts), errors };
  } catch (err) {
    if (!(err instanceof PodlabError) || err.code !== 'MANIFEST_INVALID') throw err;
    errors.push(...(err.details.length ? err.details : [err]));
    return { pods: [], errors };
  }
}

function sortByLine(errors: PodlabError[]): PodlabError[] {
  return errors.sort((a, b) => (a.location?.file ?? '').localeCompare(b.location?.file ?? '') || (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
}

/** Every lab of a labs directory in library order (`order`, then id; a broken lab by id): folders with a lab.yaml (examples/ and images/ have none). */
export function loadLabs(labsDir: string): LabEntry[] {
  if (!existsSync(labsDir)) {
    throw new PodlabError('LAB_NOT_FOUND', `no labs directory at ${labsDir}`, { hint: 'set PODLAB_LABS_DIR to the folder that holds the labs' });
  }
  return readdirSync(labsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(labsDir, d.name, LAB_FILE)))
    .map((d) => loadLab(path.join(labsDir, d.name)))
    .sort((a, b) => orderOf(a) - orderOf(b) || a.id.localeCompare(b.id));
}

/** One lab by id, ready to run: LAB_NOT_FOUND when there is none, LAB_INVALID with every problem when it is broken. */
export function findLab(labsDir: string, id: string): LoadedLab {
  const dir = path.join(labsDir, id);
  if (!/^[a-z0-9-]+$/.test(id) || !existsSync(path.join(dir, LAB_FILE))) {
    const known = existsSync(labsDir) ? loadLabs(labsDir).map((l) => l.id) : [];
    const guess = suggestName(id, known);
    throw new PodlabError('LAB_NOT_FOUND', `no lab "${id}"${guess ? `; did you mean "${guess}"?` : ''}`, { hint: `the labs: ${known.join(', ') || 'none'} (\`podlab lab ls\`)` });
  }
  const entry = loadLab(dir);
  if (entry.ok) return entry;
  const n = entry.errors.length;
  throw new PodlabError('LAB_INVALID', `lab "${id}" has ${n} problem${n === 1 ? '' : 's'}`, { details: entry.errors, hint: `fix ${n === 1 ? 'it' : 'each one'}, then \`podlab lab validate ${shownPath(dir)}\`` });
}

export type { Lab };

function orderOf(entry: LabEntry): number {
  return entry.ok ? (entry.lab.order ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
}
