// The lab format: the checked-in JSON Schema is the one the zod schema makes, every lab names it for
// editors, and the code blocks of a step's markdown say what a window may do with them.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeBlocks, readInfo } from '../../electron/engine/labs/markdown.js';
import { labJsonSchema } from '../../electron/engine/labs/schema.js';

const LABS = path.resolve(import.meta.dirname, '../../labs');

describe('labs/lab.schema.json', () => {
  it('is what the zod schema generates (run `npm run labs:schema` after changing the format)', () => {
    const checkedIn: unknown = JSON.parse(readFileSync(path.join(LABS, 'lab.schema.json'), 'utf8'));
    expect(checkedIn).toEqual(JSON.parse(JSON.stringify(labJsonSchema())));
  });

  it('completes the fields a lab has and refuses others', () => {
    const schema = labJsonSchema() as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'title', 'summary', 'minutes', 'terminals', 'steps']));
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['pods', 'byHand']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('is named on the first line of every lab.yaml, for yaml-language-server', () => {
    const labs = readdirSync(LABS).filter((d) => existsSync(path.join(LABS, d, 'lab.yaml')));
    expect(labs).toContain('process-groups');
    for (const id of labs) expect(readFileSync(path.join(LABS, id, 'lab.yaml'), 'utf8').split('\n')[0], id).toBe('# yaml-language-server: $schema=../lab.schema.json');
  });
});

describe('code blocks in a step', () => {
  it('reads exec, exec=TERMINAL and interrupt from the info string; anything else is copy-only', () => {
    expect(readInfo('sh exec')).toEqual({ lang: 'sh', action: 'exec', interrupt: false });
    expect(readInfo('sh exec=host interrupt')).toEqual({ lang: 'sh', action: 'exec', terminal: 'host', interrupt: true });
    expect(readInfo('sh interrupt')).toEqual({ lang: 'sh', action: 'copy', interrupt: false });
    expect(readInfo('sh copy')).toEqual({ lang: 'sh', action: 'copy', interrupt: false });
    expect(readInfo('')).toEqual({ lang: '', action: 'copy', interrupt: false });
  });

  it('finds fenced blocks with their line, longer fences and tildes included', () => {
    const md = ['Run:', '```sh exec', 'pstree -g', '```', 'then', '~~~~ sh exec=host', '```', 'docker ps', '~~~~', 'and `inline ``` code`'].join('\n');
    expect(codeBlocks(md)).toEqual([
      { lang: 'sh', action: 'exec', interrupt: false, code: 'pstree -g', line: 2 },
      { lang: 'sh', action: 'exec', terminal: 'host', interrupt: false, code: '```\ndocker ps', line: 6 },
    ]);
  });
});
