// The one request contract every front door speaks (Electron IPC now, the WebSocket later): each
// method's params as a zod schema, validated at the edge, and the type of its result. Engine types
// are imported as types only, so nothing here pulls the engine into a renderer bundle.
import { z } from 'zod';
import type { DoctorReport } from '../engine/doctor.js';
import type { PodlabErrorJSON } from '../engine/base/errors.js';
import type { ApplyResult, BuiltImage, SchedOutcome, CheckReport, ContainerChoice, FlowStats, LabStatus, LabSummary, ListedImage, PodDescription, PodPlan, PodStatus, RemoveResult, SelfTestReport, SessionInfo, Snapshot, WaitOutcome } from '../engine/model.js';

export { EVENT_CHANNELS, isEventChannel, type EngineHealth, type EventChannel, type EventPayloads } from './events.js';
// What the renderer may know of the engine: the shapes of the answers, through the contract only.
export type { DoctorProblem, DoctorReport } from '../engine/doctor.js';
export type { ErrorCode, ErrorLocation, PodlabErrorJSON } from '../engine/base/errors.js';
export type * from '../engine/model.js';

/** A manifest pasted or loaded in the window is text, not a path main would read. 4 MiB is plenty (all files of a request together). */
const MAX_MANIFEST_CHARS = 4 * 1024 * 1024;

const name = z.string().min(1).max(253);
/** Groups end up as a Docker label value and a label filter, so keep them to a label-safe shape. */
const group = z
  .string()
  .regex(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/, 'a group is 1-63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit');
const graceSeconds = z.number().int().min(0).max(3600);

const manifestFile = z.strictObject({
  /** The YAML text of one file (one or more `---` documents). */
  yaml: z.string().max(MAX_MANIFEST_CHARS),
  /** Shown in error locations (`file:line:column`); never opened. */
  file: z.string().min(1).max(4096),
});

/** Every file of one `apply -f A -f B -f DIR/` in one request: all are checked before any Pod is made. */
const manifest = {
  manifests: z
    .array(manifestFile)
    .min(1)
    .max(1000)
    .refine((files) => files.reduce((n, f) => n + f.yaml.length, 0) <= MAX_MANIFEST_CHARS, {
      message: `the manifests add up to more than ${MAX_MANIFEST_CHARS / 1024 / 1024} MiB`,
    }),
  group: group.optional(),
};

const env = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').max(256), z.string().max(32_768));
const command = z.array(z.string().max(32_768)).min(1).max(1000);
/** Where a terminal session runs: a container of a Pod (docker exec, TTY) or a shell on the engine's machine. */
const terminalTarget = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('container'),
    pod: name,
    namespace: name.optional(),
    container: name.optional(),
    command: command.optional(),
    cwd: z.string().max(4096).optional(),
    env: env.optional(),
    autoReconnect: z.boolean().optional(),
    /** false for one-shot sessions (`podlab exec -it`): the end is only an exit event, no reconnect. */
    reconnectable: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('host'), command: command.optional(), cwd: z.string().max(4096).optional(), env: env.optional() }),
]);
const sessionId = z.string().regex(/^term-[0-9a-f]{12}$/, 'a terminal session id, as terminals.open returned it');

/** A lab is named by its folder: lowercase letters, digits and "-". */
const labId = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a lab id is its folder name: lowercase letters, digits and "-"');

