// The words of the gang-scheduling figure, in English and 中文, made from the simulator's outcome
// data alone: where a unit lands and why, what each node says to it, and why a unit is stuck
// ("imuxsock must go to node-2 where main is, which has 0.5 GB left"). Pure, for the figure and
// the unit tests.
import type { Lang, NodeVerdict, SchedOutcome, SchedStep, SchedUnit, Strategy } from '../../../electron/contract/api.js';

/** Bytes as GB with at most two decimals: the figure's one unit, as the article counts (1 GB = 10⁹ bytes). */
export function gb(bytes: number): string {
  return `${Number((bytes / 1e9).toFixed(2))} GB`;
}

export function unitName(u: SchedUnit, lang: Lang): string {
  if (u.kind === 'container') return u.name;
  return lang === 'zh' ? `Pod ${u.name}（${u.containers.join('、')}）` : `Pod ${u.name} (${u.containers.join(', ')})`;
}

const PICKS: Record<Strategy, Record<Lang, string>> = {
  binpack: { en: 'binpack picks the fullest node that still fits', zh: 'binpack 选中还放得下的节点里最满的一个' },
  spread: { en: 'spread picks the node holding the fewest containers', zh: 'spread 选中容器最少的节点' },
  'first-fit': { en: 'first-fit picks the first listed node that fits', zh: 'first-fit 选中列表里第一个放得下的节点' },
};

export function strategyText(strategy: Strategy, lang: Lang): string {
  return PICKS[strategy][lang];
}

/** What a mode means, in one line above the figure. */
export function modeText(o: Pick<SchedOutcome, 'mode' | 'strategy'>, lang: Lang): string {
  const pick = strategyText(o.strategy, lang);
  if (o.mode === 'containers') {
    return lang === 'zh' ? `一个容器一个容器地调度（Docker Swarm 的方式）；${pick}。` : `One container at a time, as Docker Swarm schedules; ${pick}.`;
  }
  return lang === 'zh' ? `由 affinity 绑在一起的容器作为一个 Pod 整体调度（Kubernetes 的方式）；${pick}。` : `The containers bound by affinity move as one Pod, as Kubernetes schedules; ${pick}.`;
}

/** One node's answer to the current unit. */
export function verdictText(v: NodeVerdict, need: number, lang: Lang): string {
  if (v.fits) return lang === 'zh' ? `放得下：放下后剩 ${gb(v.freeAfter)}` : `fits: ${gb(v.freeAfter)} left after`;
  if (v.why === 'too-small') return lang === 'zh' ? `放不下：只剩 ${gb(v.free)}，需要 ${gb(need)}` : `too small: ${gb(v.free)} free, ${gb(need)} needed`;
  if (v.targetNode === undefined) {
    return lang === 'zh' ? `被排除：affinity = ${v.target}，而 ${v.target} 还没有节点` : `ruled out: affinity = ${v.target}, and ${v.target} has no node`;
  }
  return lang === 'zh' ? `被排除：affinity = ${v.target}，而 ${v.target} 在 ${v.targetNode} 上` : `ruled out: affinity = ${v.target}, and ${v.target} is on ${v.targetNode}`;
}

/** The sentence of one step: where the unit landed and why, or why it is stuck. */
export function stepText(step: SchedStep, strategy: Strategy, lang: Lang): string {
  const u = step.unit;
  // In Chinese a Latin name is set off by a space, a name ending in a full-width bracket is not.
  const name = lang === 'zh' && u.kind === 'container' ? `${u.name} ` : unitName(u, lang);
  const need = gb(u.memory);
  const o = step.outcome;
  if (o.placed) {
    const only = step.nodes.filter((v) => v.fits).length === 1;
    if (lang === 'zh') return `${name}需要 ${need}，落在 ${o.node} 上：${only ? '只有它放得下' : strategyText(strategy, 'zh')}；${o.node} 还剩 ${gb(o.freeAfter)}。`;
    return `${name} needs ${need} and lands on ${o.node}: ${only ? 'the only node that fits' : strategyText(strategy, 'en')}; ${gb(o.freeAfter)} left there.`;
  }
  switch (o.why) {
    case 'affinity-full':
      return lang === 'zh'
        ? `${name}卡住了：它必须去 ${o.target} 所在的 ${o.node}，而 ${o.node} 只剩 ${gb(o.free)}，它需要 ${need}。${o.node} 上的容器不会离开，它永远等下去。`
        : `${name} is stuck: it must go to ${o.node} where ${o.target} is, which has ${gb(o.free)} left, and it needs ${need}. Nothing leaves ${o.node}, so it waits for ever.`;
    case 'no-room':
      return lang === 'zh'
        ? `${name}卡住了：它需要 ${need}，而空闲最多的节点只有 ${gb(o.largestFree)}。`
        : `${name} is stuck: it needs ${need}, and no node has more than ${gb(o.largestFree)} free.`;
    case 'affinity-missing':
      if (o.targetState === 'later') {
        return lang === 'zh'
          ? `${name}卡住了：它必须去 ${o.target} 所在的节点，但 ${o.target} 在队列里排在它后面，还没有节点。`
          : `${name} is stuck: it must go where ${o.target} is, but ${o.target} comes later in the queue and has no node yet.`;
      }
      return lang === 'zh'
        ? `${name}卡住了：它必须去 ${o.target} 所在的节点，但 ${o.target} 自己也没能被调度。`
        : `${name} is stuck: it must go where ${o.target} is, but ${o.target} could not be placed either.`;
  }
}

/** The end of the replay in one sentence: where everything went, and what never got a node. */
export function outcomeText(o: SchedOutcome, lang: Lang): string {
  const placed = Object.entries(o.placed).map(([c, n]) => `${c} → ${n}`);
  if (lang === 'zh') {
    return `结果：${placed.length ? placed.join('，') : '没有容器被调度'}${o.unplaced.length ? `；永远无法调度：${o.unplaced.join('、')}` : '；全部调度成功'}。`;
  }
  return `Outcome: ${placed.length ? placed.join(', ') : 'nothing placed'}${o.unplaced.length ? `; never placed: ${o.unplaced.join(', ')}` : '; everything placed'}.`;
}
