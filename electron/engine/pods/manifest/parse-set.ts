// Several manifest files as one set (`pod apply -f a.yaml -f dir/`): every file is parsed and
// checked before anything is created, the problems of every file are reported at once, and a Pod
// defined in two files is refused as one defined twice in a file is.
import { PodlabError } from '../../base/errors.js';
import { parsePodManifests } from './parse.js';
import type { ParsedPod } from './spec.js';

/** One file's text and the name its errors carry (`file:line:column`). */
export interface ManifestText {
  yaml: string;
  file: string;
}

export function parseManifestSet(manifests: readonly ManifestText[]): ParsedPod[] {
  const pods: ParsedPod[] = [];
  const failures: PodlabError[] = [];
  for (const m of manifests) {
    try {
      pods.push(...parsePodManifests(m.yaml, m.file));
    } catch (err) {
      if (!(err instanceof PodlabError) || err.code !== 'MANIFEST_INVALID') throw err;
      failures.push(err);
    }
  }
  const first = new Map<string, ParsedPod>();
  for (const p of pods) {
    const id = `${p.pod.metadata.namespace}/${p.pod.metadata.name}`;
    const seen = first.get(id);
    if (!seen) first.set(id, p);
    else {
      failures.push(
        new PodlabError('MANIFEST_INVALID', `Pod ${id} is already defined in ${seen.source.file} (line ${seen.source.line})`, {
          location: { file: p.source.file, line: p.source.line, field: 'metadata.name' },
          hint: 'give each Pod its own metadata.name',
        }),
      );
    }
  }
  const [only] = failures;
  if (failures.length === 1 && only) throw only;
  if (failures.length > 1) {
    const files = [...new Set(failures.map((f) => f.location?.file ?? f.details[0]?.location?.file).filter((f) => f !== undefined))];
    const details = failures.flatMap((f) => (f.details.length ? f.details : [f]));
    throw new PodlabError('MANIFEST_INVALID', `${details.length} problems in ${files.join(', ')}`, {
      details,
      hint: 'fix each one at the file, line and field shown, then run again; nothing was applied',
    });
  }
  return pods;
}
