// `podlab`: the command-line front door. It parses input, calls the engine and renders the
// answer — no Pod logic lives here. Engine modules load lazily so `podlab --help` stays instant.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import type { PodsApplyResult } from '../contract/api.js';
import type { CallContext } from '../contract/dispatch.js';
import type { PodDescription } from '../engine/pods/describe.js';
import type { RemoveResult } from '../engine/pods/remove.js';
import type { PodStatus } from '../engine/pods/sync/status.js';
import type { WaitOutcome } from '../engine/pods/wait.js';
// Static imports are what every command needs and are small; the engine loads on demand.
import { connectContract, errorFromJSON } from '../contract/socket-client.js';
import { loadConfig } from '../engine/base/config.js';
import { PodlabError, formatError } from '../engine/base/errors.js';
import { buildId, lockPath, querySupervisor } from '../engine/pods/supervisor/socket.js';
import { describeText, podTable, table } from './render.js';
import { nsMatrix } from './render-ns.js';
import { podTree } from './render-pstree.js';
import type { PodSnapshot, Snapshot } from '../engine/inspect/snapshot.js';
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
  podlab pod ps NAME | --all [--tree] [--json]   processes of each container (pstree -g style with --tree)
  podlab pod ns NAME [--json]                    namespace matrix: which namespaces containers share
  podlab exec POD [-c CTR] [-n NS] [-i] [-t] [-- CMD…]   like kubectl exec; -it for a shell
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
      tree: { type: 'boolean' },
      stdin: { type: 'boolean', short: 'i' },
      tty: { type: 'boolean', short: 't' },
      grace: { type: 'string' },
      offline: { type: 'boolean' },
      online: { type: 'boolean' },
      only: { type: 'string', multiple: true },
      'exit-when-idle': { type: 'boolean' },
    },
  });
}

async function usageError(message: string, hint = 'run `podlab --help`'): Promise<never> {
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
  const { Engine } = await import('../engine/engine.js');
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
    case 'exec':
      return execCmd(io, pos.slice(1), o);
    default:
      return usageError(`unknown command "${cmd}"`);
  }
}

async function doctorCmd(io: Io, o: Options): Promise<number> {
  const { doctor, formatDoctor } = await import('../engine/doctor.js');
  const report = await doctor(loadConfig());
  if (o.json) printJson(io, report);
  else io.out.write(`${formatDoctor(report)}\n`);
  return report.engine ? 0 : 1;
}

async function imagesBuild(io: Io, o: Options): Promise<number> {
  const engine = await connect();
  const { buildImages } = await import('../engine/images/build.js');
  const { imageProgressPrinter } = await import('./progress.js');
  const printer = await imageProgressPrinter(io.err);
  const mode = o.offline ? 'offline' : o.online ? 'online' : 'auto';
  const only = o.only as ('pause' | 'toolbox')[] | undefined;
  try {
    const built = await buildImages(engine.docker, engine.config, { mode, onProgress: printer.onProgress, ...(only ? { only } : {}) });
    printer.stop();
    if (o.json) printJson(io, built);
    else for (const b of built) io.out.write(`built ${b.image} (${b.role}, ${b.mode}) ${b.id.replace('sha256:', '').slice(0, 12)}\n`);
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
    io.out.write(`${table(['IMAGE', 'PRESENT', 'ID', 'SIZE'], images.map((i) => [i.name, i.present ? 'yes' : 'no', (i.id ?? '').replace('sha256:', '').slice(0, 12), i.sizeBytes ? `${(i.sizeBytes / 1048576).toFixed(1)}MB` : '']))}\n`);
  }
  return 0;
}

/** The contract, from whoever runs the engine: the supervisor's process if one answers, else this one. */
interface Api {
  call<T>(method: string, params: unknown, ctx?: CallContext): Promise<T>;
  close(): Promise<void>;
  remote: boolean;
}

async function contractApi(): Promise<Api> {
  const config = loadConfig();
  const remote = await connectContract(lockPath(config.stateDir), buildId());
  if (remote) return { call: (m, p, c) => remote.call(m, p, c) as never, close: async () => remote.close(), remote: true };
  const [{ createDispatcher }, { doctor }] = await Promise.all([import('../contract/dispatch.js'), import('../engine/doctor.js')]);
  let engine: ReturnType<typeof connect> | undefined;
  const dispatch = createDispatcher({ engine: () => (engine ??= connect()), doctor: () => doctor(config) });
  return {
    call: (m, p, c) => dispatch(m, p, c) as never,
    // What this process started in Docker for itself (the inspector's helper) goes with it.
    close: async () => (engine ? (await engine).close() : undefined),
    remote: false,
  };
}

async function readText(file: string): Promise<string> {
  try {
    if (file !== '-') return readFileSync(file, 'utf8');
    return await new Promise<string>((resolve, reject) => {
      let text = '';
      process.stdin.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => resolve(text)).on('error', reject);
    });
  } catch (err) {
    throw new PodlabError('USAGE', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, {
      hint: 'check the path given with -f',
    });
  }
}

