// The inspector's helper: one small container per Inspector, in the host PID namespace of the
// engine, that reads /proc for us. It is attached (stdin + stdout) before it starts, then answers
// one request line per refresh over that open connection: a refresh costs no extra engine call.
//
// Privileges, the fewest that read other containers' namespace links (verified on Linux dockerd):
// PidMode host (to see their /proc), CAP_SYS_PTRACE (readlink of /proc/<pid>/ns/* of a process
// with another uid, e.g. pause running as 65535) and CAP_DAC_READ_SEARCH (to list such a
// process's /proc/<pid>/ns directory); everything else dropped, no network, read-only root,
// no-new-privileges, small memory and pids limits.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { LABEL_HOME, LABEL_OWNED } from '../docker/labels.js';
import { PodlabError } from '../base/errors.js';
import { LineDecoder } from '../base/ndjson.js';
import { dockerMessage, statusOf } from '../docker/errors.js';
import { helperScript, requestLine } from './proc-script.js';

/** What the helper container is, on its labels (next to io.podlab.owned and io.podlab.home). */
export const LABEL_ROLE = 'io.podlab.role';
export const ROLE_INSPECTOR = 'inspector';

export const HELPER_CAPABILITIES = ['SYS_PTRACE', 'DAC_READ_SEARCH'] as const;

export interface HelperSettings {
  image: string;
  /** The Podlab home id: on the labels and in the name. */
  home: string;
  /** Bound on create + attach + start + the helper saying it is ready. */
  startTimeoutMs: number;
  /** Bound on one answer. */
  requestTimeoutMs: number;
  /** The helper exits after this long without a request. */
  idleSeconds: number;
  /** Added to an otherwise empty capability set. */
  capabilities: readonly string[];
}

/** The helper ended (it was idle too long, was removed, or the engine restarted): a fresh one may do. */
export class HelperGone extends Error {
  override readonly name = 'HelperGone';
}

export function helperName(home: string): string {
  return `podlab-inspector-${home}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** The Engine API create payload of a helper. */
export function helperCreateBody(
  s: Pick<HelperSettings, 'image' | 'home' | 'idleSeconds'> & Partial<Pick<HelperSettings, 'capabilities'>>,
  name = helperName(s.home),
): Docker.ContainerCreateOptions {
  return {
    name,
    Image: s.image,
    Cmd: ['bash', '-c', helperScript(s.idleSeconds)],
    Labels: { [LABEL_OWNED]: 'true', [LABEL_HOME]: s.home, [LABEL_ROLE]: ROLE_INSPECTOR },
    User: '0',
    WorkingDir: '/',
    Tty: false,
    OpenStdin: true,
    // Our attach is the only one: when it closes (this process exits or dies), stdin ends, the
    // helper exits and AutoRemove removes it at once.
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    NetworkDisabled: true,
    HostConfig: {
      PidMode: 'host',
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      CapAdd: [...(s.capabilities ?? HELPER_CAPABILITIES)],
      Memory: 64 * 1024 * 1024,
      PidsLimit: 16,
      AutoRemove: true,
      RestartPolicy: { Name: 'no' },
      // Answers travel over the attach connection; logging them would write every refresh to disk.
      LogConfig: { Type: 'none', Config: {} },
    },
  };
}

const PRIVILEGE_HINT =
  `the inspector needs a helper container in the host PID namespace with CAP_${HELPER_CAPABILITIES.join(' and CAP_')} ` +
  '(to read /proc/<pid>/ns of other containers); allow them in the engine’s security settings — an engine in a VM ' +
  '(Docker Desktop, Colima), rootless Docker or an authorization plugin may refuse them';

/** Turns a failed create/attach/start into the next action. */
function startError(err: unknown, image: string): PodlabError {
  if (err instanceof PodlabError) return err;
  const msg = dockerMessage(err).trim();
  if (statusOf(err) === 404 && /no such image/i.test(msg)) {
    return new PodlabError('IMAGE_MISSING', `the inspector's helper image "${image}" is not on this engine`, {
      hint: 'run `podlab images build`',
      cause: err,
    });
  }
  return new PodlabError('DOCKER_REFUSED', `cannot start the inspector's helper container: ${msg}`, { hint: PRIVILEGE_HINT, cause: err });
}

