// Where the supervisor listens and how to ask who it is. Kept apart from the lock itself so a
// CLI command that only talks to the supervisor loads nothing else (it starts faster).
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { NdjsonDecoder } from '../../base/ndjson.js';

export interface SupervisorInfo {
  pid: number;
  since: string;
  /** Build of the holder; a client of another build must not send it requests. */
  build: string;
}

let fromFile: string | undefined;

/**
 * Identifies this build of Podlab: the CLI bundle has it compiled in; the compiled tree the
 * desktop app runs (dist/electron/…) reads dist/build-id, which the bundler writes in the same
 * `npm run build` — so the app, `podlab serve` and the CLI of one build share one id. `dev` for
 * the sources (tests).
 */
export function buildId(): string {
  const stamped = (globalThis as { __PODLAB_BUILD__?: string }).__PODLAB_BUILD__;
  if (stamped !== undefined) return stamped;
  if (fromFile === undefined) {
    try {
      // dist/electron/engine/pods/supervisor/socket.js → dist/build-id
      fromFile = readFileSync(new URL('../../../../build-id', import.meta.url), 'utf8').trim() || 'dev';
    } catch {
      fromFile = 'dev';
    }
  }
  return fromFile;
}

export function lockPath(stateDir: string): string {
  if (process.platform === 'win32') return `\\\\.\\pipe\\podlab-supervisor-${Buffer.from(stateDir).toString('hex').slice(-32)}`;
  return path.join(stateDir, 'supervisor.sock');
}

/** Who holds the lock, or null when nobody answers. */
export function querySupervisor(stateDir: string, timeoutMs = 1000): Promise<SupervisorInfo | null> {
  return new Promise((resolve) => {
    const sock = net.connect(lockPath(stateDir));
    const lines = new NdjsonDecoder();
    const done = (v: SupervisorInfo | null) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(null));
    sock.on('data', (d: Buffer) => {
      const [first] = lines.push(d);
      if (!first) return;
      done(first.ok && first.value !== null ? (first.value as { hello: SupervisorInfo }).hello : null);
    });
    sock.on('end', () => done(null));
    sock.on('error', () => done(null));
  });
}