function oneFile(o: Options): Promise<string> {
  const files = o.file ?? [];
  if (files.length !== 1) return usageError('give one manifest with -f FILE (it may hold several Pods, separated by ---)', 'e.g. `podlab pod apply -f labs/examples/two-containers.yaml`');
  return Promise.resolve(files[0] as string);
}

async function podCmd(io: Io, sub: string | undefined, names: string[], o: Options): Promise<number> {
  const ns = o.namespace ?? 'default';
  if (sub === 'logs') return logsCmd(io, names, o, ns);
  if (!['apply', 'plan', 'ls', 'list', 'describe', 'rm', 'delete', 'ps', 'ns'].includes(sub ?? '')) {
    return usageError(`unknown pod command "${sub ?? ''}"`, 'use apply, plan, ls, describe, logs, ps, ns or rm');
  }
  if ((sub === 'describe' || sub === 'ns' || ((sub === 'rm' || sub === 'delete' || sub === 'ps') && !o.all)) && !names.length) {
    const verb = sub === 'rm' || sub === 'delete' ? 'remove' : sub === 'ps' ? 'list the processes of' : sub === 'ns' ? 'show the namespaces of' : 'describe';
    return usageError(`say which Pod to ${verb}`, sub === 'rm' || sub === 'delete' || sub === 'ps' ? `give a Pod name, or --all` : `e.g. \`podlab pod ${sub} web\``);
  }
  const file = sub === 'apply' || sub === 'plan' ? await oneFile(o) : '';
  const yaml = file ? await readText(file) : '';
  const api = await contractApi();
  try {
    switch (sub) {
      case 'apply':
        return await applyCmd(io, api, { yaml, file }, o);
      case 'plan':
        printJson(io, await api.call('pods.plan', { yaml, file, ...(o.group ? { group: o.group } : {}) }));
        return 0;
      case 'ls':
      case 'list': {
        const pods = await api.call<PodStatus[]>('pods.list', o.group ? { group: o.group } : {});
        if (o.json) printJson(io, pods);
        else io.out.write(`${podTable(pods)}\n`);
        return 0;
      }
      case 'ps':
      case 'ns': {
        const snap = await api.call<Snapshot>('inspect.snapshot', o.all && sub === 'ps' ? {} : { name: names[0], namespace: ns });
        io.out.write(`${renderInspect(sub, snap, o)}\n`);
        return 0;
      }
      case 'describe': {
        const d = await api.call<PodDescription>('pods.describe', { name: names[0], namespace: ns });
        if (o.json) printJson(io, d);
        else io.out.write(`${describeText(d)}\n`);
        return 0;
      }
      default: {
        const grace = num(o.grace, 'grace');
        const graceOpt = grace !== undefined ? { graceSeconds: grace } : {};
        const removed = o.all
          ? await api.call<RemoveResult[]>('pods.remove', { all: true, ...(o.group ? { group: o.group } : {}), ...graceOpt })
          : (await Promise.all(names.map((n) => api.call<RemoveResult[]>('pods.remove', { name: n, namespace: ns, ...graceOpt })))).flat();
        if (o.json) printJson(io, removed);
        else if (!removed.length) io.out.write('No Pods to remove.\n');
        else for (const r of removed) io.out.write(`pod/${r.name} removed\n`);
        return 0;
      }
    }
  } finally {
    await api.close();
  }
}

function renderInspect(view: 'ps' | 'ns', snap: Snapshot, o: Options): string {
  if (view === 'ns') {
    const pod = snap.pods[0] as PodSnapshot;
    if (!o.json) return nsMatrix(pod);
    const containers = pod.containers.map(({ name, role, pid, state, namespaces, sharedWithInfra }) => ({ name, role, pid, state, namespaces, sharedWithInfra }));
    return JSON.stringify({ pod: pod.pod, namespace: pod.namespace, uid: pod.uid, containers }, null, 2);
  }
  if (o.json) return JSON.stringify(o.all ? snap.pods : snap.pods[0], null, 2);
  if (!snap.pods.length) return 'No Pods.';
  if (o.tree) return snap.pods.map(podTree).join('\n\n');
  return snap.pods
    .map((p) =>
      [
        `pod/${p.pod}`,
        table(
          ['CONTAINER', 'PID', 'NSPID', 'PPID', 'PGID', 'NSPGID', 'SID', 'STAT', 'COMMAND'],
          p.containers.flatMap((c) =>
            c.processes.length
              ? c.processes.map((x) => [c.name, String(x.pid), String(x.nspid), String(x.ppid), String(x.pgid), String(x.nspgid), String(x.sid), x.state, x.args || `[${x.comm}]`])
              : [[c.name, '-', '-', '-', '-', '-', '-', '-', `(${c.state === 'running' ? 'no processes' : c.state})`]],
          ),
        ),
      ].join('\n'),
    )
    .join('\n\n');
}

