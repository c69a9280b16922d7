// Running a lab's command where its terminal is — a container of one of the lab's Pods (a plain
// Docker exec, no TTY) or this machine (`sh -c` in the lab's folder) — with its exit code and
// output, bounded in time. Solves and `script`/`file` checks go through here.
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { PodlabError } from '../base/errors.js';
import { setTimeout as delay } from 'node:timers/promises';
import { execInPod } from '../pods/exec.js';
import { runningContainer } from '../pods/resolve.js';
import type { PodRuntime } from '../pods/runtime.js';
import type { ContainerTarget, HostTarget } from '../terminals/session.js';
import type { Ran } from './checks/exec.js';
import type { Lab, LabTerminal } from './schema.js';

/** What a terminal opens through the terminal host: a lab's container terminals reconnect by themselves. */
export function terminalTarget(t: LabTerminal, labDir: string, env: Record<string, string>): ContainerTarget | HostTarget {
  if (t.host) return { kind: 'host', cwd: labDir, env };
  return { kind: 'container', pod: t.pod ?? '', ...(t.container !== undefined ? { container: t.container } : {}), autoReconnect: true };
}

export function findTerminal(lab: Lab, name: string): LabTerminal {
  const t = lab.terminals.find((x) => x.name === name);
  if (!t) throw new PodlabError('LAB_INVALID', `lab ${lab.id} has no terminal "${name}"`, { hint: 'run `podlab lab validate` on the lab' });
  return t;
}

/** Collects what a command writes, up to a bound (a runaway command must not fill memory). */
function collector(into: { text: string }): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      if (into.text.length < 64 * 1024) into.text += chunk.toString('utf8');
      done();
    },
  });
}

function timedOut(what: string, ms: number): PodlabError {
  return new PodlabError('POD_FAILED', `${what} did not finish within ${ms / 1000}s`, { hint: 'a solve or check command must end by itself: start long-running work in the background (`cmd >/dev/null 2>&1 &`)' });
}

/**
 * Waits until the target container runs, as a learner waits for a terminal to connect (an init
 * container's turn comes after the one before it ends). Gives up with the last reason after `ms`.
 */
async function waitRunning(rt: PodRuntime, target: ContainerTarget, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await runningContainer(rt, target.pod, target.namespace, target.container);
      return;
    } catch (err) {
      const waiting = err instanceof PodlabError && (err.code === 'POD_FAILED' || err.code === 'POD_NOT_FOUND');
      if (!waiting || Date.now() > deadline) throw err;
    }
    await delay(250);
  }
}

/**
 * Runs argv in the target; resolves with its exit code and output (stdout, then stderr). With
 * `waitMs`, a container that does not run yet is waited for that long first (solves do; checks don't).
 */
export async function runIn(rt: PodRuntime, target: ContainerTarget | HostTarget, argv: string[], timeoutMs: number, waitMs = 0): Promise<Ran> {
  const out = { text: '' };
  const err = { text: '' };
  let timer: NodeJS.Timeout | undefined;
  const what = `\`${argv.join(' ')}\``;
  if (target.kind === 'host') {
    const child = spawn(argv[0] ?? 'sh', argv.slice(1), { cwd: target.cwd, env: { ...process.env, ...target.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(collector(out));
    child.stderr.pipe(collector(err));
    // 'exit', not 'close': a background process the command started may keep its pipes open.
    const code = await new Promise<number>((resolve, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(timedOut(what, timeoutMs));
      }, timeoutMs);
      child.on('error', reject);
      child.on('exit', (c) => resolve(c ?? 1));
    }).finally(() => clearTimeout(timer));
    child.stdout.destroy();
    child.stderr.destroy();
    return { code, output: out.text + err.text };
  }
  if (waitMs > 0) await waitRunning(rt, target, waitMs);
  const running = execInPod(rt, target.pod, argv, collector(out), collector(err), {
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    ...(target.container !== undefined ? { container: target.container } : {}),
  });
  const limit = new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(timedOut(what, timeoutMs)), timeoutMs)));
  try {
    return { code: await Promise.race([running, limit]), output: out.text + err.text };
  } finally {
    clearTimeout(timer);
  }
}
