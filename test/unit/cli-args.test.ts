// The CLI's command line without running a command: each command reads its options by its own
// table (`-f` is --file for apply and --follow for logs), unknown flags and commands are usage
// errors with "did you mean", bare groups and --help/--version are answers, and the help of each
// command lists exactly its own options.
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type CommandLine } from '../../electron/cli/args.js';
import { COMMANDS, SPECS, parserOptions, type CommandName } from '../../electron/cli/commands.js';
import { commandHelp, globalHelp, groupHelp } from '../../electron/cli/render-help.js';
import { podlabVersion } from '../../electron/cli/version.js';
import { PodlabError } from '../../electron/engine/base/errors.js';
import { readFileSync } from 'node:fs';

function usageErrorOf(argv: string[]): PodlabError {
  let line: CommandLine | undefined;
  try {
    line = parseCommandLine(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(PodlabError);
    expect((err as PodlabError).code).toBe('USAGE');
    return err as PodlabError;
  }
  throw new Error(`${argv.join(' ')} parsed: ${JSON.stringify(line)}`);
}

function ran(argv: string[]) {
  const line = parseCommandLine(argv);
  if (line.kind !== 'run') throw new Error(`${argv.join(' ')} is no command to run: ${JSON.stringify(line)}`);
  return line;
}

const NAMES = Object.keys(COMMANDS) as CommandName[];

describe('each command reads its own options', () => {
  it('-f is --follow for logs and --file (repeatable) for apply and plan', () => {
    expect(ran(['pod', 'logs', 'web', '-f'])).toEqual({ kind: 'run', command: 'pod logs', args: ['web'], options: { follow: true } });
    expect(ran(['pod', 'apply', '-f', 'a.yaml', '-f', 'dir/', '-R']).options).toEqual({ file: ['a.yaml', 'dir/'], recursive: true });
    expect(ran(['pod', 'plan', '-f', '-']).options).toEqual({ file: ['-'] });
  });

  it('logs takes --all-containers, --prefix, -c, -p and --tail; exec takes -it and the command after --', () => {
    expect(ran(['pod', 'logs', 'web', '--all-containers', '--prefix', '-p', '--tail', '5']).options).toEqual({ 'all-containers': true, prefix: true, previous: true, tail: '5' });
    expect(ran(['exec', 'web', '-c', 'app', '-it', '--', 'sh', '-c', 'ls -f'])).toMatchObject({ command: 'exec', args: ['web', 'sh', '-c', 'ls -f'], options: { container: 'app', stdin: true, tty: true } });
  });

  it('ls takes -w/--watch; aliases name the same command', () => {
    expect(ran(['pod', 'ls', '-w'])).toMatchObject({ command: 'pod ls', options: { watch: true } });
    expect(ran(['pods', 'list', '--watch'])).toMatchObject({ command: 'pod ls', options: { watch: true } });
    expect(ran(['pod', 'delete', 'web', '--grace', '0'])).toMatchObject({ command: 'pod rm', options: { grace: '0' } });
    expect(ran(['pod', 'infra', 'web', '-n', 'lab'])).toMatchObject({ command: 'pod infra', args: ['web'], options: { namespace: 'lab' } });
  });

  it("an option of another command is unknown here, with the command's help as next step", () => {
    const err = usageErrorOf(['pod', 'logs', 'web', '--grace', '5']);
    expect(err.message).toBe('unknown flag --grace for `podlab pod logs`');
    expect(err.hint).toBe('see `podlab pod logs --help` for its options');
    expect(usageErrorOf(['pod', 'ls', '-f', 'x.yaml']).message).toBe('unknown flag -f for `podlab pod ls`');
  });

  it('a misspelled flag gets "did you mean"', () => {
    expect(usageErrorOf(['pod', 'logs', 'web', '--follw']).message).toBe('unknown flag --follw for `podlab pod logs`; did you mean --follow?');
    expect(usageErrorOf(['pod', 'apply', '--recursiv']).message).toMatch(/did you mean --recursive\?$/);
    expect(usageErrorOf(['--verison']).message).toBe('unknown flag --verison; did you mean --version?');
  });

  it('a value-taking option without its value is a usage error', () => {
    expect(usageErrorOf(['pod', 'logs', 'web', '--tail']).message).toMatch(/--tail/);
  });
});

describe('commands and groups', () => {
  it('a misspelled command or sub-command gets "did you mean"; a verb without its group is pointed to it', () => {
    const sub = usageErrorOf(['pod', 'desribe', 'web']);
    expect(sub.message).toBe('unknown pod command "desribe"; did you mean "describe"?');
    expect(sub.hint).toBe('the pod commands: apply, plan, ls, describe, logs, rm, ps, ns, infra; see `podlab pod --help`');
    expect(usageErrorOf(['docter']).message).toBe('unknown command "docter"; did you mean "doctor"?');
    expect(usageErrorOf(['logs', 'web']).message).toBe('unknown command "logs"; did you mean "pod logs"?');
    expect(usageErrorOf(['imgaes', 'ls']).message).toBe('unknown command "imgaes"; did you mean "images"?');
    expect(usageErrorOf(['frobnicate']).message).toBe('unknown command "frobnicate"');
  });

  it('a bare group is help for it (exit 0); bare podlab is the overview (exit 0, like kubectl); --help after a command is its help', () => {
    expect(parseCommandLine(['pod'])).toEqual({ kind: 'help', group: 'pod', exitCode: 0 });
    expect(parseCommandLine(['supervisor', '--help'])).toEqual({ kind: 'help', group: 'supervisor', exitCode: 0 });
    expect(parseCommandLine([])).toEqual({ kind: 'help', exitCode: 0 });
    expect(parseCommandLine(['-h'])).toEqual({ kind: 'help', exitCode: 0 });
    expect(parseCommandLine(['pod', 'logs', '--help'])).toEqual({ kind: 'help', command: 'pod logs', exitCode: 0 });
    expect(parseCommandLine(['pod', 'logs', 'web', '-h'])).toEqual({ kind: 'help', command: 'pod logs', exitCode: 0 });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });
});

describe('the command table', () => {
  it.each(NAMES)('%s: no short letter twice, a summary and at least one example', (name) => {
    const shorts = Object.values(parserOptions(name)).flatMap((o) => (o.short ? [o.short] : []));
    expect(new Set(shorts).size).toBe(shorts.length);
    expect(SPECS[name].summary.length).toBeGreaterThan(10);
    expect(SPECS[name].examples.length).toBeGreaterThan(0);
  });

  it("each command's help shows its usage, its options and examples, and no other command's options", () => {
    const logs = commandHelp('pod logs');
    expect(logs).toMatch(/^podlab pod logs — /);
    expect(logs).toContain('  podlab pod logs NAME [-c CTR | --all-containers]');
    expect(logs).toMatch(/^ {2}-f, --follow\s+keep printing/m);
    expect(logs).toMatch(/--all-containers/);
    expect(logs).not.toMatch(/--grace|--file/);
    expect(commandHelp('pod apply')).toMatch(/^ {2}-f, --file FILE\s+a manifest file, a directory/m);
    for (const name of NAMES) {
      const section = commandHelp(name).split('\nOptions:\n')[1]?.split('\n\n')[0] ?? '';
      const listed = section.split('\n').map((l) => /--([a-z-]+)/.exec(l)?.[1]);
      expect(listed, name).toEqual([...Object.keys(SPECS[name].options), 'help']);
    }
  });

  it('the overview names every command; a group page names its own', () => {
    const all = globalHelp();
    for (const name of NAMES) expect(all).toMatch(new RegExp(`^ {2}${name}\\s{3,}`, 'm'));
    expect(all).toContain('--version');
    const pod = groupHelp('pod');
    expect(pod).toMatch(/^ {2}infra\s+the Docker name/m);
    expect(pod).not.toMatch(/^ {2}build/m);
  });

  it("--version is package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(podlabVersion()).toBe(pkg.version);
  });
});
