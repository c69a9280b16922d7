// What `docker stop` will do to a container's main process: which signal it sends, and whether the
// process catches it, ignores it, or takes the default action — which for a PID namespace's PID 1
// means nothing happens, because the kernel delivers it only the signals it has a handler for.
//
// How we find out: the signal masks (SigCgt/SigIgn of /proc/<pid>/status) must be read where the
// engine runs, which may be a VM. The inspector's helper reads /proc there, but it lives a layer
// above the Pod engine and costs a privileged container per `pod rm` from the CLI; `docker exec`
// is slow and needs a shell in the image, which a container need not have. The
// Engine API already has the answer: `top` runs the engine host's `ps` (procps), whose CAUGHT and
// IGNORED columns are those two masks — one call, no container. An engine whose `ps` cannot print
// them (busybox) answers with an error, and then we do not know, and say nothing we do not know.
import type Docker from 'dockerode';

export type Disposition = 'caught' | 'ignored' | 'default';

export interface StopTarget {
  /** The stop signal Docker sends: the image's STOPSIGNAL, else SIGTERM. */
  signal: string;
  /** Kernel name of the main process (`/proc/<pid>/comm`); absent when the engine could not say. */
  comm?: string;
  /** Its PID in its own PID namespace: 1, or absent when it shares another's (shareProcessNamespace, hostPID). */
  pid?: number;
  /** What the stop signal does to it; absent when the engine's `ps` cannot tell. */
  disposition?: Disposition;
}

/** Linux signal numbers of the signals an image's STOPSIGNAL names in practice. */
const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15, WINCH: 28 };

/** `SIGTERM`, `TERM` or `15` → `SIGTERM`; empty → Docker's default, SIGTERM. */
export function signalName(stopSignal: string | undefined): string {
  const s = (stopSignal ?? '').trim().toUpperCase().replace(/^SIG/, '');
  if (!s) return 'SIGTERM';
  const byNumber = Object.entries(SIGNALS).find(([, n]) => String(n) === s);
  return `SIG${byNumber ? byNumber[0] : s}`;
}

/** Reads one signal's bit from the hex masks `ps -o caught,ignored` prints (bit n-1 is signal n). */
export function dispositionOf(signal: string, caughtHex: string, ignoredHex: string): Disposition | undefined {
  const n = SIGNALS[signal.replace(/^SIG/, '')];
  if (n === undefined || !/^[0-9a-f]+$/i.test(caughtHex) || !/^[0-9a-f]+$/i.test(ignoredHex)) return undefined;
  const bit = 1n << BigInt(n - 1);
  if (BigInt(`0x${ignoredHex}`) & bit) return 'ignored';
  if (BigInt(`0x${caughtHex}`) & bit) return 'caught';
  return 'default';
}

/** The Engine API's `top` answer: column titles and one row of strings per process. */
export interface TopAnswer {
  Titles?: string[];
  Processes?: string[][];
}

/** The row of host PID `pid` in a `top -o pid,caught,ignored,comm` answer. */
export function topRow(top: TopAnswer, pid: number): { comm: string; caught: string; ignored: string } | undefined {
  const titles = top.Titles ?? [];
  const col = (t: string) => titles.indexOf(t);
  const [p, c, i, n] = [col('PID'), col('CAUGHT'), col('IGNORED'), col('COMMAND')];
  if (p < 0 || c < 0 || i < 0 || n < 0) return undefined;
  const row = (top.Processes ?? []).find((r) => r[p] === String(pid));
  return row ? { comm: row[n] ?? '', caught: row[c] ?? '', ignored: row[i] ?? '' } : undefined;
}

/** True when the stop signal cannot end the process: ignored, or PID 1 without a handler. */
export function ignoresStop(t: StopTarget): boolean {
  return t.disposition === 'ignored' || (t.disposition === 'default' && t.pid === 1 && t.signal !== 'SIGKILL');
}

/** Asks the engine about a running container's main process; never fails (absent fields mean "unknown"). */
export async function probeStopTarget(docker: Docker, id: string): Promise<StopTarget> {
  const c = docker.getContainer(id);
  const [info, top] = await Promise.all([
    c.inspect().catch(() => undefined),
    (c.top({ ps_args: '-o pid,caught,ignored,comm' }) as Promise<TopAnswer>).catch(() => undefined),
  ]);
  // StopSignal is in the Engine API's answer, not in @types/dockerode.
  const signal = signalName((info?.Config as { StopSignal?: string } | undefined)?.StopSignal);
  if (!info?.State.Pid) return { signal };
  const pidMode = info.HostConfig.PidMode ?? '';
  const own = pidMode === '' || pidMode === 'private';
  const row = top ? topRow(top, info.State.Pid) : undefined;
  const disposition = row ? dispositionOf(signal, row.caught, row.ignored) : undefined;
  return { signal, ...(own ? { pid: 1 } : {}), ...(row?.comm ? { comm: row.comm } : {}), ...(disposition ? { disposition } : {}) };
}
