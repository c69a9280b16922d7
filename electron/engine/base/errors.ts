// Errors are values with a next action: the same text reaches the CLI and the window.

export interface ErrorLocation {
  /** File the problem is in (a manifest or lab file), when there is one. */
  file?: string;
  /** 1-based line and column in that file. */
  line?: number;
  column?: number;
  /** Dotted path of the field, e.g. `spec.containers[1].image`. */
  field?: string;
}

export type ErrorCode =
  | 'ENGINE_UNREACHABLE'
  | 'MANIFEST_INVALID'
  | 'LAB_INVALID'
  | 'LAB_NOT_FOUND'
  | 'SCENARIO_INVALID'
  | 'IMAGE_MISSING'
  | 'IMAGE_BUILD_FAILED'
  | 'POD_NOT_FOUND'
  | 'POD_CONFLICT'
  | 'POD_FAILED'
  | 'DOCKER_REFUSED'
  | 'USAGE'
  | 'INTERNAL';

export class PodlabError extends Error {
  readonly code: ErrorCode;
  /** What the user should do next, in one sentence. */
  readonly hint: string | undefined;
  readonly location: ErrorLocation | undefined;
  /** Further problems of the same kind (e.g. every invalid field of one manifest). */
  readonly details: PodlabError[];

  constructor(
    code: ErrorCode,
    message: string,
    opts: { hint?: string; location?: ErrorLocation; details?: PodlabError[]; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PodlabError';
    this.code = code;
    this.hint = opts.hint;
    this.location = opts.location;
    this.details = opts.details ?? [];
  }

  toJSON(): PodlabErrorJSON {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.location ? { location: this.location } : {}),
      ...(this.details.length ? { details: this.details.map((d) => d.toJSON()) } : {}),
    };
  }
}

export interface PodlabErrorJSON {
  code: ErrorCode;
  message: string;
  hint?: string;
  location?: ErrorLocation;
  details?: PodlabErrorJSON[];
}

/**
 * Any thrown value as PodlabError JSON; anything else becomes INTERNAL with its message and, unless
 * `bugHint` is false (doctor, whose failures are the engine's), the hint that it is a bug in Podlab.
 */
export function errorToJSON(err: unknown, opts: { bugHint?: boolean } = {}): PodlabErrorJSON {
  if (err instanceof PodlabError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  if (opts.bugHint === false) return { code: 'INTERNAL', message };
  return { code: 'INTERNAL', message, hint: 'this is a bug in Podlab; the log of the app has the details' };
}

/** `file:line:column field: message` — the prefix editors and terminals make clickable. */
export function formatLocation(loc: ErrorLocation | undefined): string {
  if (!loc) return '';
  let where = loc.file ?? '';
  if (loc.line !== undefined) where += `${where ? ':' : 'line '}${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}`;
  if (loc.field) where += `${where ? ' ' : ''}${loc.field}`;
  return where;
}

/** Human text for any error, with its location, every detail and the next action. */
export function formatError(err: unknown): string {
  if (!(err instanceof PodlabError)) return err instanceof Error ? err.message : String(err);
  const lines: string[] = [];
  const where = formatLocation(err.location);
  lines.push(where ? `${where}: ${err.message}` : err.message);
  for (const d of err.details) {
    const w = formatLocation(d.location);
    lines.push(`  - ${w ? `${w}: ` : ''}${d.message}${d.hint ? ` (${d.hint})` : ''}`);
  }
  if (err.hint) lines.push(`→ ${err.hint}`);
  return lines.join('\n');
}
