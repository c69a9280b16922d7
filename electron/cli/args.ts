// Reading a command line: which command it names ("did you mean …?" for a misspelled one), then
// its options by that command's own table (commands.ts), and the usage errors (exit code 2) with
// the next step for input it cannot take.
import { parseArgs } from 'node:util';
import { PodlabError } from '../engine/base/errors.js';
import { suggestName } from '../engine/base/suggest.js';
import { GROUPS, SPECS, parserOptions, type CommandName, type Options } from './commands.js';

export type { Options } from './commands.js';

export type CommandLine =
  | { kind: 'version' }
  /** Help for everything, for a group (`podlab pod`), or for one command (`--help` after it). */
  | { kind: 'help'; group?: string; command?: CommandName; exitCode: 0 | 2 }
  | { kind: 'run'; command: CommandName; args: string[]; options: Options };

const NAMES = Object.keys(SPECS) as CommandName[];

export function usageError(message: string, hint = 'run `podlab --help`'): Promise<never> {
  return Promise.reject(usage(message, hint));
}

function usage(message: string, hint: string): PodlabError {
  return new PodlabError('USAGE', message, { hint });
}

/** `; did you mean "logs"?` when a known word is close to the typed one, else nothing. */
function didYouMean(typed: string, known: Iterable<string>, quote = (s: string) => `"${s}"`): string {
  const near = suggestName(typed, known);
  return near === undefined ? '' : `; did you mean ${quote(near)}?`;
}

/** The group a first word names (`pods` is `pod`). */
function groupOf(word: string): string | undefined {
  return Object.entries(GROUPS).find(([g, spec]) => g === word || spec.aliases?.includes(word))?.[0];
}

/** The commands of a group, by their last word and its aliases. */
function groupWords(group: string): Map<string, CommandName> {
  const words = new Map<string, CommandName>();
  for (const name of NAMES) {
    const [g, sub] = name.split(' ');
    if (g !== group || sub === undefined) continue;
    words.set(sub, name);
    for (const alias of SPECS[name].aliases ?? []) words.set(alias, name);
  }
  return words;
}

export function parseCommandLine(argv: string[]): CommandLine {
  const [first, second] = argv;
  if (first === undefined) return { kind: 'help', exitCode: 0 }; // like kubectl: the overview
  if (first === '--version') return { kind: 'version' };
  if (first === '--help' || first === '-h') return { kind: 'help', exitCode: 0 };
  if (first.startsWith('-')) {
    throw usage(`unknown flag ${first}${didYouMean(first, ['--help', '--version'], (s) => s)}`, 'put the command first, e.g. `podlab pod ls --json`; `podlab --help` lists the commands');
  }
  const group = groupOf(first);
  if (group !== undefined) {
    // A bare group prints its commands, as kubectl does for `kubectl config`: that is no error.
    if (second === undefined || second === '--help' || second === '-h') return { kind: 'help', group, exitCode: 0 };
    const words = groupWords(group);
    const name = words.get(second);
    if (name === undefined) {
      const what = second.startsWith('-') ? `say which ${group} command comes before ${second}` : `unknown ${group} command "${second}"${didYouMean(second, words.keys())}`;
      throw usage(what, `the ${group} commands: ${[...new Set(words.values())].map((n) => n.split(' ')[1]).join(', ')}; see \`podlab ${group} --help\``);
    }
    return commandLine(name, argv.slice(2));
  }
  if (Object.hasOwn(SPECS, first)) return commandLine(first as CommandName, argv.slice(1));
  // `podlab logs web`: the kubectl habit of a verb without its group.
  const grouped = NAMES.find((n) => n.split(' ')[1] === first);
  const near = grouped ? `; did you mean "${grouped}"?` : didYouMean(first, [...NAMES.filter((n) => !n.includes(' ')), ...Object.keys(GROUPS)]);
  throw usage(`unknown command "${first}"${near}`, 'run `podlab --help` for the commands');
}

/** A command's options by its own table: an option of another command is unknown here. */
function commandLine(name: CommandName, rest: string[]): CommandLine {
  const specs = parserOptions(name);
  const options = Object.fromEntries(
    Object.entries(specs).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  );
  const help = `see \`podlab ${name} --help\` for its options`;
  const { tokens } = parseArgs({ args: rest, options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option' || Object.hasOwn(options, t.name)) continue;
    const near = t.rawName.startsWith('--') ? didYouMean(t.name, Object.keys(options), (s) => `--${s}`) : '';
    throw usage(`unknown flag ${t.rawName} for \`podlab ${name}\`${near}`, help);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw usage((err as Error).message, help);
  }
  if (parsed.values.help) return { kind: 'help', command: name, exitCode: 0 };
  return { kind: 'run', command: name, args: parsed.positionals, options: parsed.values };
}

/** A non-negative number option (`--tail`, `--grace`, `--timeout`); `unit` names what it counts. */
export function num(v: string | undefined, name: string, unit = 'seconds'): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new PodlabError('USAGE', `--${name} takes a number of ${unit}, got "${v}"`, { hint: `give a number of 0 or more, e.g. \`--${name} 10\`` });
  }
  return n;
}
