// The manifests `pod apply -f` and `pod plan -f` name, read into text before anything is sent: a
// file as given, a directory's *.yaml, *.yml and *.json files sorted by name (the directories in it
// too with -R, as kubectl walks them), and `-` for standard input.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { PodlabError } from '../engine/base/errors.js';
import type { ManifestText } from '../engine/model.js';

/** kubectl's manifest extensions for files found in a directory (a file named with -f may have any). */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

export async function readManifests(paths: readonly string[], recursive: boolean, stdin: NodeJS.ReadableStream = process.stdin): Promise<ManifestText[]> {
  if (!paths.length) throw usage('give the manifests with -f FILE, -f DIR or -f - (standard input)', 'e.g. `podlab pod apply -f labs/examples/two-containers.yaml`');
  if (paths.filter((p) => p === '-').length > 1) throw usage('-f - (standard input) can be given once', 'put the manifests read from stdin in one stream, separated by ---');
  const out: ManifestText[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push({ yaml: await text(stdin), file: '<stdin>' });
      continue;
    }
    if (!isDirectory(p)) {
      out.push({ yaml: readText(p), file: p });
      continue;
    }
    const files = manifestsIn(p, recursive);
    if (!files.length) {
      throw usage(`no manifests in ${p}`, `a directory gives its ${MANIFEST_EXTENSIONS.map((e) => `*${e}`).join(', ')} files${recursive ? '' : '; add -R for the directories inside it'}`);
    }
    for (const f of files) out.push({ yaml: readText(f), file: f });
  }
  return out;
}

/** A directory's manifests, sorted by name in each directory, as kubectl's filepath.Walk visits them. */
export function manifestsIn(dir: string, recursive: boolean): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) return recursive ? manifestsIn(p, true) : [];
      return MANIFEST_EXTENSIONS.includes(path.extname(entry.name)) ? [p] : [];
    });
}

function usage(message: string, hint: string): PodlabError {
  return new PodlabError('USAGE', message, { hint });
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false; // reading it says why
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw usage(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message}`, 'check the path given with -f');
  }
}
