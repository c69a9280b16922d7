// Exactly one supervisor per state directory: two would both restart the same container. The
// lock is a listening Unix socket — the kernel frees it when the holder dies, so no stale lock
// survives a crash — and it answers who holds it (`podlab supervisor status`).
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface SupervisorLock {
  release(): Promise<void>;
}

export interface SupervisorInfo {
  pid: number;
  since: string;
}

export function lockPath(stateDir: string): string {
  if (process.platform === 'win32') return `\\\\.\\pipe\\podlab-supervisor-${Buffer.from(stateDir).toString('hex').slice(-32)}`;
  return path.join(stateDir, 'supervisor.sock');
}

/** Who holds the lock, or null when nobody answers. */
export function querySupervisor(stateDir: string, timeoutMs = 1000): Promise<SupervisorInfo | null> {
  return new Promise((resolve) => {
    const sock = net.connect(lockPath(stateDir));
    let data = '';
    const done = (v: SupervisorInfo | null) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(null));
    sock.on('data', (d) => (data += d.toString()));
    sock.on('end', () => {
      try {
        done(JSON.parse(data) as SupervisorInfo);
      } catch {
        done(null);
      }
    });
    sock.on('error', () => done(null));
  });
}

function listen(server: net.Server, where: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(where, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Takes the lock, or returns null when a live supervisor holds it. */
export async function acquireSupervisorLock(stateDir: string): Promise<SupervisorLock | null> {
  mkdirSync(stateDir, { recursive: true });
  const where = lockPath(stateDir);
  const info: SupervisorInfo = { pid: process.pid, since: new Date().toISOString() };
  const server = net.createServer((s) => s.end(JSON.stringify(info)));
  try {
    await listen(server, where);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    if (await querySupervisor(stateDir)) return null;
    // A socket file left by a crashed holder: nobody answers, so it is safe to take over.
    try {
      unlinkSync(where);
    } catch {
      // raced with another taker; listen decides
    }
    try {
      await listen(server, where);
    } catch {
      return null;
    }
  }
  return {
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Starts a detached supervisor daemon (`podlab supervisor run --exit-when-idle`) unless one runs.
 * The CLI calls this after it built a Pod: someone must restart its containers when they die.
 */
export async function ensureSupervisorDaemon(stateDir: string, cliEntry: string, env: NodeJS.ProcessEnv = process.env): Promise<'running' | 'started'> {
  if (await querySupervisor(stateDir, 300)) return 'running';
  mkdirSync(stateDir, { recursive: true });
  const log = openSync(path.join(stateDir, 'supervisor.log'), 'a');
  const child = spawn(process.execPath, [cliEntry, 'supervisor', 'run', '--exit-when-idle'], {
    detached: true,
    stdio: ['ignore', log, log],
    env,
  });
  child.unref();
  return 'started';
}
