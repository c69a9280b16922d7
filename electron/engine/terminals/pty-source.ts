// A host shell: node-pty running the user's login shell. The pty's pause()/resume() stop reading
// its master side, so a flooding program blocks on its next write.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pty from 'node-pty';
import { PodlabError } from '../base/errors.js';
import type { SessionSize } from './session.js';
import type { ResourceCounts, SourceEnd, TerminalSource } from './source.js';

/** `$SHELL -l`, else bash, else sh. */
export function loginShell(env: NodeJS.ProcessEnv = process.env): string[] {
  const candidates = [env.SHELL, '/bin/bash', '/bin/sh'].filter((s): s is string => !!s && path.isAbsolute(s));
  const shell = candidates.find((s) => existsSync(s)) ?? '/bin/sh';
  return [shell, '-l'];
}

export interface PtyOptions {
  command?: string[];
  cwd?: string;
  env?: Record<string, string>;
  size: SessionSize;
}

export function startPty(opts: PtyOptions, counts: ResourceCounts): TerminalSource {
  const [file, ...args] = opts.command?.length ? opts.command : loginShell();
  let proc: pty.IPty;
  try {
    proc = pty.spawn(file as string, args, {
      name: 'xterm-256color',
      cols: opts.size.cols,
      rows: opts.size.rows,
      cwd: opts.cwd ?? os.homedir(),
      env: { ...process.env, TERM: 'xterm-256color', ...opts.env },
      encoding: null, // bytes, not strings: decoding is the terminal's job
    });
  } catch (err) {
    throw new PodlabError('INTERNAL', `cannot start ${file}: ${(err as Error).message}`, { hint: 'check that the shell exists and the directory is readable', cause: err });
  }
  counts.ptys++;
  let exited = false;
  let ended: ((end: SourceEnd) => void) | undefined;
  let closing = false;
  const exitedP = new Promise<void>((resolve) => {
    proc.onExit(({ exitCode }) => {
      exited = true;
      counts.ptys--;
      ended?.({ exitCode: closing ? null : exitCode });
      resolve();
    });
  });
  return {
    // With `encoding: null` node-pty hands over Buffers, although its typings say string.
    onData: (cb) => proc.onData((d) => cb(typeof d === 'string' ? Buffer.from(d) : (d as Uint8Array))),
    onEnd: (cb) => {
      ended = cb;
    },
    write: (data) => {
      if (!exited) proc.write(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    },
    resize: (size) => {
      if (!exited) proc.resize(size.cols, size.rows);
    },
    pause: () => proc.pause(),
    resume: () => proc.resume(),
    close: async () => {
      if (exited) return;
      closing = true;
      proc.kill('SIGHUP');
      const hard = setTimeout(() => {
        if (!exited) proc.kill('SIGKILL');
      }, 2000);
      await exitedP;
      clearTimeout(hard);
    },
  };
}
