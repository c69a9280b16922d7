// `podlab`: the command-line front door. It parses input, calls the engine and renders the
// answer — no Pod logic lives here. Engine modules load lazily so `podlab --help` stays instant.
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const HELP = `podlab — build real Kubernetes-style Pods on your own Docker engine

Usage:
  podlab doctor [--json]                       check the Docker engine and Podlab's images
  podlab images build [--offline|--online] [--only pause|toolbox]
  podlab images ls [--json]
  podlab pod apply -f FILE [-f FILE…] [--wait] [--timeout SEC] [--group G] [--force] [--json]
  podlab pod plan -f FILE [--group G]          print the Docker payloads a Pod becomes (JSON)
  podlab pod ls [--group G] [--json]
  podlab pod describe NAME [-n NS] [--json]
  podlab pod logs NAME [-c CTR] [-n NS] [--previous] [-f] [--tail N]
  podlab pod rm NAME… [-n NS] | --all [--group G]  [--grace SEC] [--json]
  podlab supervisor run [--exit-when-idle] | status

Environment: DOCKER_HOST, PODLAB_DOCKER_HOST, PODLAB_PAUSE_IMAGE, PODLAB_TOOLBOX_IMAGE,
PODLAB_STATE_DIR, PODLAB_NO_SUPERVISOR=1 (apply starts no supervisor daemon).`;

/** The script that started this CLI (bin/podlab.js): the supervisor daemon is started the same way. */
const CLI_ENTRY = process.argv[1] ?? fileURLToPath(new URL('../../../bin/podlab.js', import.meta.url));

export interface Io {
  out: Writable & { isTTY?: boolean };
  err: NodeJS.WriteStream;
}

type Options = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      file: { type: 'string', short: 'f', multiple: true },
      wait: { type: 'boolean' },
      timeout: { type: 'string' },
      group: { type: 'string' },
      force: { type: 'boolean' },
      namespace: { type: 'string', short: 'n' },
      container: { type: 'string', short: 'c' },
      previous: { type: 'boolean', short: 'p' },
      follow: { type: 'boolean' },
      tail: { type: 'string' },
      all: { type: 'boolean' },
      grace: { type: 'string' },
      offline: { type: 'boolean' },
      online: { type: 'boolean' },
      only: { type: 'string', multiple: true },
      'exit-when-idle': { type: 'boolean' },
    },
  });
}

