// The story `podlab sched run` prints: every node's answer to a unit, the decision and its reason
// in English and 中文, for the outcomes the article's example does not reach (no room, a target
// later in the queue, a Pod that fits nowhere).
import { describe, expect, it } from 'vitest';
import { formatSchedRun } from '../../electron/cli/render-sched.js';
import { parseScenario } from '../../electron/engine/sched/scenario.js';
import { type SchedMode, schedule } from '../../electron/engine/sched/simulate.js';

const TEXT = `nodes:
  - { name: small, memory: 512MB }
  - { name: big, memory: 1.5GB }
containers:
  - { name: db, memory: 2GB }
  - { name: web, memory: 1GB, affinity: app }
  - { name: app, memory: 256MB }
`;

function story(mode: SchedMode, lang: 'en' | 'zh'): string {
  const scenario = parseScenario(TEXT, 'shop.yaml');
  return formatSchedRun({ scenario, outcome: schedule(scenario, mode), record: '/state/sched/last-shop.json' }, lang);
}

describe('the sched story', () => {
  it('says why each unit cannot be placed, in English', () => {
    const text = story('containers', 'en');
    expect(text).toContain('   ✗ db cannot be placed: it needs 2GB and the most any node has free is 1.5GB');
    expect(text).toMatch(/^ {5}small {3}512MB free {3}no: affinity = app, and app is on no node$/m);
    expect(text).toContain('   ✗ web cannot be placed: affinity = app, but app comes later in the queue');
    expect(text).toContain('   → app on small: binpack takes the fullest node that still fits');
    expect(text).toContain('Outcome: app → small; not placed: db, web.');
    expect(text).toContain('Change the numbers in the scenario and predict the outcome');
  });

  it('and in 中文, with a Pod that fits nowhere left whole', () => {
    const text = story('pod', 'zh');
    expect(text).toContain('1. Pod db：db（2GB）');
    expect(text).toContain('2. Pod app：web + app（1256MB）');
    expect(text).toContain('   → Pod app 调度到 big：唯一放得下的节点');
    expect(text).toContain('结果：web → big，app → big；无法调度：db。');
    expect(text).toContain('没有节点放得下的 Pod 会整体处于 Pending');
    expect(text).toContain('资源囤积（');
    expect(text).toContain('乐观调度（');
  });
});
