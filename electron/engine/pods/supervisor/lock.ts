// Exactly one supervisor per state directory: two would both restart the same container. The
// lock is a listening Unix socket — the kernel frees it when the holder dies, so no stale lock
// survives a crash. Every connection first gets a hello line saying who holds it (`podlab
// supervisor status`); the holder may then serve the API contract on the same socket, so the CLI
// can hand its requests to the process that already supervises (one actor per Pod).
import { spawn } from 'node:child_process';
import { buildId, lockPath, querySupervisor, type SupervisorInfo } from './socket.js';
import { mkdirSync, openSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';


/** Called for each connection after the hello line; the socket is the handler's from then on. */
export type ConnectionHandler = (socket: net.Socket) => void;

export interface SupervisorLock {
  release(): Promise<void>;
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
export async function acquireSupervisorLock(stateDir: string, onConnection?: ConnectionHandler): Promise<SupervisorLock | null> {
  mkdirSync(stateDir, { recursive: true });
  const where = lockPath(stateDir);
  const info: SupervisorInfo = { pid: process.pid, since: new Date().toISOString(), build: buildId() };
  const open = new Set<net.Socket>();
  const server = net.createServer((s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
    s.on('error', () => s.destroy());
    s.write(`${JSON.stringify({ hello: info })}\n`);
    if (onConnection) onConnection(s);
    else s.end();
  });
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
    release: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of open) s.destroy();
      }),
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
