// The text of `podlab sched run`, in English or 中文: the scenario, then each decision of the
// simulator as a learner reads a story (what every node says, where the unit goes and why, or why
// it never can), the outcome, and the other answers to gang scheduling the article names.
import type { Lang } from '../engine/base/lang.js';
import { formatMemory as mem } from '../engine/engine.js';
import type { NodeVerdict, SchedOutcome, SchedRun, SchedStep, SchedUnit, Strategy } from '../engine/model.js';

type Text = { en: string; zh: string };

const STRATEGY: Record<Strategy, Text> = {
  binpack: { en: 'binpack takes the fullest node that still fits', zh: 'binpack 选择还放得下的节点中最满的那个' },
  spread: { en: 'spread takes the node with the fewest containers, then the most free memory', zh: 'spread 选择容器最少、其次可用内存最多的节点' },
  'first-fit': { en: 'first-fit takes the first node listed that fits', zh: 'first-fit 选择列表中第一个放得下的节点' },
};

const OTHER_ANSWERS: Text = {
  en: [
    'Other answers to gang scheduling:',
    '  resource hoarding (资源囤积: wait until every container of the group has arrived, then schedule them together, as Mesos does)',
    '    brings an unavoidable loss of scheduling efficiency and the possibility of deadlock;',
    '  optimistic scheduling (乐观调度: place them anyway and roll back on a conflict, as Google Omega proposed)',
    '    is more complex than an ordinary engineering team can master.',
    'Kubernetes makes the Pod the atomic unit of scheduling instead.',
  ].join('\n'),
  zh: [
    '成组调度的其他解法：',
    '  资源囤积（等一组容器全部到齐后再统一调度，Mesos 的做法）带来了不可避免的调度效率损失和死锁的可能性；',
    '  乐观调度（先不管冲突，出现冲突后再回滚，Google Omega 的做法）的复杂程度，则不是常规技术团队所能驾驭的。',
    '而 Kubernetes 的答案是：Pod 是原子调度单位。',
  ].join('\n'),
};

export function formatSchedRun(run: SchedRun, lang: Lang): string {
  const { scenario, outcome } = run;
  const t = (x: Text): string => x[lang];
  const lines = [
    t({ en: `Scenario ${scenario.name} (${scenario.file})`, zh: `场景 ${scenario.name}（${scenario.file}）` }) + (scenario.title ? `: ${t(scenario.title)}` : ''),
    t(modeLine(outcome)),
    t({ en: `Nodes: ${outcome.nodes.map((n) => `${n.name} ${mem(n.memory)} free`).join(', ')}`, zh: `节点：${outcome.nodes.map((n) => `${n.name} 可用 ${mem(n.memory)}`).join('，')}` }),
    t({ en: `Queue: ${scenario.containers.map((c) => `${c.name} (${mem(c.memory)}${c.affinity ? `, affinity = ${c.affinity}` : ''})`).join(', ')}`, zh: `待调度队列：${scenario.containers.map((c) => `${c.name}（${mem(c.memory)}${c.affinity ? `，affinity = ${c.affinity}` : ''}）`).join('，')}` }),
    '',
    ...outcome.steps.flatMap((step, i) => stepLines(step, i + 1, outcome.strategy).map(t)),
    '',
    t(resultLine(outcome)),
    t(lesson(outcome)),
    '',
    t(OTHER_ANSWERS),
    '',
    t({ en: `Recorded in ${run.record} (the lab's check reads it).`, zh: `结果已记录在 ${run.record}（实验的检查会读取它）。` }),
  ];
  return lines.join('\n');
}

function modeLine(o: SchedOutcome): Text {
  const why = STRATEGY[o.strategy];
  if (o.mode === 'containers') {
    return { en: `Mode containers: one container at a time, as Docker Swarm schedules; the strategy: ${why.en}.`, zh: `模式 containers：像 Docker Swarm 一样，一次只调度一个容器；策略：${why.zh}。` };
  }
  return { en: `Mode pod: the containers bound by affinity are one Pod, scheduled as one unit, as Kubernetes does; the strategy: ${why.en}.`, zh: `模式 pod：有亲密关系（affinity）的容器组成一个 Pod，作为一个整体调度，就像 Kubernetes；策略：${why.zh}。` };
}

function unitLabel(u: SchedUnit): Text {
  if (u.kind === 'pod') return { en: `Pod ${u.name}: ${u.containers.join(' + ')} (${mem(u.memory)})`, zh: `Pod ${u.name}：${u.containers.join(' + ')}（${mem(u.memory)}）` };
  const aff = u.affinity ? `, affinity = ${u.affinity}` : '';
  return { en: `${u.name} (${mem(u.memory)}${aff})`, zh: `${u.name}（${mem(u.memory)}${aff.replace(', ', '，')}）` };
}

function verdict(v: NodeVerdict, need: number): Text {
  if (v.fits) return { en: `fits, ${mem(v.freeAfter)} would be left`, zh: `放得下，之后剩 ${mem(v.freeAfter)}` };
  if (v.why === 'too-small') return { en: `no: ${mem(v.free)} free < ${mem(need)} needed`, zh: `不行：可用 ${mem(v.free)} < 需要 ${mem(need)}` };
  if (v.targetNode === undefined) return { en: `no: affinity = ${v.target}, and ${v.target} is on no node`, zh: `不行：affinity = ${v.target}，而 ${v.target} 不在任何节点上` };
  return { en: `no: affinity = ${v.target}, and ${v.target} is on ${v.targetNode}`, zh: `不行：affinity = ${v.target}，而 ${v.target} 在 ${v.targetNode} 上` };
}

