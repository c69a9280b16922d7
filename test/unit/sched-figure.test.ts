// The gang-scheduling figure's pure parts on the real simulator's outcomes for the lab's own
// scenarios: the state after each replayed step (bars, queue, stuck units, verdicts) and the words,
// in English and 中文, made from the outcome data alone.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, readScenario } from '../../electron/engine/sched/scenario.js';
import { schedule } from '../../electron/engine/sched/simulate.js';
import { containerOrder, replay } from '../../renderer/src/sched/replay.js';
import { gb, modeText, outcomeText, stepText, unitName, verdictText } from '../../renderer/src/sched/step-text.js';

const LAB = path.resolve(import.meta.dirname, '../../labs/gang-scheduling');
const GB = 1e9;

describe('replaying the article’s scenario container by container', async () => {
  const o = schedule(await readScenario(path.join(LAB, 'rsyslog.yaml')), 'containers');

  it('starts with every unit queued, empty nodes and no verdict', () => {
    const s = replay(o, 0);
    expect(s).toMatchObject({ done: 0, total: 3, stuck: [] });
    expect(s.current).toBeUndefined();
    expect(s.queue.map((u) => u.name)).toEqual(['main', 'imklog', 'imuxsock']);
    expect(s.nodes.map((n) => [n.name, n.capacity, n.used, n.free, n.units.length, n.verdict, n.landing])).toEqual([
      ['node-1', 3 * GB, 0, 3 * GB, 0, undefined, false],
      ['node-2', 2.5 * GB, 0, 2.5 * GB, 0, undefined, false],
    ]);
  });

  it('lands main on node-2 first, with both nodes’ verdicts and the reason in both languages', () => {
    const s = replay(o, 1);
    expect(s.queue.map((u) => u.name)).toEqual(['imklog', 'imuxsock']);
    expect(s.nodes.map((n) => [n.name, n.free, n.landing])).toEqual([
      ['node-1', 3 * GB, false],
      ['node-2', 1.5 * GB, true],
    ]);
    const step = s.current!;
    expect(stepText(step, o.strategy, 'en')).toBe('main needs 1 GB and lands on node-2: binpack picks the fullest node that still fits; 1.5 GB left there.');
    expect(stepText(step, o.strategy, 'zh')).toBe('main 需要 1 GB，落在 node-2 上：binpack 选中还放得下的节点里最满的一个；node-2 还剩 1.5 GB。');
    expect(s.nodes.map((n) => verdictText(n.verdict!, step.unit.memory, 'en'))).toEqual(['fits: 2 GB left after', 'fits: 1.5 GB left after']);
  });

  it('leaves imuxsock stuck after three steps, saying where it must go and how much is left there', () => {
    const s = replay(o, 3);
    expect(s.queue).toEqual([]);
    expect(s.nodes.map((n) => [n.name, n.units.map((u) => u.unit.name), n.used, n.free])).toEqual([
      ['node-1', [], 0, 3 * GB],
      ['node-2', ['main', 'imklog'], 2 * GB, 0.5 * GB],
    ]);
    // The bars end where the simulator says the nodes end.
    expect(Object.fromEntries(s.nodes.map((n) => [n.name, n.free]))).toEqual(o.free);
    expect(s.stuck.map((x) => [x.unit.name, x.index, x.outcome.why])).toEqual([['imuxsock', 2, 'affinity-full']]);
    const stuck = s.stuck[0]!.step;
    expect(stepText(stuck, o.strategy, 'en')).toContain('imuxsock is stuck: it must go to node-2 where main is, which has 0.5 GB left, and it needs 1 GB.');
    expect(stepText(stuck, o.strategy, 'zh')).toContain('imuxsock 卡住了：它必须去 main 所在的 node-2，而 node-2 只剩 0.5 GB，它需要 1 GB。');
    expect(s.nodes.map((n) => verdictText(n.verdict!, stuck.unit.memory, 'en'))).toEqual([
      'ruled out: affinity = main, and main is on node-2',
      'too small: 0.5 GB free, 1 GB needed',
    ]);
    expect(outcomeText(o, 'en')).toBe('Outcome: main → node-2, imklog → node-2; never placed: imuxsock.');
    expect(outcomeText(o, 'zh')).toBe('结果：main → node-2，imklog → node-2；永远无法调度：imuxsock。');
  });

  it('clamps the step count to the outcome, and gives each container one colour slot in queue order', () => {
    expect(replay(o, 99).done).toBe(3);
    expect(replay(o, -1).done).toBe(0);
    expect(containerOrder(o)).toEqual(['main', 'imklog', 'imuxsock']);
  });
});

describe('replaying as one Pod', async () => {
  const o = schedule(await readScenario(path.join(LAB, 'rsyslog.yaml')), 'pod');
  const small = schedule(await readScenario(path.join(LAB, 'small-nodes.yaml')), 'pod');

  it('moves the three containers as one unit onto node-1', () => {
    const before = replay(o, 0);
    expect(before.queue).toHaveLength(1);
    expect(unitName(before.queue[0]!, 'en')).toBe('Pod main (main, imklog, imuxsock)');
    expect(unitName(before.queue[0]!, 'zh')).toBe('Pod main（main、imklog、imuxsock）');
    const after = replay(o, 1);
    expect(after.nodes.map((n) => [n.name, n.units.map((u) => u.unit.containers), n.free])).toEqual([
      ['node-1', [['main', 'imklog', 'imuxsock']], 0],
      ['node-2', [], 2.5 * GB],
    ]);
    expect(stepText(after.current!, o.strategy, 'en')).toBe('Pod main (main, imklog, imuxsock) needs 3 GB and lands on node-1: the only node that fits; 0 GB left there.');
    expect(modeText(o, 'en')).toMatch(/^The containers bound by affinity move as one Pod, as Kubernetes schedules; binpack/);
  });

  it('says why a Pod no node can hold is stuck', () => {
    const s = replay(small, 1);
    expect(s.stuck[0]?.outcome.why).toBe('no-room');
    expect(stepText(s.stuck[0]!.step, small.strategy, 'en')).toBe('Pod main (main, imklog, imuxsock) is stuck: it needs 3 GB, and no node has more than 2.5 GB free.');
    expect(stepText(s.stuck[0]!.step, small.strategy, 'zh')).toBe('Pod main（main、imklog、imuxsock）卡住了：它需要 3 GB，而空闲最多的节点只有 2.5 GB。');
  });
});

describe('the words', () => {
  it('explains an affinity target that comes later in the queue', () => {
    const sc = parseScenario(
      ['nodes:', '  - { name: n1, memory: 2GB }', 'containers:', '  - { name: web, memory: 1GB }', '  - { name: log, memory: 1GB, affinity: web }', 'order: [log, web]'].join('\n'),
      'later.yaml',
    );
    const o = schedule(sc, 'containers');
    const first = replay(o, 1).current!;
    expect(stepText(first, o.strategy, 'en')).toBe('log is stuck: it must go where web is, but web comes later in the queue and has no node yet.');
    expect(verdictText(first.nodes[0]!, first.unit.memory, 'zh')).toBe('被排除：affinity = web，而 web 还没有节点');
  });

  it('writes memory in GB with at most two decimals', () => {
    expect([gb(0), gb(0.5 * GB), gb(2.5 * GB), gb(3 * GB), gb(2 ** 30), gb(512 * 2 ** 20)]).toEqual(['0 GB', '0.5 GB', '2.5 GB', '3 GB', '1.07 GB', '0.54 GB']);
  });
});