/** The helper could not read some processes' namespaces: it lacks a capability. */
export function privilegeError(denied: { process: { pid: number; comm: string }; capability: string }[]): PodlabError {
  const caps = [...new Set(denied.map((d) => `CAP_${d.capability}`))].join(' and ');
  const procs = denied
    .slice(0, 5)
    .map((d) => `${d.process.pid} (${d.process.comm})`)
    .join(', ');
  return new PodlabError(
    'DOCKER_REFUSED',
    `the inspector cannot read the namespaces of process ${procs}${denied.length > 5 ? ' and more' : ''}: permission denied; its helper container lacks ${caps}`,
    { hint: PRIVILEGE_HINT },
  );
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

interface Pending {
  seq: number;
  lines: string[];
  resolve: (text: string) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** The hijacked attach connection (a net.Socket on unix and tcp endpoints). */
type Connection = NodeJS.ReadWriteStream & { ref?: () => void; unref?: () => void; destroy?: () => void };

export class ProcHelper {
  private connection: Connection | undefined;
  private readonly stdoutLines = new LineDecoder();
  private stderrTail = '';
  private ended = false;
  private readyWaiter: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private pending: Pending | undefined;
  private seq = 0;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly docker: Docker,
    private readonly container: Docker.Container,
    readonly name: string,
    private readonly settings: HelperSettings,
  ) {}

  /** Creates, attaches and starts a helper; `count` is called once per engine API call. */
  static async start(docker: Docker, settings: HelperSettings, count: () => void): Promise<ProcHelper> {
    const body = helperCreateBody(settings);
    let container: Docker.Container;
    try {
      count();
      container = await docker.createContainer(body);
    } catch (err) {
      throw startError(err, settings.image);
    }
    const helper = new ProcHelper(docker, container, body.name as string, settings);
    try {
      await withTimeout(helper.attachAndStart(count), settings.startTimeoutMs, () =>
        new PodlabError('INTERNAL', `the inspector's helper container did not become ready within ${settings.startTimeoutMs / 1000} s`, {
          hint: 'the engine may be overloaded: try again (Podlab starts a fresh helper)',
        }),
      );
    } catch (err) {
      await helper.stop(count).catch(() => undefined);
      // Ended before saying it is ready: whatever bash printed tells why.
      const why = err instanceof HelperGone && helper.stderrTail.trim() ? new Error(`${err.message}: ${helper.stderrTail.trim()}`) : err;
      throw startError(why, settings.image);
    }
    return helper;
  }

  private async attachAndStart(count: () => void): Promise<void> {
    count();
    const conn = (await this.container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Connection;
    this.connection = conn;
    const ready = new Promise<void>((resolve, reject) => (this.readyWaiter = { resolve, reject }));
    // Awaited below; if start fails first, the helper's end must not become an unhandled rejection.
    ready.catch(() => undefined);
    const stdout = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        for (const line of this.stdoutLines.push(chunk)) this.onLine(line);
        done();
      },
    });
    const stderr = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
        done();
      },
    });
    this.docker.modem.demuxStream(conn, stdout, stderr);
    const gone = () => this.onEnd(new HelperGone(`the inspector's helper container ${this.name} ended`));
    conn.on('end', gone);
    conn.on('close', gone);
    conn.on('error', (err: Error) => this.onEnd(new HelperGone(`lost the connection to the inspector's helper: ${err.message}`)));
    count();
    await this.container.start();
    await ready;
    // An idle helper must not keep a CLI process alive; a request refs the connection again.
    conn.unref?.();
  }

  /** False once the helper ended or was stopped: the Inspector then starts a fresh one. */
  get alive(): boolean {
    return !this.ended;
  }

  private onLine(line: string): void {
    if (this.readyWaiter && line.startsWith('R\t')) {
      const w = this.readyWaiter;
      this.readyWaiter = undefined;
      w.resolve();
      return;
    }
    const p = this.pending;
    if (!p) return;
    if (line === `E\t${p.seq}`) {
      this.pending = undefined;
      clearTimeout(p.timer);
      this.connection?.unref?.();
      p.resolve(p.lines.join('\n'));
    } else {
      p.lines.push(line);
    }
  }

  private onEnd(err: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.readyWaiter?.reject(err);
    this.readyWaiter = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }

  /**
   * Asks for the processes and namespaces of these containers; resolves with the answer's text
   * (without its end marker). One request at a time: the Inspector queues them.
   */
  request(containerIds: readonly string[]): Promise<string> {
    if (this.ended || !this.connection) return Promise.reject(new HelperGone(`the inspector's helper container ${this.name} ended`));
    if (this.pending) return Promise.reject(new Error('the inspector helper is already answering a request'));
    const conn = this.connection;
    const seq = ++this.seq;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending?.seq !== seq) return;
        this.pending = undefined;
        // Its late answer would be taken for the next one's: this helper is done.
        void this.stop().catch(() => undefined);
        reject(
          new PodlabError('INTERNAL', `the inspector's helper did not answer within ${this.settings.requestTimeoutMs / 1000} s`, {
            hint: 'the engine or the machine may be overloaded, or a process hangs in the kernel (state D): try again — Podlab starts a fresh helper',
          }),
        );
      }, this.settings.requestTimeoutMs);
      this.pending = { seq, lines: [], resolve, reject, timer };
      conn.ref?.();
      conn.write(requestLine(seq, containerIds));
    });
  }

  /** Removes the helper container (idempotent); resolves once the engine no longer lists it. */
  stop(count: () => void = () => undefined): Promise<void> {
    this.stopping ??= this.doStop(count);
    return this.stopping;
  }

  private async doStop(count: () => void): Promise<void> {
    this.onEnd(new HelperGone(`the inspector's helper container ${this.name} was stopped`));
    try {
      count();
      await this.container.remove({ force: true });
    } catch (err) {
      const s = statusOf(err);
      if (s === 409) {
        // It exited by itself and the engine's AutoRemove is at it: wait for that to finish.
        count();
        await this.container.wait({ condition: 'removed' }).catch(() => undefined);
      } else if (s !== 404) {
        throw err;
      }
    } finally {
      this.connection?.destroy?.();
    }
  }
}
