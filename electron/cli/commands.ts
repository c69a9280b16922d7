// What `podlab` accepts, as data: every option once (its type, short letter, help), and every
// command with its own options table, usage, summary and examples — the parser (args.ts) and the
// help (render-help.ts) read the same table, so `-f` can be --file for apply and --follow for logs.

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  /** The value's name in help: `--tail N`. */
  value?: string;
  help: string;
}

/** Every option of every command. A command lists the ones it takes, with its own help if the meaning narrows. */
export const OPTIONS = {
  json: { type: 'boolean', help: 'print JSON instead of text (the shapes are in the README)' },
  file: { type: 'string', short: 'f', multiple: true, value: 'FILE', help: 'a manifest file, a directory (its *.yaml, *.yml, *.json, sorted) or - for stdin; repeatable' },
  recursive: { type: 'boolean', short: 'R', help: 'also read the directories inside a directory given with -f' },
  wait: { type: 'boolean', help: 'wait until the Pods run and are ready (or have finished)' },
  timeout: { type: 'string', value: 'SEC', help: 'how long --wait waits (default 120)' },
  group: { type: 'string', value: 'G', help: 'only the Pods of this group' },
  force: { type: 'boolean', help: 'replace a Pod whose manifest changed (Pods are immutable)' },
  namespace: { type: 'string', short: 'n', value: 'NS', help: 'the Pod\'s namespace (default "default")' },
  container: { type: 'string', short: 'c', value: 'CTR', help: 'the container; default: the one the kubectl.kubernetes.io/default-container annotation names, else the first' },
  previous: { type: 'boolean', short: 'p', help: 'the previous instance of the container (before its last restart)' },
  follow: { type: 'boolean', short: 'f', help: 'keep printing what the containers write until they stop (Ctrl-C ends it)' },
  tail: { type: 'string', value: 'N', help: 'only the last N lines' },
  'all-containers': { type: 'boolean', help: 'every container, init containers first in manifest order' },
  prefix: { type: 'boolean', help: 'start each line with [pod/NAME/CONTAINER]' },
  all: { type: 'boolean', help: 'every Pod' },
  tree: { type: 'boolean', help: 'draw the processes as a tree, like pstree -g' },
  stdin: { type: 'boolean', short: 'i', help: 'pass this terminal\'s input to the command' },
  tty: { type: 'boolean', short: 't', help: 'a real terminal (with -i: an interactive shell)' },
  grace: { type: 'string', value: 'SEC', help: 'seconds between SIGTERM and SIGKILL (default: the Pod\'s terminationGracePeriodSeconds)' },
  offline: { type: 'boolean', help: 'build from this host\'s files only' },
  online: { type: 'boolean', help: 'build from the Dockerfiles (needs the network)' },
  only: { type: 'string', multiple: true, value: 'ROLE', help: 'only this image: pause or toolbox; repeatable' },
  'exit-when-idle': { type: 'boolean', help: 'leave once no Pod is left (how `pod apply` starts it)' },
  watch: { type: 'boolean', short: 'w', help: 'after the table, print a line for each Pod whose row changes, until Ctrl-C (with --json: a Pod\'s JSON a line)' },
  'keep-progress': { type: 'boolean', help: 'rebuild the environment only: the learner stays at the current step' },
  lang: { type: 'string', value: 'zh|en', help: 'the language of the text: zh (中文) or en; default from the locale (LC_ALL, LC_MESSAGES, LANG)' },
  port: { type: 'string', value: 'N', help: 'the port on 127.0.0.1 (default 0: a free one)' },
  open: { type: 'boolean', help: 'open the URL in the default browser too' },
  mode: { type: 'string', value: 'MODE', help: 'containers: one at a time, like Docker Swarm (default); pod: the containers bound by affinity as one Pod, like Kubernetes' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

type ValueOf<S> = S extends { type: 'boolean' } ? boolean : S extends { multiple: true } ? string[] : string;
/** Parsed options: only the ones the command takes are ever set. */
export type Options = { [K in OptionName]?: ValueOf<(typeof OPTIONS)[K]> | undefined };

export interface CommandSpec {
  /** What follows `podlab COMMAND` in the usage line. */
  args: string;
  summary: string;
  /** The options it takes: `true` for the option's own help, or a help text for this command. */
  options: Partial<Record<OptionName, true | string>>;
  examples: readonly string[];
  /** Other names for the last word (`pod list` for `pod ls`). */
  aliases?: readonly string[];
  /** What else a user of the command must know, printed after the examples. */
  notes?: readonly string[];
}

export const COMMANDS = {
  doctor: {
    args: '[--json]',
    summary: "check the Docker engine and Podlab's images, and say what to do next",
    options: { json: true },
    examples: ['podlab doctor'],
  },
  'images build': {
    args: '[--offline | --online] [--only pause|toolbox]',
    summary: 'build the pause and toolbox images (by default offline from host files when it can)',
    options: { offline: true, online: true, only: true, json: true },
    examples: ['podlab images build', 'podlab images build --offline --only pause'],
  },
  'images ls': {
    args: '[--json]',
    summary: "Podlab's images and whether they are present",
    options: { json: true },
    examples: ['podlab images ls'],
  },
  'pod apply': {
    args: '-f FILE|DIR|- [-f …] [-R] [--wait [--timeout SEC]] [--group G] [--force] [--json]',
    summary: 'create Pods from manifests; every file is checked before anything is created',
    options: { file: true, recursive: true, wait: true, timeout: true, group: 'label the Pods with this group (`pod rm --all --group G` removes them together)', force: true, json: true },
    examples: ['podlab pod apply -f labs/examples/init-and-sidecar.yaml --wait', 'podlab pod apply -f web.yaml -f db.yaml', 'podlab pod apply -f labs/examples/', 'cat web.yaml | podlab pod apply -f -'],
  },
  'pod plan': {
    args: '-f FILE|DIR|- [-f …] [-R] [--group G]',
    summary: 'print the exact Docker Engine API payloads the Pods become, as JSON; creates nothing',
    options: { file: true, recursive: true, group: 'plan the Pods for this group' },
    examples: ['podlab pod plan -f labs/examples/two-containers.yaml'],
  },
  'pod ls': {
    args: '[--group G] [-w] [--json]',
    summary: "the Pods, with kubectl's columns; -w then prints a line per change",
    options: { group: true, watch: true, json: true },
    examples: ['podlab pod ls', 'podlab pod ls -w'],
    aliases: ['list'],
  },
  'pod describe': {
    args: 'NAME [-n NS] [--json]',
    summary: 'the status, containers, events and Docker containers of a Pod',
    options: { namespace: true, json: true },
    examples: ['podlab pod describe init-and-sidecar'],
  },
  'pod logs': {
    args: 'NAME [-c CTR | --all-containers] [-f] [-p] [--tail N] [--prefix] [-n NS]',
    summary: 'what the containers of a Pod wrote, like kubectl logs',
    options: { container: true, 'all-containers': true, follow: true, previous: true, tail: true, prefix: true, namespace: true },
    examples: ['podlab pod logs init-and-sidecar -c web', 'podlab pod logs web -f', 'podlab pod logs web --all-containers --prefix'],
  },
  'pod rm': {
    args: 'NAME… [-n NS] | --all [--group G]  [--grace SEC] [--json]',
    summary: 'stop and remove Pods, with their volumes',
    options: { namespace: true, all: 'every Pod (of this state directory)', group: 'with --all: only the Pods of this group', grace: true, json: true },
    examples: ['podlab pod rm web', 'podlab pod rm --all --group lab-1 --grace 0'],
    aliases: ['delete'],
  },
  'pod ps': {
    args: 'NAME | --all [--tree] [-n NS] [--json]',
    summary: 'every process of every container of a Pod, pause included',
    options: { namespace: true, all: "every Pod's processes", tree: true, json: true },
    examples: ['podlab pod ps init-and-sidecar --tree', 'podlab pod ps --all'],
  },
  'pod ns': {
    args: 'NAME [-n NS] [--json]',
    summary: 'which namespaces the containers of a Pod really share',
    options: { namespace: true, json: true },
    examples: ['podlab pod ns init-and-sidecar'],
  },
  'pod infra': {
    args: 'NAME [-n NS]',
    summary: "the Docker name of a Pod's infra (pause) container, to hand to docker",
    options: { namespace: true },
    examples: ['docker kill $(podlab pod infra web)    # the supervisor rebuilds the Pod (attempt + 1)'],
  },
  exec: {
    args: 'POD [-c CTR] [-n NS] [-i] [-t] [-- CMD…]',
    summary: 'run a command in a container of a Pod, like kubectl exec; -it for a shell',
    options: { container: true, namespace: true, stdin: true, tty: true },
    examples: ['podlab exec web -it', 'podlab exec web -c app -- cat /shared/events.log'],
    notes: [
      'With -it, at the start of a line: ~. ends the session at once (even when nothing answers),',
      '~? lists the escapes, ~~ types a ~. When the container dies the session says why and exits.',
    ],
  },
  'supervisor run': {
    args: '[--exit-when-idle]',
    summary: 'run the supervisor here: init containers, restarts, rebuilds, and the CLI\'s requests',
    options: { 'exit-when-idle': true },
    examples: ['podlab supervisor run'],
  },
  'supervisor status': {
    args: '[--json]',
    summary: 'whether a supervisor runs for this state directory, and since when',
    options: { json: true },
    examples: ['podlab supervisor status'],
  },
  serve: {
    args: '[--port N] [--open]',
    summary: 'the window in a browser: serve the page and the engine on 127.0.0.1, and print its URL with a secret token',
    options: { port: true, open: true },
    examples: ['podlab serve --open', 'podlab serve --port 8080'],
    notes: [
      'The first line on stdout is the URL (http://127.0.0.1:PORT/?token=…); anyone with it can act on your Pods.',
      'Like the app, it supervises Pods while it runs, and `podlab` commands of the same build go through it.',
      'It needs the built page: `npm run build:desktop` (`npm run serve` builds and starts). Ctrl-C stops it.',
    ],
  },
  'sched run': {
    args: 'FILE [--mode containers|pod] [--json] [--lang zh|en]',
    summary: 'replay a scheduling scenario step by step (no Docker needed) and record its outcome for the lab',
    options: { mode: true, json: true, lang: true },
    examples: ['podlab sched run labs/gang-scheduling/rsyslog.yaml', 'podlab sched run labs/gang-scheduling/rsyslog.yaml --mode pod --lang zh'],
    notes: [
      'The scenario (YAML) lists nodes (name, memory), containers (name, memory, affinity) and optionally',
      'order (the queue) and strategy (binpack, the default, like Swarm; spread; first-fit). Each run is',
      'recorded in the state directory as sched/last-<scenario>-<mode>.json.',
    ],
  },
  'lab ls': {
    args: '[--json] [--lang zh|en]',
    summary: 'the labs: id, title, steps, minutes and your progress; a broken lab with its first problem',
    options: { json: true, lang: true },
    examples: ['podlab lab ls', 'podlab lab ls --lang zh'],
    aliases: ['list'],
  },
  'lab validate': {
    args: '[DIR…] [--json]',
    summary: 'check lab folders (or a folder of labs; default: the labs directory) and print every problem at file:line:column',
    options: { json: true },
    examples: ['podlab lab validate', 'podlab lab validate labs/process-groups'],
  },
  'lab start': {
    args: 'ID [--json] [--lang zh|en]',
    summary: "start a lab: its images ensured, its Pods applied (group = the lab's id); prints the current step",
    options: { json: true, lang: true },
    examples: ['podlab lab start process-groups'],
  },
  'lab status': {
    args: 'ID [--json] [--lang zh|en]',
    summary: 'the steps of a lab, passed or not, the current one with its text, and its terminals',
    options: { json: true, lang: true },
    examples: ['podlab lab status process-groups'],
  },
  'lab check': {
    args: 'ID [STEP] [--json] [--lang zh|en]',
    summary: 'check a step (default: the current one); exit 0 when it passes, 1 with what each check expected and saw',
    options: { json: true, lang: true },
    examples: ['podlab lab check process-groups', 'podlab lab check process-groups 2', 'podlab lab check process-groups pipeline'],
  },
  'lab reset': {
    args: 'ID [--keep-progress] [--json]',
    summary: "one action back to a clean lab: its Pods, volumes and your by-hand containers removed and rebuilt; progress back to step 1",
    options: { 'keep-progress': true, json: true, lang: true },
    examples: ['podlab lab reset process-groups', 'podlab lab reset process-groups --keep-progress'],
  },
  'lab stop': {
    args: 'ID [--json]',
    summary: "remove a lab's Pods and your by-hand containers; progress is kept for the next start",
    options: { json: true, lang: true },
    examples: ['podlab lab stop process-groups'],
  },
  'lab test': {
    args: 'ID… | --all [--timeout SEC] [--json] [--lang zh|en]',
    summary: "the self-test: for each step its checks fail, its solve runs, its checks pass; a table per lab and step",
    options: { all: 'every lab of the labs directory', timeout: "how long a step's checks may take to pass after its solve (default 30)", json: true, lang: true },
    examples: ['podlab lab test process-groups', 'podlab lab test --all'],
    notes: ['It resets each lab before and after, then stops it: progress in a tested lab goes back to step 1.'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** The same table, each entry seen as a CommandSpec (its optional fields readable on any entry). */
export const SPECS: Readonly<Record<CommandName, CommandSpec>> = COMMANDS;

/** Command groups: the first word of a two-word command, with what `podlab GROUP` says of them. */
export const GROUPS: Record<string, { summary: string; aliases?: string[] }> = {
  images: { summary: "Podlab's own images: pause and toolbox" },
  pod: { summary: 'create, inspect and remove Pods', aliases: ['pods'] },
  lab: { summary: 'guided labs: start one, check each step, reset in one action, self-test', aliases: ['labs'] },
  supervisor: { summary: 'the daemon that runs init containers, restarts containers and rebuilds Pods' },
  sched: { summary: 'the gang-scheduling simulator: containers one by one (like Swarm) or as one Pod' },
};

/** The options a command's parser takes: its own, and --help. */
export function parserOptions(name: CommandName): Record<string, OptionSpec> {
  const own = Object.keys(SPECS[name].options) as OptionName[];
  const entries: [string, OptionSpec][] = [...own.map((o): [string, OptionSpec] => [o, OPTIONS[o]]), ['help', { type: 'boolean', short: 'h', help: 'this help' }]];
  return Object.fromEntries(entries);
}
