// A container TTY: Docker exec with Tty, hijacked. The socket carries raw bytes both ways (no
// multiplexing with a TTY); pausing the socket stops reading, so the back-pressure reaches the
// process through the engine's buffers. No API kills an exec, and closing the socket does not end
// it either (the shell lives on in the container): every exec carries a marker in its environment,
// which its children inherit, and closing sends them SIGHUP (then SIGKILL) from a second exec.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { PodRuntime } from '../pods/runtime.js';
import { explainDockerError, statusOf } from '../docker/errors.js';
import type { SessionSize } from './session.js';
import type { ResourceCounts, SourceEnd, TerminalSource } from './source.js';

/** bash when the image has it, else sh — decided inside the one exec, without a round trip. */
export const SHELL_COMMAND = ['sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi'];

/** Environment variable that marks an exec's processes (and their children) for the hang-up. */
export const EXEC_MARKER = 'PODLAB_TERMINAL';

/** A shell loop that signals every process whose environment carries the marker. */
export function hangupCommand(marker: string): string[] {
  const each = (sig: string) =>
    `for p in /proc/[0-9]*; do if tr '\\0' '\\n' < "$p/environ" 2>/dev/null | grep -qx '${EXEC_MARKER}=${marker}'; then kill -${sig} "\${p#/proc/}" 2>/dev/null; fi; done`;
  return ['sh', '-c', `${each('HUP')}; sleep 1; ${each('KILL')}`];
}

export interface ExecOptions {
  command?: string[];
  cwd?: string;
  env?: Record<string, string>;
  size: SessionSize;
}

export async function startExec(rt: PodRuntime, containerId: string, opts: ExecOptions, counts: ResourceCounts): Promise<TerminalSource> {
  const marker = randomBytes(8).toString('hex');
  // UTF-8 unless the lab says otherwise: readline then echoes 中文 input as text, not octal escapes.
  const env = { TERM: 'xterm-256color', LANG: 'C.UTF-8', ...opts.env, [EXEC_MARKER]: marker };
  const container = rt.docker.getContainer(containerId);
  let exec;
  let socket: Duplex;
  try {
    exec = await container.exec({
      Cmd: opts.command?.length ? opts.command : SHELL_COMMAND,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      ...(opts.cwd ? { WorkingDir: opts.cwd } : {}),
    });
    // `Tty: true` on start too, or the engine frames the stream as if it had no TTY.
    socket = await exec.start({ hijack: true, stdin: true, Tty: true });
  } catch (err) {
    throw explainDockerError(err, 'cannot start a terminal in the container');
  }
  counts.sockets++;
  let closed = false;
  const closedP = new Promise<void>((resolve) => {
    socket.once('close', () => {
      closed = true;
      counts.sockets--;
      resolve();
    });
  });
  socket.on('error', () => socket.destroy()); // a reset socket ends like a closed one

  let ended: ((end: SourceEnd) => void) | undefined;
  let closing = false;
  void closedP.then(async () => {
    const exitCode = closing ? null : await exitCodeOf(exec);
    ended?.({ exitCode });
  });

  const resize = (size: SessionSize): Promise<void> => {
    if (closed) return Promise.resolve();
    return exec.resize({ h: size.rows, w: size.cols }).then(
      () => undefined,
      (err: unknown) => {
        // Refused once the process is gone: the session ends through the socket anyway.
        if (!closed && statusOf(err) === undefined) throw err;
      },
    );
  };
  // Only now (the engine refuses to resize an exec before it started), and before the first
  // keystroke can run a command that asks for the size.
  await resize(opts.size);

  return {
    onData: (cb) => socket.on('data', (b: Buffer) => cb(b)),
    onEnd: (cb) => {
      ended = cb;
    },
    write: (data) => {
      if (!closed) socket.write(data);
    },
    resize: (size) => void resize(size).catch(() => undefined),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: async () => {
      closing = true;
      socket.destroy();
      await closedP;
      await hangup(container, marker);
    },
  };
}

/** The exit code, once the engine has recorded it (the stream can close a moment earlier). */
async function exitCodeOf(exec: { inspect(): Promise<{ Running: boolean; ExitCode: number | null }> }): Promise<number | null> {
  for (let i = 0; i < 20; i++) {
    try {
      const info = await exec.inspect();
      if (!info.Running) return info.ExitCode;
    } catch {
      return null; // the container (and its execs) are gone
    }
    await new Promise((r) => setTimeout(r, 25 * (i + 1)));
  }
  return null;
}

/** Ends what the exec left running: SIGHUP as a terminal hang-up would, SIGKILL a second later. */
async function hangup(container: { exec(o: object): Promise<{ start(o: object): Promise<unknown> }> }, marker: string): Promise<void> {
  try {
    const killer = await container.exec({ Cmd: hangupCommand(marker), AttachStdout: false, AttachStderr: false });
    // The reply is a stream even when detached: read it to its end, or its socket stays open (and
    // with it the process, e.g. the CLI after `~.`) until the engine times it out.
    const reply = await killer.start({ Detach: true });
    (reply as { resume?: () => void } | undefined)?.resume?.();
  } catch {
    // The container is gone (and its processes with it), or it has no sh: nothing more we can do.
  }
}
