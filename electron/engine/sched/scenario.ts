// A scheduling scenario file (YAML): the nodes and their free memory, the containers with their
// memory and `affinity` (the container they must sit beside), the queue's order and the strategy.
// Read with zod, then checked as a whole (names unique, affinity targets real, no affinity cycle).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PodlabError } from '../base/errors.js';
import { suggestName } from '../base/suggest.js';
import { type FieldPath, type YamlFile, fileProblems, parseYamlFile } from '../base/yaml-file.js';
import { parseMemory } from './memory.js';

export const STRATEGIES = ['binpack', 'spread', 'first-fit'] as const;
/** How a node is chosen among those that fit: the fullest (Swarm's binpack), the emptiest (spread), the first listed. */
export type Strategy = (typeof STRATEGIES)[number];

const NAME = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: 'a name is lowercase letters, digits and dashes, e.g. node-1' });
const MEMORY = z.string({ error: (i) => (i.input === undefined ? undefined : 'memory needs a unit, e.g. 1GB, 2.5GB or 512Mi') }).refine((t) => (parseMemory(t) ?? 0) > 0, { error: 'expected a memory size above 0 with a unit, e.g. 1GB, 2.5GB or 512Mi' });

const SCHEMA = z.strictObject({
  title: z.strictObject({ en: z.string(), zh: z.string() }).optional(),
  strategy: z.enum(STRATEGIES).default('binpack'),
  nodes: z.array(z.strictObject({ name: NAME, memory: MEMORY })).min(1, { error: 'list at least one node' }),
  containers: z.array(z.strictObject({ name: NAME, memory: MEMORY, affinity: NAME.optional() })).min(1, { error: 'list at least one container' }),
  /** The queue: container names in the order they are run; default, the order of `containers`. */
  order: z.array(NAME).optional(),
});

export interface SchedNode {
  name: string;
  /** Free memory in bytes. */
  memory: number;
}

export interface SchedContainer {
  name: string;
  memory: number;
  /** The container this one must run beside (Swarm's `affinity:container==main`). */
  affinity?: string;
}

export interface Scenario {
  /** The file's name without its extension: `rsyslog` for rsyslog.yaml. */
  name: string;
  file: string;
  title?: { en: string; zh: string };
  strategy: Strategy;
  nodes: SchedNode[];
  /** In queue order. */
  containers: SchedContainer[];
}

export function scenarioName(file: string): string {
  return path.basename(file).replace(/\.[^.]*$/, '');
}

/** Parses a scenario; throws one SCENARIO_INVALID error listing every problem at file:line:column. */
export function parseScenario(text: string, file: string): Scenario {
  const { value, yaml } = parseYamlFile(SCHEMA, text, file, 'SCENARIO_INVALID');
  const problems = [
    ...duplicates(yaml, 'nodes', value.nodes),
    ...duplicates(yaml, 'containers', value.containers),
    ...affinityProblems(yaml, value.containers),
    ...orderProblems(yaml, value.containers, value.order),
  ];
  if (problems.length) throw fileProblems('SCENARIO_INVALID', file, problems);
  const byName = new Map(value.containers.map((c) => [c.name, c]));
  const order = value.order ?? value.containers.map((c) => c.name);
  return {
    name: scenarioName(file),
    file,
    ...(value.title ? { title: value.title } : {}),
    strategy: value.strategy,
    nodes: value.nodes.map((n) => ({ name: n.name, memory: parseMemory(n.memory) ?? 0 })),
    containers: order.flatMap((name) => {
      const c = byName.get(name);
      return c ? [{ name, memory: parseMemory(c.memory) ?? 0, ...(c.affinity ? { affinity: c.affinity } : {}) }] : [];
    }),
  };
}

export async function readScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new PodlabError('USAGE', `cannot read the scenario ${file}: ${why}`, { hint: 'give the path of a scenario YAML file, e.g. labs/gang-scheduling/rsyslog.yaml', cause: err });
  }
  return parseScenario(text, file);
}

function duplicates(yaml: YamlFile, list: 'nodes' | 'containers', items: { name: string }[]): PodlabError[] {
  const first = new Map<string, number>();
  return items.flatMap((item, i) => {
    const at = first.get(item.name);
    if (at === undefined) {
      first.set(item.name, i);
      return [];
    }
    return [yaml.problem('SCENARIO_INVALID', [list, i, 'name'], `${list}[${at}] is already named "${item.name}"`, 'give each one its own name')];
  });
}

function affinityProblems(yaml: YamlFile, containers: { name: string; affinity?: string | undefined }[]): PodlabError[] {
  const names = containers.map((c) => c.name);
  const affinity = new Map(containers.map((c) => [c.name, c.affinity]));
  const problems: PodlabError[] = [];
  const inCycle = new Set<string>();
  for (const [i, c] of containers.entries()) {
    const at: FieldPath = ['containers', i, 'affinity'];
    if (c.affinity === undefined) continue;
    if (c.affinity === c.name) {
      problems.push(yaml.problem('SCENARIO_INVALID', at, `"${c.name}" cannot need to sit beside itself`, 'remove the affinity, or name another container'));
    } else if (!names.includes(c.affinity)) {
      const near = suggestName(c.affinity, names);
      problems.push(yaml.problem('SCENARIO_INVALID', at, `no container is named "${c.affinity}"`, near ? `did you mean "${near}"?` : `the containers: ${names.join(', ')}`));
    } else if (!inCycle.has(c.name)) {
      // Follow the chain: coming back to this container is a cycle none of them can start.
      const chain = [c.name];
      let next: string | undefined = c.affinity;
      while (next !== undefined && next !== c.name && chain.length <= names.length) {
        chain.push(next);
        next = affinity.get(next);
      }
      if (next === c.name) {
        chain.forEach((n) => inCycle.add(n));
        problems.push(yaml.problem('SCENARIO_INVALID', at, `affinity cycle ${[...chain, c.name].join(' → ')}: none of them can be placed first`, 'remove the affinity of one of them, the one that should start first'));
      }
    }
  }
  return problems;
}

function orderProblems(yaml: YamlFile, containers: { name: string }[], order: string[] | undefined): PodlabError[] {
  if (order === undefined) return [];
  const names = containers.map((c) => c.name);
  const seen = new Set<string>();
  const problems = order.flatMap((name, i) => {
    if (!names.includes(name)) {
      const near = suggestName(name, names);
      return [yaml.problem('SCENARIO_INVALID', ['order', i], `no container is named "${name}"`, near ? `did you mean "${near}"?` : `the containers: ${names.join(', ')}`)];
    }
    if (seen.has(name)) return [yaml.problem('SCENARIO_INVALID', ['order', i], `"${name}" is already in the order`, 'list each container once')];
    seen.add(name);
    return [];
  });
  const missing = names.filter((n) => !seen.has(n));
  if (missing.length) problems.push(yaml.problem('SCENARIO_INVALID', ['order'], `the order leaves out ${missing.join(', ')}`, 'list every container once, or drop `order` to use the order of `containers`'));
  return problems;
}
