// The help `podlab` prints, all from the table in commands.ts: the overview (every command in a
// line), a group's commands (`podlab pod`), and each command's page (`podlab pod logs --help`):
// usage, what it does, its options and examples.
import { GROUPS, OPTIONS, SPECS, type CommandName, type OptionName } from './commands.js';

const NAMES = Object.keys(SPECS) as CommandName[];

const ENVIRONMENT = `Environment: DOCKER_HOST, PODLAB_DOCKER_HOST, PODLAB_PAUSE_IMAGE, PODLAB_TOOLBOX_IMAGE,
PODLAB_STATE_DIR, PODLAB_NO_SUPERVISOR=1 (apply starts no supervisor daemon).`;

/** Two columns, the second aligned. */
function columns(items: [string, string][]): string[] {
  const width = Math.max(...items.map(([a]) => a.length));
  return items.map(([a, b]) => `  ${a.padEnd(width)}   ${b}`);
}

function optionLabel(name: string, short: string | undefined, value: string | undefined): string {
  return `${short ? `-${short}, ` : '    '}--${name}${value ? ` ${value}` : ''}`;
}

export function globalHelp(): string {
  return [
    'podlab — build real Kubernetes-style Pods on your own Docker engine',
    '',
    'Usage: podlab COMMAND [ARGS…] [OPTIONS]',
    '',
    'Commands:',
    ...columns(NAMES.map((n) => [n, SPECS[n].summary])),
    '',
    'Options:',
    ...columns([
      ['-h, --help', "this help; after a command, that command's own help"],
      ['    --version', "print Podlab's version"],
    ]),
    '',
    'Run `podlab COMMAND --help` for its options and examples, e.g. `podlab pod logs --help`.',
    '',
    ENVIRONMENT,
  ].join('\n');
}

export function groupHelp(group: string): string {
  const subs = NAMES.filter((n) => n.startsWith(`${group} `));
  return [
    `podlab ${group} — ${GROUPS[group]?.summary ?? ''}`,
    '',
    `Usage: podlab ${group} COMMAND [ARGS…] [OPTIONS]`,
    '',
    'Commands:',
    ...columns(subs.map((n) => [n.slice(group.length + 1), SPECS[n].summary])),
    '',
    `Run \`podlab ${group} COMMAND --help\` for its options and examples.`,
  ].join('\n');
}

export function commandHelp(name: CommandName): string {
  const spec = SPECS[name];
  const own = Object.entries(spec.options) as [OptionName, true | string][];
  const options = own.map(([o, help]): [string, string] => {
    const def = OPTIONS[o];
    return [optionLabel(o, 'short' in def ? def.short : undefined, 'value' in def ? def.value : undefined), help === true ? def.help : help];
  });
  const aliases = spec.aliases?.length ? [`  (also: ${spec.aliases.map((a) => `podlab ${name.split(' ')[0]} ${a}`).join(', ')})`] : [];
  return [
    `podlab ${name} — ${spec.summary}`,
    '',
    'Usage:',
    `  podlab ${name} ${spec.args}`,
    ...aliases,
    '',
    'Options:',
    ...columns([...options, [optionLabel('help', 'h', undefined), 'this help']]),
    '',
    'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
    ...(spec.notes?.length ? ['', ...spec.notes] : []),
  ].join('\n');
}
