// `podlab supervisor run | status`: the long-lived process that runs init containers, restarts
// what crashes and serves the contract on its socket, so CLI commands act through one warm engine.
import type { Options } from './args.js';
import { connect } from './api.js';
import type { Io } from './main.js';
import type { Engine } from '../engine/engine.js';
import { loadConfig } from '../engine/base/config.js';
import { querySupervisor } from '../engine/daemon.js';
import { printJson } from './render.js';

export async function supervisorCmd(io: Io, sub: 'run' | 'status', o: Options): Promise<number> {
  const config = loadConfig();
  if (sub === 'status') {
    const info = await querySupervisor(config.stateDir);
    if (o.json) printJson(io, info);
    else io.out.write(info ? `supervisor running, pid ${info.pid}, since ${info.since}\n` : 'no supervisor running\n');
    return info ? 0 : 1;
  }
  const engine = await connect();
  const log = (line: string) => io.err.write(`${new Date().toISOString()} ${line}\n`);
  const held = await superviseHere(engine, log);
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
      // The daemon the CLI starts goes away by itself once no Podlab Pod is left — seen twice in a
      // row, so a lab's reset (its Pods removed and made again within a second) never ends it.
      let idle = 0;
      const t = setInterval(() => {
        void engine.hasPods().then(
          (any) => ((idle = any ? 0 : idle + 1) >= 2 ? resolve() : undefined),
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

/**
 * This process becomes the supervisor (null when another one is). Its socket also serves the
 * contract, so CLI commands — a lab's solve saying `podlab pod infra web` among them — run here, in
 * the one process that acts on Pods, with a warm engine.
 */
export async function superviseHere(engine: Engine, log?: (line: string) => void) {
  const [{ createDispatcher }, { serveContract }, { doctor }] = await Promise.all([
    import('../contract/dispatch.js'),
    import('../contract/socket-server.js'),
    import('../engine/doctor.js'),
  ]);
  const dispatch = createDispatcher({ engine: () => Promise.resolve(engine), doctor: () => doctor(engine.config) });
  return engine.startSupervisor({ ...(log ? { log } : {}), serve: (socket) => serveContract(socket, dispatch) });
}