export const methods = {
  doctor: z.strictObject({}),
  'pods.list': z.strictObject({ group: group.optional() }),
  'pods.describe': z.strictObject({ name, namespace: name.optional() }),
  'pods.apply': z.strictObject({ ...manifest, force: z.boolean().optional() }),
  'pods.plan': z.strictObject(manifest),
  /** Processes and namespace inodes of one Pod (by name) or of all Pods. */
  'inspect.snapshot': z.strictObject({ name: name.optional(), namespace: name.optional() }),
  /** Waits until the Pods are Running and ready, or finished, or the time is up (`apply --wait`). */
  'pods.wait': z.strictObject({ uids: z.array(z.string().min(1).max(64)).min(1).max(100), timeoutSeconds: z.number().min(0).max(3600) }),
  'pods.remove': z
    .strictObject({
      name: name.optional(),
      namespace: name.optional(),
      all: z.literal(true).optional(),
      group: group.optional(),
      graceSeconds: graceSeconds.optional(),
    })
    .refine((p) => (p.name === undefined) !== (p.all === undefined), { message: 'give either a Pod name or all: true (optionally with a group)' })
    .refine((p) => p.name === undefined || p.group === undefined, { message: 'a group narrows all: true, not a named Pod', path: ['group'] }),
  /** Every lab of the labs directory (PODLAB_LABS_DIR) with the learner's progress; broken ones with their problems. */
  'labs.list': z.strictObject({}),
  /** Checks lab folders (or folders of labs) on the machine that runs the engine; default: the labs directory. */
  'labs.validate': z.strictObject({ dirs: z.array(z.string().min(1).max(4096)).max(100).optional() }),
  'labs.start': z.strictObject({ id: labId }),
  'labs.status': z.strictObject({ id: labId }),
  /** A step by id, by number (1-based, as a string) or by index; default: the current step. */
  'labs.check': z.strictObject({ id: labId, step: z.union([z.string().min(1).max(63), z.number().int().min(0)]).optional() }),
  'labs.reset': z.strictObject({ id: labId, keepProgress: z.boolean().optional() }),
  'labs.stop': z.strictObject({ id: labId, finish: z.boolean().optional() }),
  /** The self-test: every step's checks fail, its solve runs, its checks pass within the time limit. */
  'labs.test': z.strictObject({ id: labId, timeoutSeconds: z.number().min(1).max(600).optional() }),
  /** Starts a terminal session; its bytes travel on a stream of their own (terminal-stream.ts), attached by id. */
  'terminals.open': z.strictObject({ target: terminalTarget, cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) }),
  /** Every open session: a reloaded page finds its terminals here and attaches again. */
  'terminals.list': z.strictObject({}),
  'terminals.close': z.strictObject({ id: sessionId }),
  /** A session's flow control figures (paused, unacknowledged level): diagnostics and the protocol tests. */
  'terminals.stats': z.strictObject({ id: sessionId }),
  'images.list': z.strictObject({}),
  /** `podlab images build`: auto = offline for each image the host can build that way; progress as ImageProgress. */
  'images.build': z.strictObject({ mode: z.enum(['offline', 'online', 'auto']).optional(), only: z.array(z.enum(['pause', 'toolbox'])).min(1).max(2).optional() }),
  /** The gang-scheduling simulator on a scenario of a lab's folder (pure: nothing recorded, no engine). */
  'sched.simulate': z.strictObject({
    lab: labId,
    scenario: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.ya?ml$/, 'a scenario is a YAML file name in the lab\'s folder'),
    mode: z.enum(['containers', 'pod']),
  }),
  /** The container logs and exec mean (named, annotated as default, or the first) and kubectl's notice when defaulted. */
  'pods.chooseContainer': z.strictObject({ name, namespace: name.optional(), container: name.optional() }),
  /** What the containers wrote, as `output` progress; followed until the containers end or the call is cancelled. */
  'pods.logs': z
    .strictObject({
      name,
      namespace: name.optional(),
      container: name.optional(),
      allContainers: z.boolean().optional(),
      previous: z.boolean().optional(),
      follow: z.boolean().optional(),
      tail: z.number().int().min(0).optional(),
      prefix: z.boolean().optional(),
    })
    .refine((p) => !(p.allContainers && p.container !== undefined), { message: 'give a container or allContainers, not both', path: ['container'] }),
  /** A command without a TTY (stdin stays closed): its output as `output` progress, its exit code as the reply. */
  'pods.exec': z.strictObject({ pod: name, namespace: name.optional(), container: name.optional(), command }),
} as const;

export type Method = keyof typeof methods;

export interface PodsApplyResult {
  pods: ApplyResult[];
  /** Fields the manifest parser accepted but Podlab does not apply (e.g. readinessProbe). */
  manifestWarnings: PodlabErrorJSON[];
}

/**
 * Progress of pods.logs and pods.exec: bytes one stream of the command wrote, in base64 so that no
 * chunk is ever decoded as text (a character split between chunks stays whole).
 */
export interface OutputChunk {
  kind: 'output';
  stream: 'stdout' | 'stderr';
  base64: string;
}

export interface Results {
  doctor: DoctorReport;
  'pods.list': PodStatus[];
  'pods.describe': PodDescription;
  'pods.apply': PodsApplyResult;
  'pods.plan': PodPlan[];
  'pods.wait': WaitOutcome[];
  'inspect.snapshot': Snapshot;
  'pods.remove': RemoveResult[];
  'labs.list': LabSummary[];
  'labs.validate': LabSummary[];
  'labs.start': LabStatus;
  'labs.status': LabStatus;
  'labs.check': CheckReport;
  'labs.reset': LabStatus;
  'labs.stop': LabStatus;
  'labs.test': SelfTestReport;
  'terminals.open': SessionInfo;
  'terminals.list': SessionInfo[];
  'terminals.close': { closed: boolean };
  'terminals.stats': FlowStats;
  'images.list': ListedImage[];
  'images.build': BuiltImage[];
  'sched.simulate': SchedOutcome;
  'pods.chooseContainer': ContainerChoice;
  /** cancelled: the caller stopped it (a followed log), rather than the containers ending. */
  'pods.logs': { cancelled: boolean };
  /** null when the caller went away before the command ended (Docker cannot stop it; it only loses its output). */
  'pods.exec': { exitCode: number | null };
}

// Fails to compile when a method has a schema but no result type, or the reverse.
type Unpaired = Exclude<Method | keyof Results, Method & keyof Results>;
const _paired: [Unpaired] extends [never] ? true : Unpaired = true;

/** What a caller sends (before defaults). */
export type Params<M extends Method> = z.input<(typeof methods)[M]>;
/** What the dispatcher hands to the engine (after validation). */
export type ValidParams<M extends Method> = z.output<(typeof methods)[M]>;
export type Result<M extends Method> = Results[M];

/** Argument list for a call: params may be left out when every field is optional. */
export type ParamsArg<M extends Method> =
  Params<M> extends Record<string, never> ? [params?: Params<M>] : Partial<Params<M>> extends Params<M> ? [params?: Params<M>] : [params: Params<M>];

export function isMethod(value: unknown): value is Method {
  return typeof value === 'string' && Object.hasOwn(methods, value);
}
