// A real `podlab serve --port 0` child process for the transport bench: started from the bundled
// CLI with its own state directory, its URL read from the first stdout line, its CPU time read
// from /proc (Linux), and stopped whatever happened.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PodlabError } from '../../electron/engine/base/errors.js';

/** Where the page is served: its origin (the Origin a browser sends) and the token of the URL. */
export interface Served {
  origin: string;
  token: string;
  /** ws://127.0.0.1:PORT<path>?token=… */
  wsUrl(pathname: string): string;
}

/** bin/podlab.js of this checkout: the bench runs from dist/test/bench, so look upwards. */
function cliPath(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'bin', 'podlab.js');
    if (existsSync(bin)) return bin;
  }
  throw new PodlabError('USAGE', 'bin/podlab.js not found above the bench', { hint: 'run the bench from the checkout with `npm run bench:transport`' });
}

export function parseServedUrl(line: string): Served {
  const url = URL.canParse(line.trim()) ? new URL(line.trim()) : undefined;
  const token = url?.searchParams.get('token');
  if (url?.hostname !== '127.0.0.1' || !token) {
    throw new PodlabError('INTERNAL', `podlab serve printed ${JSON.stringify(line)}, not http://127.0.0.1:PORT/?token=…`, { hint: 'check `podlab serve --help` of this build' });
  }
  return {
    origin: url.origin,
    token,
    wsUrl: (pathname) => `ws://${url.host}${pathname}?token=${encodeURIComponent(token)}`,
  };
}

export class ServeProcess {
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly served: Served,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  /** Starts the server and resolves with its URL (the first line on stdout). */
  static start(stateDir: string): Promise<ServeProcess> {
    const child = spawn(process.execPath, [cliPath(), 'serve', '--port', '0'], {
      env: { ...process.env, PODLAB_STATE_DIR: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.once('line', (line) => {
        try {
          resolve(new ServeProcess(child, parseServedUrl(line)));
        } catch (err) {
          child.kill();
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      child.once('error', reject);
      child.once('exit', (code) =>
        reject(new PodlabError('INTERNAL', `podlab serve exited with ${String(code)} before printing its URL:\n${stderr}`, { hint: 'run `npm run build`, then `node bin/podlab.js serve --port 0` by hand' })),
      );
    });
  }

  /** User + system CPU time of the server process so far, in ms (undefined off Linux). */
  cpuMs(): number | undefined {
    const stat = `/proc/${String(this.child.pid)}/stat`;
    if (!existsSync(stat)) return undefined;
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 Hz).
    const text = readFileSync(stat, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  /** SIGTERM, then SIGKILL if it lingers; resolves once it has exited. */
  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}
