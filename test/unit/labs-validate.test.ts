// Validating labs: every problem of a lab at its file, line, column and field — unknown fields with
// "did you mean", a missing translation, a terminal, Pod or container the lab does not have, a
// duplicate id, a Pod manifest that does not validate — and one broken lab never hides the others.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PodlabError } from '../../electron/engine/base/errors.js';
import { findLab, loadLab, loadLabs, type LabEntry } from '../../electron/engine/labs/load.js';
import { rejection } from '../support/rejection.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/labs');
const LABS = path.resolve(import.meta.dirname, '../../labs');

function problems(entry: LabEntry): { file?: string; line?: number; column?: number; field?: string; message: string; hint?: string }[] {
  if (entry.ok) throw new Error(`${entry.id} loaded without problems`);
  return entry.errors.map((e: PodlabError) => ({ ...e.location, message: e.message, ...(e.hint ? { hint: e.hint } : {}) }));
}

const file = (id: string, name = 'lab.yaml') => path.relative(process.cwd(), path.join(FIXTURES, id, name));

describe('a lab with mistakes in its format', () => {
  it('names file, line, column and field of each, with "did you mean" and the missing translation', () => {
    expect(problems(loadLab(path.join(FIXTURES, 'it-labs-typo')))).toEqual([
      { file: file('it-labs-typo'), line: 4, column: 10, field: 'summary.zh', message: 'missing the Chinese (zh) translation', hint: 'add it' },
      { file: file('it-labs-typo'), line: 9, column: 5, field: 'steps[0].title', message: 'missing field "title" (object)', hint: 'add it' },
      { file: file('it-labs-typo'), line: 10, column: 5, field: 'steps[0].titel', message: 'unknown field "titel"', hint: 'did you mean "title"?' },
      { file: file('it-labs-typo'), line: 15, column: 9, field: 'steps[0].checks[0].proces', message: 'unknown field "proces"', hint: 'did you mean "process"?' },
    ]);
  });
});

describe('a lab that names what it does not have', () => {
  it('reports the missing terminal, container and Pod, and the duplicate step id, where they are written', () => {
    const found = problems(loadLab(path.join(FIXTURES, 'it-labs-refs')));
    expect(found.map((p) => [p.line, p.column, p.field, p.message])).toEqual([
      [13, 15, 'steps[0].terminal', 'no terminal "shell" in this lab'],
      [17, 56, 'steps[0].checks[0].container.container', 'Pod "it-labs-refs-pod" has no container "mian"; did you mean "main"?'],
      [18, 9, 'steps[1].id', 'step id "one" is already used (entry 1)'],
      [24, 26, 'steps[1].checks[0].podPhase.pod', 'no Pod "it-labs-refs-pdo" in this lab; did you mean "it-labs-refs-pod"?'],
    ]);
    expect(found.every((p) => p.file === file('it-labs-refs'))).toBe(true);
  });

  it("lists a broken Pod manifest's own file:line problems (and checks no reference against it)", () => {
    expect(problems(loadLab(path.join(FIXTURES, 'it-labs-manifest')))).toEqual([
      expect.objectContaining({ file: file('it-labs-manifest', 'pod.yaml'), line: 9, column: 24, field: 'spec.containers[0].imagePullPolicy', message: expect.stringContaining('must be one of Always') }),
    ]);
  });
});

describe('the labs of a folder', () => {
  it('lists broken labs with their problems beside the ones that load', () => {
    const all = loadLabs(FIXTURES);
    expect(all.map((l) => [l.id, l.ok])).toEqual([
      ['it-labs-hand', true],
      ['it-labs-manifest', false],
      ['it-labs-refs', false],
      ['it-labs-typo', false],
    ]);
  });

  it('finds a lab by id, says "did you mean" for a near miss, and refuses a broken one with every problem', async () => {
    expect(findLab(FIXTURES, 'it-labs-hand').lab.byHand).toEqual(['it-labs-hand-b']);
    const missing = await rejection((async () => findLab(FIXTURES, 'it-labs-hnad'))());
    expect(missing).toMatchObject({ code: 'LAB_NOT_FOUND', message: 'no lab "it-labs-hnad"; did you mean "it-labs-hand"?' });
    const broken = await rejection((async () => findLab(FIXTURES, 'it-labs-typo'))());
    expect(broken).toMatchObject({ code: 'LAB_INVALID', message: 'lab "it-labs-typo" has 4 problems' });
  });

  it('every lab in labs/ is valid', () => {
    for (const l of loadLabs(LABS)) expect(l.ok ? [] : problems(l), l.id).toEqual([]);
  });
});
