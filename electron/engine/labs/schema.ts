// The lab format (labs/<id>/lab.yaml) as a zod schema: the runtime check every lab goes through,
// and the source of the checked-in JSON Schema (labs/lab.schema.json) editors complete from.
// Cross-references (a step's terminal, a check's Pod) are checked afterwards, in validate.ts.
import { z } from 'zod';
import type { Lang } from '../base/lang.js';
import { checkSchema } from './checks/schema.js';

/** Text a learner reads, in both languages. A missing one is named as a missing translation. */
const translation = (lang: Lang) =>
  z.string({ error: (i) => (i.input === undefined ? `missing the ${lang === 'zh' ? 'Chinese (zh)' : 'English (en)'} translation` : 'expected text') }).min(1, 'empty text');
export const bilingual = z.strictObject({ en: translation('en'), zh: translation('zh') }).meta({ id: 'lab-text', description: 'Text in English (en) and 中文 (zh); both are required.' });

/** Lab ids, step ids and terminal names: what a folder name, a URL and a CLI argument can all carry. */
export const ID_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const id = z.string().regex(ID_PATTERN, 'use lowercase letters, digits and "-" (e.g. process-groups)').meta({ id: 'lab-id', description: 'Lowercase letters, digits and "-".' });
const name = z.string().min(1).max(253);
/** Docker container names the learner types (`docker run --name …`). */
const containerName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, 'a Docker container name: letters, digits, "_", "." or "-"');

export const terminalSchema = z
  .strictObject({
    name: id,
    /** A container of one of the lab's Pods… */
    pod: name.optional(),
    /** …(default: the Pod's default container)… */
    container: name.optional(),
    /** …or a shell on this machine. */
    host: z.literal(true).optional(),
  })
  .refine((t) => (t.pod !== undefined) !== (t.host !== undefined) && (t.container === undefined || t.pod !== undefined), {
    message: 'a terminal is either a Pod container ({ name, pod, container }) or the host ({ name, host: true })',
  })
  .meta({ id: 'lab-terminal', description: 'A terminal the lab opens: { name, pod, container } for a container of one of its Pods, { name, host: true } for a shell on this machine.' });
export type LabTerminal = z.output<typeof terminalSchema>;

const solveSchema = z.strictObject({ terminal: id, run: z.string().min(1) });

export const stepSchema = z.strictObject({
  id,
  title: bilingual,
  /** Markdown in both languages; fenced blocks `sh exec`, `sh exec=NAME`, `… interrupt` are runnable. */
  text: bilingual,
  /** The step's default terminal (default: the lab's first). */
  terminal: id.optional(),
  hints: z.array(bilingual).min(1, 'give at least one hint'),
  solve: z.array(solveSchema).min(1, 'give the commands that complete the step (the self-test runs them)'),
  checks: z.array(checkSchema).min(1, 'give at least one check'),
}).meta({ id: 'lab-step', description: 'A step: its text, hints, the commands that solve it (the self-test runs them) and the checks that must all pass.' });
export type LabStep = z.output<typeof stepSchema>;

export const labSchema = z.strictObject({
  id,
  title: bilingual,
  summary: bilingual,
  minutes: z.number().int().min(1).max(240),
  /** Place in the library: lower first; labs without one come after, by id. */
  order: z.number().int().min(0).max(100_000).optional(),
  /** Pod manifests in the lab's folder, applied with the lab id as their group. */
  pods: z.array(z.string().min(1)).default([]),
  terminals: z.array(terminalSchema).min(1, 'give at least one terminal'),
  /** Containers the learner makes with `docker run --name …`: adopted when made after the start, removed by reset. */
  byHand: z.array(containerName).default([]),
  steps: z.array(stepSchema).min(1, 'give at least one step'),
});
export type Lab = z.output<typeof labSchema>;

/** The JSON Schema of lab.yaml, for editors (yaml-language-server); checked in as labs/lab.schema.json. */
export function labJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(labSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Podlab lab (labs/<id>/lab.yaml)',
    description: 'A guided lab: Pods, terminals and steps with checks, hints and solves. See the "Labs" section of the README.',
  };
}
