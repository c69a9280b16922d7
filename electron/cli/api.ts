// Where a command's work runs: the supervisor's contract socket when a supervisor of this build
// answers, else a dispatcher in this process — plus the Engine itself, loaded only when needed.
import type { CallContext } from '../contract/dispatch.js';
import type { AttachedViewer } from '../contract/socket-viewer.js';
import type { ContainerChoice } from '../engine/model.js';
import { connectContract } from '../contract/socket-client.js';
import { loadConfig } from '../engine/base/config.js';
import { buildId, lockPath } from '../engine/daemon.js';
import type { Io } from './main.js';

/** The Engine in this process; its module (and Docker's client) loads on first use. */
export async function connect() {
  const { Engine } = await import('../engine/engine.js');
  return Engine.connect(loadConfig());
}

/**
 * The container a command means: the named one, else the engine's choice (the annotated default,
 * else the first) with kubectl's "Defaulted container …" on stderr — the same for logs and exec.
 */
export async function chooseContainer(api: Api, io: Io, pod: string, namespace: string, container: string | undefined): Promise<string> {
  if (container !== undefined) return container;
  const choice = await api.call<ContainerChoice>('pods.chooseContainer', { name: pod, namespace });
  if (choice.notice) io.err.write(`${choice.notice}\n`);
  return choice.name;
}

/** The contract, from whoever runs the engine: the supervisor's process if one answers, else this one. */
export interface Api {
  call<T>(method: string, params: unknown, ctx?: CallContext): Promise<T>;
  /** A viewer of a session terminals.open made; the session ends with this viewer (or, in this process, with close()). */
  attach(sessionId: string): Promise<AttachedViewer>;
  close(): Promise<void>;
  remote: boolean;
}

export async function contractApi(): Promise<Api> {
  const config = loadConfig();
  const remote = await connectContract(lockPath(config.stateDir), buildId());
  if (remote) {
    return {
      call: (m, p, c) => remote.call(m, p, c) as never,
      // A connection of its own, in frames; its end ends the session, however this process ends.
      attach: async (id) => (await import('../contract/socket-viewer.js')).attachSession(lockPath(config.stateDir), remote.info.build, id, { closeWithStream: true }),
      close: () => Promise.resolve(remote.close()),
      remote: true,
    };
  }
  const [{ createDispatcher }, { doctor }] = await Promise.all([import('../contract/dispatch.js'), import('../engine/doctor.js')]);
  let engine: ReturnType<typeof connect> | undefined;
  const local = () => (engine ??= connect());
  const dispatch = createDispatcher({ engine: local, doctor: () => doctor(config) });
  return {
    call: (m, p, c) => dispatch(m, p, c) as never,
    attach: async (id) => {
      const host = (await local()).terminalHost;
      return { info: host.info(id), stream: host.attach(id) };
    },
    // What this process started in Docker for itself (the inspector's helper) goes with it.
    close: async () => (engine ? (await engine).close() : undefined),
    remote: false,
  };
}
