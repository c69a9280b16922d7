// Predicates on processes, as the inspector read them from /proc: a process by name or command,
// optionally PID 1 of its PID namespace or in one process group with another, counted; and zombies.
// Pure, over the snapshot.
import type { PodSnapshot, ProcessInfo } from '../../inspect/snapshot.js';
import type { CheckSpec } from './schema.js';
import { findPodSnapshot, noPod, verdict, type CheckResult, type CheckWorld } from './world.js';

type Match = { name?: string | undefined; command?: string | undefined };

function matches(p: ProcessInfo, m: Match): boolean {
  return (m.name === undefined || p.comm === m.name) && (m.command === undefined || p.args.includes(m.command));
}

function describeMatch(m: Match): string {
  return [m.name !== undefined ? `"${m.name}"` : '', m.command !== undefined ? `running "${m.command}"` : ''].filter(Boolean).join(' ');
}

function describeMatchZh(m: Match): string {
  return [m.name !== undefined ? `名为 "${m.name}"` : '', m.command !== undefined ? `命令含 "${m.command}"` : ''].filter(Boolean).join('、');
}

function processesOf(pod: PodSnapshot, container: string | undefined): ProcessInfo[] {
  return pod.containers.filter((c) => container === undefined || c.name === container).flatMap((c) => c.processes);
}

/** `sleep(pid 12, pgid 7)` for up to five processes. */
function listProcs(ps: ProcessInfo[]): string {
  const shown = ps.slice(0, 5).map((p) => `${p.comm}(pid ${p.nspid}, pgid ${p.nspgid}${p.state === 'Z' ? ', zombie' : ''})`);
  return shown.join(', ') + (ps.length > 5 ? ` and ${ps.length - 5} more` : '');
}

export function processCheck(c: CheckSpec<'process'>, world: CheckWorld): CheckResult {
  const where = c.container ? `container ${c.container} of Pod ${c.pod}` : `Pod ${c.pod}`;
  const whereZh = c.container ? `Pod ${c.pod} 的容器 ${c.container}` : `Pod ${c.pod}`;
  const extra = [c.pid1 ? 'as PID 1 of its PID namespace' : '', c.sameGroupAs ? `in one process group with ${describeMatch(c.sameGroupAs)}` : ''].filter(Boolean).join(', ');
  const extraZh = [c.pid1 ? '是所在 PID Namespace 的 PID 1' : '', c.sameGroupAs ? `与${describeMatchZh(c.sameGroupAs)}的进程在同一个进程组` : ''].filter(Boolean).join('，');
  const bounds = c.count ? [c.count.atLeast !== undefined ? `at least ${c.count.atLeast}` : '', c.count.atMost !== undefined ? `at most ${c.count.atMost}` : ''].filter(Boolean).join(' and ') : '';
  const boundsZh = c.count ? [c.count.atLeast !== undefined ? `至少 ${c.count.atLeast} 个` : '', c.count.atMost !== undefined ? `至多 ${c.count.atMost} 个` : ''].filter(Boolean).join('、') : '';
  const expected = {
    en: `${bounds ? `${bounds} processes` : 'a process'} ${describeMatch(c)} in ${where}${extra ? `, ${extra}` : ''}`,
    zh: `${whereZh} 中有${boundsZh || '一个'}${describeMatchZh(c)}的进程${extraZh ? `，${extraZh}` : ''}`,
  };
  const pod = findPodSnapshot(world, c.pod);
  if (!pod) return verdict(false, expected, noPod(c.pod));
  // A zombie runs nothing any more: it is counted by `zombies`, never here.
  const candidates = processesOf(pod, c.container).filter((p) => p.state !== 'Z' && matches(p, c));
  const group = c.sameGroupAs;
  const everyone = processesOf(pod, undefined);
  const found = candidates.filter((p) => (!c.pid1 || p.nspid === 1) && (!group || everyone.some((q) => q.pid !== p.pid && q.state !== 'Z' && q.pgid === p.pgid && matches(q, group))));
  const n = found.length;
  const pass = c.count ? (c.count.atLeast ?? 0) <= n && n <= (c.count.atMost ?? Number.POSITIVE_INFINITY) : n > 0;
  if (!candidates.length) {
    const names = [...new Set(processesOf(pod, c.container).map((p) => p.comm))].join(', ') || 'nothing';
    return verdict(pass, expected, { en: `no such process; ${where} runs ${names}`, zh: `没有这样的进程；${whereZh} 中运行的是 ${names}` });
  }
  const partners = group ? everyone.filter((q) => matches(q, group)) : [];
  const seen = `${listProcs(candidates)} (${n} as expected)${group ? `; ${describeMatch(group)}: ${listProcs(partners) || 'none'}` : ''}`;
  return verdict(pass, expected, { en: seen, zh: `${listProcs(candidates)}（其中 ${n} 个符合）${group ? `；${describeMatchZh(group)}的进程：${listProcs(partners) || '无'}` : ''}` });
}

export function zombies(c: CheckSpec<'zombies'>, world: CheckWorld): CheckResult {
  const where = c.container ? `container ${c.container} of Pod ${c.pod}` : `Pod ${c.pod}`;
  const whereZh = c.container ? `Pod ${c.pod} 的容器 ${c.container}` : `Pod ${c.pod}`;
  const range = [c.atLeast !== undefined ? `at least ${c.atLeast}` : '', c.atMost !== undefined ? `at most ${c.atMost}` : ''].filter(Boolean).join(' and ');
  const rangeZh = [c.atLeast !== undefined ? `至少 ${c.atLeast} 个` : '', c.atMost !== undefined ? `至多 ${c.atMost} 个` : ''].filter(Boolean).join('、');
  const expected = { en: `${range} zombie processes in ${where}`, zh: `${whereZh} 中有${rangeZh}僵尸进程` };
  const pod = findPodSnapshot(world, c.pod);
  if (!pod) return verdict(false, expected, noPod(c.pod));
  const z = processesOf(pod, c.container).filter((p) => p.state === 'Z');
  const pass = (c.atLeast ?? 0) <= z.length && z.length <= (c.atMost ?? Number.POSITIVE_INFINITY);
  return verdict(pass, expected, { en: `${z.length} zombie(s)${z.length ? `: ${listProcs(z)}` : ''}`, zh: `${z.length} 个僵尸进程${z.length ? `：${listProcs(z)}` : ''}` });
}

