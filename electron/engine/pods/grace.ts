// A grace-period stop that says what it waits for: before `docker stop` sends its signal, we learn
// whether the container's main process can act on it (stop-signal.ts), report that as a progress
// event (`rm`, `apply --force`), and report again how the wait ended. Nobody listening, no probe.
import type Docker from 'dockerode';
import { stopGracefully } from '../docker/containers.js';
import { ignoresStop, probeStopTarget, type StopTarget } from './stop-signal.js';

interface GraceSubject {
  kind: 'grace';
  pod: string;
  namespace: string;
  /** The Pod container being stopped. */
  container: string;
  graceSeconds: number;
  /** One sentence for a person: the window shows it as is, the CLI adds a countdown. */
  message: string;
}

export type GraceProgress =
  | (GraceSubject & {
      phase: 'waiting';
      /** The main process and what the stop signal does to it, as far as the engine could tell. */
      target: StopTarget;
      /** True only when known: the process will not act on the signal, so the whole grace period passes. */
      ignoresSignal: boolean;
    })
  | (GraceSubject & {
      phase: 'ended';
      /** `exited` by itself (or by the signal), or `killed` with SIGKILL when the grace period ran out. */
      outcome: 'exited' | 'killed';
      exitCode?: number;
      /** Whole seconds from the signal to the end. */
      afterSeconds: number;
    });

export type GraceListener = (p: GraceProgress) => void;

/** What is waited for, and why: "sh is PID 1 in container web and ignores SIGTERM …". */
export function waitingMessage(container: string, t: StopTarget, graceSeconds: number): string {
  const who = t.comm ?? 'the main process';
  if (ignoresStop(t)) {
    const why = t.disposition === 'ignored' ? `ignores ${t.signal} (SIG_IGN)` : `ignores ${t.signal}: a PID 1 gets only the signals it has a handler for`;
    const subject = t.pid === 1 ? `${who} is PID 1 in container ${container} and` : `${who} in container ${container}`;
    return `${subject} ${why} — waiting up to ${graceSeconds} s, then SIGKILL`;
  }
  return `sent ${t.signal} to ${who}${t.pid ? ` (PID ${t.pid})` : ''} in container ${container}; waiting up to ${graceSeconds} s for it to exit`;
}

export function endedMessage(container: string, outcome: 'exited' | 'killed', afterSeconds: number): string {
  return outcome === 'killed' ? `${container} was killed (SIGKILL) after ${afterSeconds} s` : `${container} exited after ${afterSeconds} s`;
}

/** A listener must never break the removal it watches. */
function emit(listener: GraceListener, p: GraceProgress): void {
  try {
    listener(p);
  } catch {
    // a broken display is not a failed removal
  }
}

/** Stops one container with a grace period; with a listener, explains the wait before and after. */
export async function stopExplained(
  docker: Docker,
  c: { id: string; podContainer: string },
  pod: { name: string; namespace: string },
  graceSeconds: number,
  onProgress?: GraceListener,
): Promise<void> {
  if (!onProgress || graceSeconds <= 0) return stopGracefully(docker, c.id, graceSeconds);
  const subject = { kind: 'grace', pod: pod.name, namespace: pod.namespace, container: c.podContainer, graceSeconds } as const;
  // Read before the signal: a process that handles it may be gone a moment later.
  const target = await probeStopTarget(docker, c.id);
  const since = Date.now();
  emit(onProgress, { ...subject, phase: 'waiting', target, ignoresSignal: ignoresStop(target), message: waitingMessage(c.podContainer, target, graceSeconds) });
  await stopGracefully(docker, c.id, graceSeconds);
  const afterSeconds = Math.round((Date.now() - since) / 1000);
  const exitCode = await docker
    .getContainer(c.id)
    .inspect()
    .then((i) => i.State.ExitCode)
    .catch(() => undefined);
  // 137 = 128 + SIGKILL: Docker's stop ran out of time (our signal was the stop signal, not KILL).
  const outcome = exitCode === 137 ? 'killed' : 'exited';
  emit(onProgress, {
    ...subject,
    phase: 'ended',
    outcome,
    ...(exitCode !== undefined ? { exitCode } : {}),
    afterSeconds,
    message: endedMessage(c.podContainer, outcome, afterSeconds),
  });
}
