// The check predicates a lab step may use, as zod schemas: declarative ones Podlab evaluates over
// the inspector snapshot and the Pod statuses, `file` and `script` that run through exec. A check is
// one object naming exactly one predicate, so a misspelled predicate gets a "did you mean".
import { z } from 'zod';

const name = z.string().min(1).max(253);
const count = z.number().int().min(0);

/** Pod phases a lab can wait for (Unknown is no state anyone asks for). */
export const LAB_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed'] as const;
/** Namespaces a check compares; user and time are never shared with an infra container. */
export const CHECK_NAMESPACES = ['net', 'ipc', 'pid', 'uts', 'mnt', 'cgroup'] as const;

/** Finds one or more processes: by comm (`name`) and/or a substring of the command line. */
const processMatch = z.strictObject({ name: z.string().min(1).max(64).optional(), command: z.string().min(1).optional() });

export const checkSchemas = {
  podPhase: z
    .strictObject({ pod: name, phase: z.enum(LAB_PHASES).optional(), display: z.string().min(1).optional() })
    .refine((c) => c.phase !== undefined || c.display !== undefined, { message: 'give a phase (Running …) or a display (kubectl STATUS, e.g. Init:Error)' }),
  container: z.strictObject({ pod: name, container: name, running: z.boolean().optional(), restartsAtLeast: count.optional() }),
  sandbox: z.strictObject({ pod: name, attemptAtLeast: count.min(1) }),
  namespaces: z.strictObject({ pod: name, containers: z.array(name).min(2), type: z.enum(CHECK_NAMESPACES), shared: z.boolean() }),
  process: z
    .strictObject({
      pod: name,
      container: name.optional(),
      ...processMatch.shape,
      pid1: z.literal(true).optional(),
      sameGroupAs: processMatch.optional(),
      count: z.strictObject({ atLeast: count.optional(), atMost: count.optional() }).optional(),
    })
    .refine((c) => c.name !== undefined || c.command !== undefined, { message: 'say which process: a name (comm) or a command (substring of the command line)' }),
  zombies: z
    .strictObject({ pod: name, container: name.optional(), atLeast: count.optional(), atMost: count.optional() })
    .refine((c) => c.atLeast !== undefined || c.atMost !== undefined, { message: 'give atLeast or atMost' }),
  file: z.strictObject({ pod: name, container: name, path: z.string().startsWith('/', 'an absolute path inside the container'), contains: z.string().min(1).optional() }),
  joined: z.strictObject({
    container: name,
    to: z.union([name, z.strictObject({ pod: name, container: name })]),
    namespace: z.enum(CHECK_NAMESPACES).default('net'),
  }),
  scheduled: z.strictObject({
    scenario: z.string().min(1),
    mode: z.enum(['containers', 'pod']),
    expect: z.strictObject({ placed: z.record(z.string(), z.string()).optional(), unplaced: z.array(z.string()).optional() }),
  }),
  script: z
    .strictObject({ terminal: name.optional(), pod: name.optional(), container: name.optional(), host: z.literal(true).optional(), run: z.string().min(1) })
    .refine((c) => [c.terminal !== undefined, c.pod !== undefined, c.host !== undefined].filter(Boolean).length === 1 && (c.container === undefined || c.pod !== undefined), {
      message: 'run it in one place: a terminal, a pod (+ container), or host: true',
    }),
} as const;

export type CheckKind = keyof typeof checkSchemas;
export const CHECK_KINDS = Object.keys(checkSchemas) as CheckKind[];

/** One check: an object with exactly one predicate key. */
export const checkSchema = z
  .strictObject(Object.fromEntries(CHECK_KINDS.map((k) => [k, checkSchemas[k].optional()])) as { [K in CheckKind]: z.ZodOptional<(typeof checkSchemas)[K]> })
  .refine((c) => Object.values(c).filter((v) => v !== undefined).length === 1, {
    message: `a check names exactly one predicate: ${CHECK_KINDS.join(', ')}`,
    // After an unknown (misspelled) predicate, its "did you mean" says it all.
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'lab-check', description: 'One check: an object with exactly one predicate (podPhase, container, sandbox, namespaces, process, zombies, file, joined, scheduled, script).' });

export type Check = z.output<typeof checkSchema>;
export type CheckSpec<K extends CheckKind> = z.output<(typeof checkSchemas)[K]>;

/** The one predicate a validated check names, as a tagged value. */
export type TaggedCheck = { [K in CheckKind]: { kind: K; spec: CheckSpec<K> } }[CheckKind];

export function tagCheck(c: Check): TaggedCheck {
  for (const kind of CHECK_KINDS) {
    const spec = c[kind];
    if (spec !== undefined) return { kind, spec } as TaggedCheck;
  }
  throw new Error('a validated check names one predicate');
}

/** Checks that run a command in a container or on the host (rate-limited), as opposed to pure ones. */
export function runsCommand(c: TaggedCheck): boolean {
  return c.kind === 'script' || c.kind === 'file';
}
