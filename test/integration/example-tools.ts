// What the example tests need besides the harness: the README's commands run through the bundled
// `podlab` CLI against a harness's state directory, a poll for what shows up over time, and Docker's
// own record of when a container started and finished.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './pod-harness.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/podlab.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `podlab ARGS…` as a user types it, acting on the Pods of the given state directory. */
export function podlabIn(stateDir: string, args: string[]): Promise<CliResult> {
  const env = { ...process.env, PODLAB_STATE_DIR: stateDir, PODLAB_NO_SUPERVISOR: '1' };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The first non-undefined answer of `probe`, asked every 250 ms for up to a minute. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  let last: unknown;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not happen within a minute${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
}

/** Docker's StartedAt and FinishedAt of a container, in ms since the epoch (NaN when never). */
export async function startedFinished(id: string): Promise<{ started: number; finished: number }> {
  const { stdout } = await run('docker', ['inspect', '-f', '{{.State.StartedAt}} {{.State.FinishedAt}}', id]);
  const [started = '', finished = ''] = stdout.trim().split(' ');
  const ms = (t: string) => (t.startsWith('0001-') ? NaN : Date.parse(t));
  return { started: ms(started), finished: ms(finished) };
}

/** Names of the Pod's containers that died since `sinceSeconds` (unix time), in the order they died. */
export async function diedSince(uid: string, sinceSeconds: number): Promise<string[]> {
  const { stdout } = await run('docker', [
    'events',
    '--since', sinceSeconds.toFixed(3),
    '--until', (Date.now() / 1000 + 1).toFixed(3),
    '--filter', `label=io.kubernetes.pod.uid=${uid}`,
    '--filter', 'event=die',
    '--format', '{{index .Actor.Attributes "io.kubernetes.container.name"}}',
  ]);
  return stdout.split('\n').filter(Boolean);
}