async function usageError(message: string, hint = 'run `podlab --help`'): Promise<never> {
  const { PodlabError } = await import('../engine/errors.js');
  throw new PodlabError('USAGE', message, { hint });
}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} takes a number of seconds, got "${v}"`);
  return n;
}

function printJson(io: Io, v: unknown): void {
  io.out.write(`${JSON.stringify(v, null, 2)}\n`);
}

async function connect() {
  const [{ Engine }, { loadConfig }] = await Promise.all([import('../engine/engine.js'), import('../engine/config.js')]);
  return Engine.connect(loadConfig());
}

export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    return usageError((e as Error).message);
  }
  const { values: o, positionals: pos } = parsed;
  const [cmd, sub, ...rest] = pos;
  if (o.help || !cmd) {
    io.out.write(`${HELP}\n`);
    return cmd || o.help ? 0 : 2;
  }
  switch (cmd) {
    case 'doctor':
      return doctorCmd(io, o);
    case 'images':
      if (sub === 'build') return imagesBuild(io, o);
      if (sub === 'ls') return imagesLs(io, o);
      return usageError(`unknown images command "${sub ?? ''}"`, 'use `podlab images build` or `podlab images ls`');
    case 'pod':
    case 'pods':
      return podCmd(io, sub, rest, o);
    case 'supervisor':
      return supervisorCmd(io, sub, o);
    default:
      return usageError(`unknown command "${cmd}"`);
  }
}

async function doctorCmd(io: Io, o: Options): Promise<number> {
  const [{ doctor, formatDoctor }, { loadConfig }] = await Promise.all([import('../engine/doctor.js'), import('../engine/config.js')]);
  const report = await doctor(loadConfig());
  if (o.json) printJson(io, report);
  else io.out.write(`${formatDoctor(report)}\n`);
  return report.engine ? 0 : 1;
}

async function imagesBuild(io: Io, o: Options): Promise<number> {
  const engine = await connect();
  const { buildImages } = await import('../engine/images/build.js');
  const { imageProgressPrinter } = await import('./progress.js');
  const printer = imageProgressPrinter(io.err);
  const mode = o.offline ? 'offline' : o.online ? 'online' : 'auto';
  const only = o.only as ('pause' | 'toolbox')[] | undefined;
  try {
    const built = await buildImages(engine.docker, engine.config, { mode, onProgress: printer.onProgress, ...(only ? { only } : {}) });
    printer.stop();
    if (o.json) printJson(io, built);
    else for (const b of built) io.out.write(`built ${JSON.stringify(b)}\n`);
  } finally {
    printer.stop();
  }
  return 0;
}

async function imagesLs(io: Io, o: Options): Promise<number> {
  const engine = await connect();
  const { listImages } = await import('../engine/images/list.js');
  const images = await listImages(engine.docker, engine.config);
  if (o.json) printJson(io, images);
  else {
    const { table } = await import('./render.js');
    io.out.write(`${table(['IMAGE', 'PRESENT', 'ID', 'SIZE'], images.map((i) => [i.name, i.present ? 'yes' : 'no', (i.id ?? '').replace('sha256:', '').slice(0, 12), i.sizeBytes ? `${(i.sizeBytes / 1048576).toFixed(1)}MB` : '']))}\n`);
  }
  return 0;
}

async function readManifests(o: Options) {
  const files = o.file ?? [];
  if (!files.length) return usageError('say which manifest to apply with -f FILE', 'e.g. `podlab pod apply -f labs/examples/two-containers.yaml`');
  const { readPodManifests } = await import('../engine/pods/manifest.js');
  return (await Promise.all(files.map((f) => readPodManifests(f)))).flat();
}

async function podCmd(io: Io, sub: string | undefined, names: string[], o: Options): Promise<number> {
  const ns = o.namespace ?? 'default';
  switch (sub) {
    case 'apply': {
      const pods = await readManifests(o);
      for (const p of pods) for (const w of p.warnings) io.err.write(`warning: ${(await import('../engine/errors.js')).formatError(w)}\n`);
      const engine = await connect();
      const { imageProgressPrinter } = await import('./progress.js');
      const printer = imageProgressPrinter(io.err);
      let results;
      try {
        results = await engine.apply(pods, {
          ...(o.group ? { group: o.group } : {}),
          ...(o.force ? { force: true } : {}),
          onProgress: (p) => (p.kind === 'images' ? printer.onProgress(p.progress) : undefined),
        });
      } finally {
        printer.stop();
      }
      if (process.env.PODLAB_NO_SUPERVISOR !== '1' && results.some((r) => r.outcome !== 'unchanged')) {
        const { ensureSupervisorDaemon } = await import('../engine/pods/supervisor-lock.js');
        await ensureSupervisorDaemon(engine.config.stateDir, CLI_ENTRY);
      }
      let code = 0;
      if (o.wait) {
        const { waitForPods } = await import('../engine/pods/wait.js');
        const waited = await waitForPods(engine.rt, results.map((r) => r.uid), (num(o.timeout, 'timeout') ?? 120) * 1000);
        for (const w of waited) if (!w.ok) {
          io.err.write(`pod/${w.status?.name ?? w.uid} ${w.reason}\n`);
          code = 1;
        }
      }
      if (o.json) printJson(io, results);
      else for (const r of results) {
        io.out.write(`pod/${r.name} ${r.outcome}\n`);
        for (const w of r.warnings) io.err.write(`warning: ${w}\n`);
      }
      return code;
    }
    case 'plan': {
      const pods = await readManifests(o);
      const engine = await connect();
      printJson(io, pods.map((p) => engine.plan(p, o.group)));
      return 0;
    }
    case 'ls':
    case 'list': {
      const engine = await connect();
      const pods = await engine.list(o.group ? { group: o.group } : {});
      if (o.json) printJson(io, pods);
      else io.out.write(`${(await import('./render.js')).podTable(pods)}\n`);
      return 0;
    }
    case 'describe': {
      const name = names[0] ?? (await usageError('say which Pod to describe', 'e.g. `podlab pod describe web`'));
      const engine = await connect();
      const d = await engine.describe(name, ns);
      if (o.json) printJson(io, d);
      else io.out.write(`${(await import('./render.js')).describeText(d)}\n`);
      return 0;
    }
    case 'logs': {
      const name = names[0] ?? (await usageError('say whose logs to show', 'e.g. `podlab pod logs web -c app`'));
      const engine = await connect();
      const tail = num(o.tail, 'tail');
      await engine.logs(name, o.container, io.out, io.err, {
        namespace: ns,
        ...(o.previous ? { previous: true } : {}),
        ...(o.follow ? { follow: true } : {}),
        ...(tail !== undefined ? { tail } : {}),
      });
      return 0;
    }
    case 'rm':
    case 'delete': {
      if (!names.length && !o.all) return usageError('say which Pod to remove', 'give Pod names, or --all (optionally with --group)');
      const engine = await connect();
      const grace = num(o.grace, 'grace');
      const graceOpt = grace !== undefined ? { graceSeconds: grace } : {};
      const removed = o.all
        ? await engine.remove({ all: true, ...(o.group ? { group: o.group } : {}) }, graceOpt)
        : (await Promise.all(names.map((n) => engine.remove({ name: n, namespace: ns }, graceOpt)))).flat();
      if (o.json) printJson(io, removed);
      else if (!removed.length) io.out.write('No Pods to remove.\n');
      else for (const r of removed) io.out.write(`pod/${r.name} removed\n`);
      return 0;
    }
    default:
      return usageError(`unknown pod command "${sub ?? ''}"`, 'use apply, plan, ls, describe, logs or rm');
  }
}

async function supervisorCmd(io: Io, sub: string | undefined, o: Options): Promise<number> {
  const { loadConfig } = await import('../engine/config.js');
  const config = loadConfig();
  if (sub === 'status') {
    const { querySupervisor } = await import('../engine/pods/supervisor-lock.js');
    const info = await querySupervisor(config.stateDir);
    if (o.json) printJson(io, info);
    else io.out.write(info ? `supervisor running, pid ${info.pid}, since ${info.since}\n` : 'no supervisor running\n');
    return info ? 0 : 1;
  }
  if (sub !== 'run') return usageError(`unknown supervisor command "${sub ?? ''}"`, 'use `podlab supervisor run` or `podlab supervisor status`');
  const engine = await connect();
  const log = (line: string) => io.err.write(`${new Date().toISOString()} ${line}\n`);
  const held = await engine.startSupervisor({ log });
  if (!held) {
    io.err.write('another supervisor is already running\n');
    return 0;
  }
  log(`supervisor started (pid ${process.pid}, engine ${engine.endpoint.url})`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    if (o['exit-when-idle']) {
      // The daemon the CLI starts goes away by itself once no Podlab Pod is left.
      const t = setInterval(() => {
        void engine.list().then(
          (pods) => pods.length === 0 && resolve(),
          () => undefined,
        );
      }, 15_000);
      t.unref();
    }
  });
  await held.stop();
  log('supervisor stopped');
  return 0;
}

/** Entry point: exit code and a clear message, never a stack trace, for expected failures. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const io: Io = { out: process.stdout, err: process.stderr };
  try {
    process.exitCode = await run(argv, io);
  } catch (err) {
    const { PodlabError, formatError } = await import('../engine/errors.js');
    if (argv.includes('--json') && err instanceof PodlabError) io.out.write(`${JSON.stringify({ error: err.toJSON() }, null, 2)}\n`);
    io.err.write(`error: ${formatError(err)}\n`);
    if (!(err instanceof PodlabError) && process.env.PODLAB_DEBUG) io.err.write(`${(err as Error).stack}\n`);
    process.exitCode = err instanceof PodlabError && err.code === 'USAGE' ? 2 : 1;
  }
}
