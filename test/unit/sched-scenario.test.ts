// Scenario files of the scheduler simulator: every problem of a file at once, each at its
// file:line:column and field, with "did you mean" where a name is close to a known one.
import { describe, expect, it } from 'vitest';
import { PodlabError, formatError } from '../../electron/engine/base/errors.js';
import { parseScenario, readScenario } from '../../electron/engine/sched/scenario.js';
import { rejection } from '../support/rejection.js';

function problems(text: string): { at: string; message: string; hint: string | undefined }[] {
  let err: unknown;
  try {
    parseScenario(text, 's.yaml');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(PodlabError);
  const e = err as PodlabError;
  expect(e.code).toBe('SCENARIO_INVALID');
  return e.details.map((d) => ({ at: `${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.location?.field ?? ''}`.trim(), message: d.message, hint: d.hint }));
}

const GOOD_NODES = 'nodes:\n  - { name: node-1, memory: 3GB }\n';

describe('scenario validation', () => {
  it('an unknown field is named at its key, with "did you mean"', () => {
    expect(problems(`${GOOD_NODES}containers:\n  - name: main\n    memroy: 1GB\n`)).toEqual([
      { at: 's.yaml:4:5 containers[0].memory', message: 'missing field "memory" (string)', hint: 'add it' },
      { at: 's.yaml:5:5 containers[0].memroy', message: 'unknown field "memroy"', hint: 'did you mean "memory"?' },
    ]);
  });

  it('a strategy that is not one, with the one meant', () => {
    expect(problems(`strategy: bin-pack\n${GOOD_NODES}containers: [{ name: a, memory: 1GB }]\n`)).toEqual([
      { at: 's.yaml:1:11 strategy', message: 'expected one of binpack, spread, first-fit', hint: 'did you mean "binpack"?' },
    ]);
  });

  it('memory without a unit, a bad name and an empty list', () => {
    const found = problems('nodes: []\ncontainers:\n  - { name: Main, memory: 1 }\n  - { name: b, memory: lots }\n');
    expect(found.map((p) => [p.at, p.message])).toEqual([
      ['s.yaml:1:8 nodes', 'list at least one node'],
      ['s.yaml:3:13 containers[0].name', 'a name is lowercase letters, digits and dashes, e.g. node-1'],
      ['s.yaml:3:27 containers[0].memory', 'memory needs a unit, e.g. 1GB, 2.5GB or 512Mi'],
      ['s.yaml:4:24 containers[1].memory', 'expected a memory size above 0 with a unit, e.g. 1GB, 2.5GB or 512Mi'],
    ]);
  });

  it('duplicate names, an affinity to nobody, to itself, and a cycle', () => {
    const text = [
      'nodes:',
      '  - { name: n, memory: 1GB }',
      '  - { name: n, memory: 2GB }',
      'containers:',
      '  - { name: main, memory: 1GB }',
      '  - { name: imklog, memory: 1GB, affinity: mian }',
      '  - { name: self, memory: 1GB, affinity: self }',
      '  - { name: x, memory: 1GB, affinity: y }',
      '  - { name: y, memory: 1GB, affinity: x }',
    ].join('\n');
    expect(problems(text)).toEqual([
      { at: 's.yaml:3:13 nodes[1].name', message: 'nodes[0] is already named "n"', hint: 'give each one its own name' },
      { at: 's.yaml:6:44 containers[1].affinity', message: 'no container is named "mian"', hint: 'did you mean "main"?' },
      { at: 's.yaml:7:42 containers[2].affinity', message: '"self" cannot need to sit beside itself', hint: 'remove the affinity, or name another container' },
      { at: 's.yaml:8:39 containers[3].affinity', message: 'affinity cycle x → y → x: none of them can be placed first', hint: 'remove the affinity of one of them, the one that should start first' },
    ]);
  });

  it('an order that names a stranger, repeats one and leaves one out', () => {
    const found = problems(`${GOOD_NODES}containers:\n  - { name: main, memory: 1GB }\n  - { name: imklog, memory: 1GB }\n  - { name: imuxsock, memory: 1GB }\norder: [imklg, main, main]\n`);
    expect(found.map((p) => [p.at, p.message, p.hint])).toEqual([
      ['s.yaml:7:8 order', 'the order leaves out imklog, imuxsock', 'list every container once, or drop `order` to use the order of `containers`'],
      ['s.yaml:7:9 order[0]', 'no container is named "imklg"', 'did you mean "imklog"?'],
      ['s.yaml:7:22 order[2]', '"main" is already in the order', 'list each container once'],
    ]);
  });

  it('YAML syntax errors and an empty file', () => {
    expect(problems('nodes: [\n')[0]?.message).toMatch(/^YAML: /);
    expect(problems('')[0]?.message).toBe('the file is empty: expected object');
  });

  it('formats as file:line:column field: message, with the hint', () => {
    let text = '';
    try {
      parseScenario(`${GOOD_NODES}containers:\n  - { name: a, memory: 1GB, afinity: b }\n`, 'lab/s.yaml');
    } catch (e) {
      text = formatError(e);
    }
    expect(text).toBe('1 problem in lab/s.yaml\n  - lab/s.yaml:4:29 containers[0].afinity: unknown field "afinity" (did you mean "affinity"?)\n→ fix it at the line and field shown, then run again');
  });

  it('a file that is not there is a usage error naming it', async () => {
    const err = await rejection(readScenario('/nonexistent/s.yaml'));
    expect(err.code).toBe('USAGE');
    expect(err.message).toBe('cannot read the scenario /nonexistent/s.yaml: no such file');
  });
});
