// `podlab serve [--port N] [--open]`: the window in a browser. Starts the browser front door
// (electron/server) on 127.0.0.1, prints its URL with the token as the first line on stdout, and —
// like the desktop app — supervises Pods in this process unless a supervisor already runs, serving
// the CLI of this build on the supervisor socket. Stops cleanly on SIGINT/SIGTERM.
import path from 'node:path';
import type { Options } from './args.js';
import { usageError } from './args.js';
import type { Engine } from '../engine/engine.js';
import type { Io } from './main.js';
import { podlabRoot, podlabVersion } from './version.js';

/** How long a browser's terminal session lives with no page attached (PODLAB_TERMINAL_IDLE_SECONDS). */
function idleMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.PODLAB_TERMINAL_IDLE_SECONDS);
  return env.PODLAB_TERMINAL_IDLE_SECONDS && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30 * 60_000;
}

type Held = { stop: () => Promise<void> } | null;

export async function serveCmd(io: Io, args: string[], o: Options): Promise<number> {
  if (args.length) return usageError(`serve takes no arguments, got "${args.join(' ')}"`, 'give the port as --port N, e.g. `podlab serve --port 8080`');
  const port = o.port === undefined ? 0 : Number(o.port);
  if (!/^\d+$/.test(o.port ?? '0') || port > 65535) return usageError(`--port must be a number from 0 to 65535, got "${o.port}"`, 'use --port 0 (the default) for a free port');

  const [{ loadConfig }, { formatError }, { buildId }, { createEngineProvider }, { doctor }, engineModule, { startServer }, { requireRenderer }, { superviseHere }] =
    await Promise.all([
      import('../engine/base/config.js'),
      import('../engine/base/errors.js'),
      import('../engine/daemon.js'),
      import('../contract/engine-provider.js'),
      import('../engine/doctor.js'),
      import('../engine/engine.js'),
      import('../server/server.js'),
      import('../server/static-files.js'),
      import('./cmd-supervisor.js'),
    ]);
  const rendererDir = path.join(podlabRoot(), 'renderer', 'dist');
  requireRenderer(rendererDir);
  const config = loadConfig();
  const log = (line: string) => io.err.write(`${new Date().toISOString()} ${line}\n`);

  let engine: Engine | undefined;
  let held: Promise<Held> = Promise.resolve(null);
  let retry: ReturnType<typeof setInterval> | undefined;
  // Supervise here unless another process does; when that one leaves (the CLI's daemon goes once no
  // Pod is left), take over, so Pods made from the page are always looked after.
  const supervise = (e: Engine) => {
    held = superviseHere(e, log).then(
      (h) => {
        if (h) {
          log(`supervising Pods in this process (pid ${process.pid}); \`podlab\` commands of this build run here`);
          clearInterval(retry);
        }
        return h;
      },
      (err: unknown): Held => {
        log(`the supervisor did not start: ${formatError(err)}`);
        return null;
      },
    );
  };
  const provider = createEngineProvider({
    connect: () => engineModule.Engine.connect(config),
    doctor: () => doctor(config),
    onConnected: (e) => {
      engine = e;
      supervise(e);
      retry = setInterval(() => void held.then((h) => (h || !engine ? undefined : supervise(engine))), 10_000);
      retry.unref();
    },
  });

  const server = await startServer({ port, rendererDir, provider, hello: { build: buildId(), version: podlabVersion() }, idleMs: idleMs(process.env), log });
  io.out.write(`${server.url}\n`);
  log(`serving the Podlab page on ${server.url.replace(/\?.*/, '')} (open the URL above; Ctrl-C stops)`);
  // Connect now, so the supervisor starts at once; without an engine the page's doctor says what to do.
  provider.engine().then(
    (e) => log(`Docker engine at ${e.endpoint.url}`),
    (err: unknown) => log(`no Docker engine yet: ${formatError(err)}`),
  );
  if (o.open) {
    const { default: open } = await import('open');
    open(server.url).catch((err: unknown) => log(`could not open a browser (${formatError(err)}): open the URL above yourself`));
  }

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log('stopping');
  clearInterval(retry);
  await server.close();
  await (await held)?.stop();
  // Terminal sessions and the inspector's helper container go with the engine.
  await engine?.close();
  log('stopped');
  return 0;
}