async function applyCmd(io: Io, api: Api, manifest: { yaml: string; file: string }, o: Options): Promise<number> {
  const { imageProgressPrinter } = await import('./progress.js');
  const printer = await imageProgressPrinter(io.err);
  let res: PodsApplyResult;
  try {
    res = await api.call<PodsApplyResult>(
      'pods.apply',
      { ...manifest, ...(o.group ? { group: o.group } : {}), ...(o.force ? { force: true } : {}) },
      { onProgress: (p) => (p.kind === 'images' ? printer.onProgress(p.progress) : undefined) },
    );
  } finally {
    printer.stop();
  }
  for (const w of res.manifestWarnings) io.err.write(`warning: ${formatError(errorFromJSON(w))}\n`);
  // Someone must run the next init container and restart what crashes: without a supervisor
  // process answering, start the daemon (it goes away once no Pod is left).
  if (!api.remote && process.env.PODLAB_NO_SUPERVISOR !== '1' && res.pods.some((r) => r.outcome !== 'unchanged')) {
    const { ensureSupervisorDaemon } = await import('../engine/pods/supervisor/lock.js');
    await ensureSupervisorDaemon(loadConfig().stateDir, CLI_ENTRY);
  }
  let code = 0;
  if (o.wait && res.pods.length) {
    const waited = await api.call<WaitOutcome[]>('pods.wait', { uids: res.pods.map((r) => r.uid), timeoutSeconds: num(o.timeout, 'timeout') ?? 120 });
    for (const w of waited) {
      if (w.ok) continue;
      io.err.write(`pod/${w.status?.name ?? w.uid} ${w.reason}\n`);
      code = 1;
    }
  }
  if (o.json) printJson(io, res.pods);
  else {
    for (const r of res.pods) {
      io.out.write(`pod/${r.name} ${r.outcome}\n`);
      for (const w of r.warnings) io.err.write(`warning: ${w}\n`);
    }
  }
  return code;
}

/** `podlab exec`: with -t through the terminal session code (a real TTY), else a plain exec. */
async function execCmd(io: Io, args: string[], o: Options): Promise<number> {
  const [pod, ...command] = args;
  if (!pod) return usageError('say which Pod to exec into', 'e.g. `podlab exec web -c app -it -- sh`');
  if (!o.tty && !command.length) return usageError('give the command to run after --, or use -it for a shell', 'e.g. `podlab exec web -- ps -ef`');
  const engine = await connect();
  const ns = o.namespace ?? 'default';
  try {
    if (!o.tty) {
      const { execInPod } = await import('../engine/pods/exec.js');
      return await execInPod(engine.rt, pod, command, io.out, io.err, {
        namespace: ns,
        ...(o.container ? { container: o.container } : {}),
        ...(o.stdin ? { stdin: process.stdin } : {}),
      });
    }
    const { runTtySession } = await import('./exec-tty.js');
    return await runTtySession(engine, { kind: 'container', pod, namespace: ns, ...(o.container ? { container: o.container } : {}), ...(command.length ? { command } : {}) }, !!o.stdin);
  } finally {
    await engine.close();
  }
}

async function logsCmd(io: Io, names: string[], o: Options, ns: string): Promise<number> {
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

async function supervisorCmd(io: Io, sub: string | undefined, o: Options): Promise<number> {
  const config = loadConfig();
  if (sub === 'status') {
    const info = await querySupervisor(config.stateDir);
    if (o.json) printJson(io, info);
    else io.out.write(info ? `supervisor running, pid ${info.pid}, since ${info.since}\n` : 'no supervisor running\n');
    return info ? 0 : 1;
  }
  if (sub !== 'run') return usageError(`unknown supervisor command "${sub ?? ''}"`, 'use `podlab supervisor run` or `podlab supervisor status`');
  const engine = await connect();
  const log = (line: string) => io.err.write(`${new Date().toISOString()} ${line}\n`);
  const [{ createDispatcher }, { serveContract }, { doctor }] = await Promise.all([
    import('../contract/dispatch.js'),
    import('../contract/socket-server.js'),
    import('../engine/doctor.js'),
  ]);
  // The supervisor's socket also serves the contract: CLI commands run here, in the one process
  // that acts on Pods, with a warm engine.
  const dispatch = createDispatcher({ engine: async () => engine, doctor: () => doctor(config) });
  const held = await engine.startSupervisor({ log, serve: (socket) => serveContract(socket, dispatch) });
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
        void engine.hasPods().then(
          (any) => !any && resolve(),
          () => undefined,
        );
      }, 15_000);
      t.unref();
    }
  });
  await held.stop();
  await engine.close();
  log('supervisor stopped');
  return 0;
}

/** Entry point: exit code and a clear message, never a stack trace, for expected failures. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const io: Io = { out: process.stdout, err: process.stderr };
  try {
    process.exitCode = await run(argv, io);
  } catch (err) {
    if (argv.includes('--json') && err instanceof PodlabError) io.out.write(`${JSON.stringify({ error: err.toJSON() }, null, 2)}\n`);
    io.err.write(`error: ${formatError(err)}\n`);
    if (!(err instanceof PodlabError) && process.env.PODLAB_DEBUG) io.err.write(`${(err as Error).stack}\n`);
    process.exitCode = err instanceof PodlabError && err.code === 'USAGE' ? 2 : 1;
  }
}