function stepLines(step: SchedStep, n: number, strategy: Strategy): Text[] {
  const label = unitLabel(step.unit);
  const width = Math.max(...step.nodes.map((v) => v.node.length));
  const freeWidth = Math.max(...step.nodes.map((v) => mem(v.free).length));
  const nodes = step.nodes.map((v): Text => {
    const why = verdict(v, step.unit.memory);
    const head = `     ${v.node.padEnd(width)}   `;
    return { en: `${head}${`${mem(v.free)} free`.padEnd(freeWidth + 8)}${why.en}`, zh: `${head}可用 ${mem(v.free).padEnd(freeWidth + 3)}${why.zh}` };
  });
  return [{ en: `${n}. ${label.en}`, zh: `${n}. ${label.zh}` }, ...nodes, decision(step, strategy)];
}

function decision(step: SchedStep, strategy: Strategy): Text {
  const o = step.outcome;
  const name = step.unit.kind === 'pod' ? `Pod ${step.unit.name}` : step.unit.name;
  if (o.placed) {
    const why = step.nodes.filter((v) => v.fits).length === 1 ? { en: 'the only node that fits', zh: '唯一放得下的节点' } : STRATEGY[strategy];
    return { en: `   → ${name} on ${o.node}: ${why.en}`, zh: `   → ${name} 调度到 ${o.node}：${why.zh}` };
  }
  switch (o.why) {
    case 'no-room':
      return {
        en: `   ✗ ${name} cannot be placed: it needs ${mem(step.unit.memory)} and the most any node has free is ${mem(o.largestFree)}`,
        zh: `   ✗ ${name} 无法调度：它需要 ${mem(step.unit.memory)}，而可用内存最多的节点也只有 ${mem(o.largestFree)}`,
      };
    case 'affinity-full':
      return {
        en: `   ✗ ${name} cannot be placed: affinity = ${o.target} pins it to ${o.node}, which has only ${mem(o.free)} free. Nothing leaves ${o.node}, so it waits in the queue for ever.`,
        zh: `   ✗ ${name} 无法调度：affinity = ${o.target} 把它限定在 ${o.node} 上，而 ${o.node} 只剩 ${mem(o.free)}。${o.node} 上的容器不会离开，它将永远留在待调度队列中。`,
      };
    case 'affinity-missing':
      return o.targetState === 'later'
        ? { en: `   ✗ ${name} cannot be placed: affinity = ${o.target}, but ${o.target} comes later in the queue`, zh: `   ✗ ${name} 无法调度：affinity = ${o.target}，但 ${o.target} 在队列中排在它后面` }
        : { en: `   ✗ ${name} cannot be placed: affinity = ${o.target}, but ${o.target} could not be placed either`, zh: `   ✗ ${name} 无法调度：affinity = ${o.target}，但 ${o.target} 自己也没能被调度` };
  }
}

function resultLine(o: SchedOutcome): Text {
  const on = Object.entries(o.placed).map(([c, n]) => `${c} → ${n}`);
  const en = [`Outcome: ${on.length ? on.join(', ') : 'nothing placed'}`, o.unplaced.length ? `; not placed: ${o.unplaced.join(', ')}` : '; every container placed'];
  const zh = [`结果：${on.length ? on.join('，') : '没有任何容器被调度'}`, o.unplaced.length ? `；无法调度：${o.unplaced.join('、')}` : '；所有容器都已调度'];
  return { en: `${en.join('')}.`, zh: `${zh.join('')}。` };
}

function lesson(o: SchedOutcome): Text {
  const split = o.steps.some((s) => !s.outcome.placed && s.outcome.why === 'affinity-full');
  if (o.mode === 'containers' && split) {
    return {
      en: `This is gang scheduling not handled: each container was scheduled alone, so the group was split before anyone knew the rest would not fit. Try \`--mode pod\`.`,
      zh: '这就是一个典型的成组调度没有被妥善处理的例子：每个容器被单独调度，在发现剩下的容器放不下之前，这一组容器已经被拆开了。试试 `--mode pod`。',
    };
  }
  if (o.mode === 'pod' && !o.unplaced.length) {
    return {
      en: "The Pod is Kubernetes' atomic unit of scheduling: the scheduler counts the whole Pod's memory and binds it to a node that holds all of it.",
      zh: 'Pod 是 Kubernetes 的原子调度单位：调度器按整个 Pod 的资源需求计算，把它绑定到能容纳全部容器的节点上。',
    };
  }
  if (o.mode === 'pod') {
    return { en: 'A Pod that no node can hold stays Pending as a whole: none of its containers starts alone.', zh: '没有节点放得下的 Pod 会整体处于 Pending：它的容器不会单独启动。' };
  }
  return { en: 'Change the numbers in the scenario and predict the outcome before you run it again.', zh: '修改场景中的数字，先预测结果，再运行一次。' };
}
