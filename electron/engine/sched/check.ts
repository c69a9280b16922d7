// A lab's `scheduled` check over the learner's own last run (record.ts): did it place these
// containers on these nodes, and leave exactly these unplaced? Pure, and it says both what it
// expected and what the run gave, in English and 中文.
import type { Bilingual } from '../base/lang.js';
import type { SchedRecord } from './record.js';
import type { SchedMode } from './simulate.js';

export interface ScheduledExpect {
  /** Container → the node it must be on. */
  placed?: Record<string, string> | undefined;
  /** Exactly the containers that must be left unplaced (`[]`: every container was placed). */
  unplaced?: string[] | undefined;
}

export interface CheckResult {
  pass: boolean;
  message: Bilingual;
}

/** `run` names the scenario and mode the check is about, for the message when nothing was recorded. */
export function checkScheduled(recorded: SchedRecord | undefined, expect: ScheduledExpect, run: { scenario: string; mode: SchedMode }): CheckResult {
  const command = `podlab sched run ${run.scenario} --mode ${run.mode}`;
  if (!recorded) {
    return {
      pass: false,
      message: { en: `no run of ${run.scenario} in mode ${run.mode} yet: run \`${command}\``, zh: `还没有以 ${run.mode} 模式运行过 ${run.scenario}：请运行 \`${command}\`` },
    };
  }
  const wrongPlace = Object.entries(expect.placed ?? {}).some(([c, node]) => recorded.placed[c] !== node);
  const wrongUnplaced = expect.unplaced !== undefined && !sameSet(expect.unplaced, recorded.unplaced);
  const saw = describe(recorded.placed, recorded.unplaced);
  if (!wrongPlace && !wrongUnplaced) return { pass: true, message: { en: `your run: ${saw.en}`, zh: `你的运行结果：${saw.zh}` } };
  const wanted = describe(expect.placed ?? {}, expect.unplaced ?? []);
  return {
    pass: false,
    message: {
      en: `expected ${wanted.en}; your last run (${command}) gave ${saw.en}`,
      zh: `期望 ${wanted.zh}；你上一次运行（${command}）的结果是 ${saw.zh}`,
    },
  };
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** `main on node-2, imklog on node-2; imuxsock not placed` in both languages. */
function describe(placed: Record<string, string>, unplaced: string[]): Bilingual {
  const on = Object.entries(placed);
  const en = [on.map(([c, n]) => `${c} on ${n}`).join(', '), unplaced.length ? `${unplaced.join(', ')} not placed` : on.length ? '' : 'nothing placed'];
  const zh = [on.map(([c, n]) => `${c} 在 ${n} 上`).join('，'), unplaced.length ? `${unplaced.join('、')} 无法调度` : on.length ? '' : '没有任何容器被调度'];
  return { en: en.filter(Boolean).join('; '), zh: zh.filter(Boolean).join('；') };
}
