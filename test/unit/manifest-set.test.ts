// Several manifest files as one apply: all parsed before anything, every file's problems at once,
// a Pod in two files refused; and the files a directory gives (sorted, -R for the ones below).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestsIn, readManifests } from '../../electron/cli/manifest-files.js';
import { PodlabError } from '../../electron/engine/base/errors.js';
import { parseManifestSet } from '../../electron/engine/pods/manifest/parse-set.js';
import { Readable } from 'node:stream';

const podYaml = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - {name: app, image: podlab/toolbox:1}\n`;
const BROKEN = 'apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  contianers: []\n';

function thrown(f: () => unknown): PodlabError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(PodlabError);
    return err as PodlabError;
  }
  throw new Error('expected an error');
}

describe('parseManifestSet', () => {
  it('gives the Pods of every file, in order', () => {
    const pods = parseManifestSet([
      { yaml: podYaml('a'), file: 'a.yaml' },
      { yaml: `${podYaml('b')}---\n${podYaml('c')}`, file: 'bc.yaml' },
    ]);
    expect(pods.map((p) => [p.pod.metadata.name, p.source.file])).toEqual([
      ['a', 'a.yaml'],
      ['b', 'bc.yaml'],
      ['c', 'bc.yaml'],
    ]);
  });

  it("one broken file: that file's error, unchanged, with file:line:column", () => {
    const err = thrown(() => parseManifestSet([{ yaml: podYaml('a'), file: 'a.yaml' }, { yaml: BROKEN, file: 'b.yaml' }]));
    expect(err.code).toBe('MANIFEST_INVALID');
    expect(err.message).toBe('2 problems in b.yaml');
    expect(err.details.map((d) => d.location)).toContainEqual(expect.objectContaining({ file: 'b.yaml', line: 5, column: 3 }));
  });

  it('several broken files: one error with the problems of each', () => {
    const err = thrown(() => parseManifestSet([{ yaml: BROKEN, file: 'a.yaml' }, { yaml: '', file: 'empty.yaml' }, { yaml: BROKEN, file: 'c.yaml' }]));
    expect(err.message).toBe('5 problems in a.yaml, empty.yaml, c.yaml');
    expect(err.details.map((d) => d.location?.file)).toEqual(['a.yaml', 'a.yaml', 'empty.yaml', 'c.yaml', 'c.yaml']);
  });

  it('a Pod defined in two files is refused, naming the first', () => {
    const err = thrown(() => parseManifestSet([{ yaml: podYaml('a'), file: 'one.yaml' }, { yaml: podYaml('a'), file: 'two.yaml' }]));
    expect(err.message).toBe('Pod default/a is already defined in one.yaml (line 1)');
    expect(err.location).toMatchObject({ file: 'two.yaml', field: 'metadata.name' });
  });
});

describe('the manifests -f names', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'podlab-manifests-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const f of ['b.yaml', 'a.yml', 'c.json', 'notes.txt', 'sub/d.yaml', 'sub/deeper/e.yaml', 'a/z.yaml']) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), podYaml(path.basename(f, path.extname(f))));
  }

  it("a directory gives its *.yaml, *.yml and *.json, sorted; -R the directories' too, in walk order", () => {
    const rel = (files: string[]) => files.map((f) => path.relative(dir, f));
    expect(rel(manifestsIn(dir, false))).toEqual(['a.yml', 'b.yaml', 'c.json']);
    expect(rel(manifestsIn(dir, true))).toEqual(['a/z.yaml', 'a.yml', 'b.yaml', 'c.json', 'sub/d.yaml', 'sub/deeper/e.yaml']);
  });

  it('files, directories and stdin together, in the order given', async () => {
    const got = await readManifests([path.join(dir, 'sub'), '-', path.join(dir, 'notes.txt')], false, Readable.from([podYaml('stdin')]));
    expect(got.map((m) => path.basename(m.file))).toEqual(['d.yaml', '<stdin>', 'notes.txt']);
    expect(got[1]?.yaml).toContain('name: stdin');
  });

  it('no -f, a missing file, stdin twice or a directory without manifests are usage errors', async () => {
    const err = async (paths: string[]) => (await readManifests(paths, false, Readable.from([])).catch((e: unknown) => e)) as PodlabError;
    expect((await err([])).message).toBe('give the manifests with -f FILE, -f DIR or -f - (standard input)');
    expect((await err([path.join(dir, 'nope.yaml')])).message).toBe(`cannot read ${path.join(dir, 'nope.yaml')}: no such file`);
    expect((await err(['-', '-'])).code).toBe('USAGE');
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    expect(await err([empty])).toMatchObject({ code: 'USAGE', message: `no manifests in ${empty}`, hint: expect.stringContaining('add -R') });
  });
});
