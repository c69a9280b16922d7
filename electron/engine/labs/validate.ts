// What the schema alone cannot see in a lab: that its id is its folder's name, that ids are unique,
// and that every terminal, Pod and container a step, a solve, a check or a code block names exists
// in this lab. Each problem points at the field that names the missing thing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PodlabError } from '../base/errors.js';
import { suggestName } from '../base/suggest.js';
import type { ParsedPod } from '../pods/manifest/spec.js';
import { tagCheck, type TaggedCheck } from './checks/schema.js';
import { codeBlocks } from './markdown.js';
import { LANGS } from '../base/lang.js';
import type { FieldPath, YamlFile } from '../base/yaml-file.js';
import type { Lab } from './schema.js';

/** The container name checks use for the Pod's infra (pause) container, as `pod describe` shows it. */
export const INFRA = 'POD';

/** `pods` is undefined when the lab's manifests are broken: references to Pods are then not checked (their own errors say enough). */
export function crossCheck(lab: Lab, pods: ParsedPod[] | undefined, folder: string, dir: string, yaml: YamlFile): PodlabError[] {
  const problems: PodlabError[] = [];
  const fail = (where: FieldPath, message: string, hint: string) => problems.push(yaml.problem('LAB_INVALID', where, message, hint));
  const near = (typed: string, known: Iterable<string>) => {
    const g = suggestName(typed, known);
    return g === undefined ? '' : `; did you mean "${g}"?`;
  };

  const containers = new Map((pods ?? []).map((p) => [p.pod.metadata.name, [...p.pod.spec.initContainers, ...p.pod.spec.containers].map((c) => c.name)]));
  const terminals = new Set(lab.terminals.map((t) => t.name));
  const byHand = new Set(lab.byHand);

  const pod = (where: FieldPath, name: string): string[] | undefined => {
    const found = containers.get(name);
    if (!found && pods) fail(where, `no Pod "${name}" in this lab${near(name, containers.keys())}`, `the lab's Pods: ${[...containers.keys()].join(', ') || 'none (list their manifests under pods:)'}`);
    return found;
  };
  const container = (where: FieldPath, podName: string, name: string | undefined, infraToo = false) => {
    const known = pod([...where.slice(0, -1), 'pod'], podName);
    if (!known || name === undefined || known.includes(name) || (infraToo && name === INFRA)) return;
    fail(where, `Pod "${podName}" has no container "${name}"${near(name, known)}`, `its containers: ${known.join(', ')}${infraToo ? `, and ${INFRA} for the infra` : ''}`);
  };
  const terminal = (where: FieldPath, name: string) => {
    if (!terminals.has(name)) fail(where, `no terminal "${name}" in this lab${near(name, terminals)}`, `the lab's terminals: ${[...terminals].join(', ')}`);
  };
  const unique = (names: string[], where: (i: number) => FieldPath, what: string) => {
    const seen = new Map<string, number>();
    names.forEach((n, i) => {
      const first = seen.get(n);
      if (first === undefined) seen.set(n, i);
      else fail(where(i), `${what} "${n}" is already used (entry ${first + 1})`, `give each ${what} its own name`);
    });
  };

  if (lab.id !== folder) fail(['id'], `the id "${lab.id}" differs from the lab's folder name "${folder}"`, `rename one of them: a lab's id is its folder's name`);
  unique(lab.terminals.map((t) => t.name), (i) => ['terminals', i, 'name'], 'terminal');
  unique(lab.steps.map((s) => s.id), (i) => ['steps', i, 'id'], 'step id');
  unique(lab.byHand, (i) => ['byHand', i], 'by-hand container');
  lab.terminals.forEach((t, i) => t.pod !== undefined && container(['terminals', i, 'container'], t.pod, t.container));

  lab.steps.forEach((step, s) => {
    const base: FieldPath = ['steps', s];
    if (step.terminal !== undefined) terminal([...base, 'terminal'], step.terminal);
    step.solve.forEach((x, i) => terminal([...base, 'solve', i, 'terminal'], x.terminal));
    for (const lang of LANGS) {
      for (const b of codeBlocks(step.text[lang])) if (b.terminal !== undefined) terminal([...base, 'text', lang], b.terminal);
    }
    step.checks.forEach((c, i) => checkRefs(tagCheck(c), [...base, 'checks', i]));
  });

  function checkRefs(c: TaggedCheck, where: FieldPath): void {
    const at = (...rest: (string | number)[]): FieldPath => [...where, c.kind, ...rest];
    switch (c.kind) {
      case 'podPhase':
      case 'sandbox':
        pod(at('pod'), c.spec.pod);
        return;
      case 'container':
      case 'file':
        container(at('container'), c.spec.pod, c.spec.container);
        return;
      case 'process':
      case 'zombies':
        container(at('container'), c.spec.pod, c.spec.container, true);
        return;
      case 'namespaces':
        c.spec.containers.forEach((n, i) => container(at('containers', i), c.spec.pod, n, true));
        return;
      case 'joined': {
        const hand = (w: FieldPath, n: string) => !byHand.has(n) && fail(w, `"${n}" is not one of the lab's by-hand containers${near(n, byHand)}`, 'list it under byHand: so the lab adopts it');
        hand(at('container'), c.spec.container);
        if (typeof c.spec.to === 'string') hand(at('to'), c.spec.to);
        else container(at('to', 'container'), c.spec.to.pod, c.spec.to.container, true);
        return;
      }
      case 'scheduled':
        if (!existsSync(path.join(dir, c.spec.scenario))) fail(at('scenario'), `no scenario file ${c.spec.scenario} in the lab's folder`, 'put the scenario YAML next to lab.yaml');
        return;
      case 'script':
        if (c.spec.terminal !== undefined) terminal(at('terminal'), c.spec.terminal);
        if (c.spec.pod !== undefined) container(at('container'), c.spec.pod, c.spec.container);
        return;
    }
  }
  return problems;
}
