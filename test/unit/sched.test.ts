// The gang-scheduling simulator: the article's numbers in both modes (the story comes out of the
// strategy, not of a table), other strategies and scenarios, affinity chains, nothing that fits,
// memory sizes, and the lab's `scheduled` check over a recorded run.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkScheduled } from '../../electron/engine/sched/check.js';
import { formatMemory, parseMemory } from '../../electron/engine/sched/memory.js';
import { forgetSchedRecord, readSchedRecord, schedRecordPath, writeSchedRecord } from '../../electron/engine/sched/record.js';
import { parseScenario, readScenario } from '../../electron/engine/sched/scenario.js';
import { schedule } from '../../electron/engine/sched/simulate.js';

const ARTICLE = path.resolve(import.meta.dirname, '../../labs/gang-scheduling/rsyslog.yaml');
const GB = 1e9;

/** A scenario from nodes `{name: memory}` and containers `[name, memory, affinity?]`. */
function scenario(nodes: Record<string, string>, containers: [string, string, string?][], extra = ''): string {
  const n = Object.entries(nodes).map(([name, memory]) => `  - { name: ${name}, memory: ${memory} }`);
  const c = containers.map(([name, memory, affinity]) => `  - { name: ${name}, memory: ${memory}${affinity ? `, affinity: ${affinity}` : ''} }`);
  return ['nodes:', ...n, 'containers:', ...c, extra].join('\n');
}

describe('the article: rsyslogd as main, imklog and imuxsock, 1GB each; node-1 3GB, node-2 2.5GB', () => {
  it('container by container (Swarm, binpack): main and imklog land on node-2, imuxsock can never be placed', async () => {
    const out = schedule(await readScenario(ARTICLE), 'containers');
    expect(out.placed).toEqual({ main: 'node-2', imklog: 'node-2' });
    expect(out.unplaced).toEqual(['imuxsock']);
    const [first, second, third] = out.steps;
    // main fits both nodes; binpack takes the fuller one.
    expect(first?.nodes.map((v) => v.fits)).toEqual([true, true]);
    expect(first?.outcome).toEqual({ placed: true, node: 'node-2', freeAfter: 1.5 * GB });
    expect(second?.nodes[0]).toMatchObject({ node: 'node-1', fits: false, why: 'affinity', target: 'main', targetNode: 'node-2' });
    expect(third?.nodes).toEqual([
      { node: 'node-1', free: 3 * GB, fits: false, why: 'affinity', target: 'main', targetNode: 'node-2' },
      { node: 'node-2', free: 0.5 * GB, fits: false, why: 'too-small' },
    ]);
    expect(third?.outcome).toEqual({ placed: false, why: 'affinity-full', target: 'main', node: 'node-2', free: 0.5 * GB });
    expect(out.free).toEqual({ 'node-1': 3 * GB, 'node-2': 0.5 * GB });
  });

  it('as one Pod: all three on node-1, node-2 never fits the 3GB', async () => {
    const out = schedule(await readScenario(ARTICLE), 'pod');
    expect(out.steps).toHaveLength(1);
    expect(out.steps[0]?.unit).toEqual({ kind: 'pod', name: 'main', containers: ['main', 'imklog', 'imuxsock'], memory: 3 * GB });
    expect(out.steps[0]?.nodes[1]).toEqual({ node: 'node-2', free: 2.5 * GB, fits: false, why: 'too-small' });
    expect(out.placed).toEqual({ main: 'node-1', imklog: 'node-1', imuxsock: 'node-1' });
    expect(out.unplaced).toEqual([]);
  });

  it.each(['spread', 'first-fit'])('with %s the same queue happens to fit on node-1: the split is the strategy\'s luck', async (strategy) => {
    const text = (await readFile(ARTICLE, 'utf8')).replace('strategy: binpack', `strategy: ${strategy}`);
    const out = schedule(parseScenario(text, 'rsyslog.yaml'), 'containers');
    expect(out.strategy).toBe(strategy);
    expect(out.placed).toEqual({ main: 'node-1', imklog: 'node-1', imuxsock: 'node-1' });
  });
});

describe('other scenarios', () => {
  it('more memory on node-2 lets the containers all fit there, even one by one', () => {
    const out = schedule(parseScenario(scenario({ 'node-1': '3GB', 'node-2': '3GB' }, [['main', '1GB'], ['imklog', '1GB', 'main'], ['imuxsock', '1GB', 'main']]), 's.yaml'), 'containers');
    expect(out.placed).toEqual({ main: 'node-1', imklog: 'node-1', imuxsock: 'node-1' });
  });

  it('nothing fits: the unit is unplaced with the largest free memory, in both modes', () => {
    const s = parseScenario(scenario({ a: '1GB', b: '512MB' }, [['big', '2GB'], ['small', '256MB']]), 's.yaml');
    const one = schedule(s, 'containers');
    expect(one.steps[0]?.outcome).toEqual({ placed: false, why: 'no-room', largestFree: GB });
    expect(one.placed).toEqual({ small: 'b' }); // binpack: the fuller node
    const pods = schedule(s, 'pod');
    expect(pods.steps.map((st) => st.unit.name)).toEqual(['big', 'small']); // no affinity: a Pod each
    expect(pods.unplaced).toEqual(['big']);
  });

  it('a Pod no node can hold is left whole: none of its containers is placed', () => {
    const out = schedule(parseScenario(scenario({ a: '2GB', b: '2GB' }, [['x', '1GB'], ['y', '1.5GB', 'x']]), 's.yaml'), 'pod');
    expect(out.placed).toEqual({});
    expect(out.unplaced).toEqual(['x', 'y']);
    expect(out.steps[0]?.outcome).toEqual({ placed: false, why: 'no-room', largestFree: 2 * GB });
  });

  it('independent groups become separate Pods, in the order of their first container', () => {
    const out = schedule(parseScenario(scenario({ a: '4GB', b: '2GB' }, [['web', '1GB'], ['db', '2GB'], ['proxy', '1GB', 'web']]), 's.yaml'), 'pod');
    expect(out.steps.map((st) => [st.unit.name, st.unit.containers, st.outcome.placed && st.outcome.node])).toEqual([
      ['web', ['web', 'proxy'], 'b'],
      ['db', ['db'], 'a'],
    ]);
  });
});

describe('affinity chains', () => {
  const chain = scenario({ 'node-1': '3GB', 'node-2': '2.5GB' }, [['a', '1GB'], ['b', '1GB', 'a'], ['c', '1GB', 'b']]);

  it('c follows b, which follows a: one by one they split like the article; as a Pod they stay together', () => {
    const s = parseScenario(chain, 's.yaml');
    const one = schedule(s, 'containers');
    expect(one.placed).toEqual({ a: 'node-2', b: 'node-2' });
    expect(one.steps[2]?.outcome).toEqual({ placed: false, why: 'affinity-full', target: 'b', node: 'node-2', free: 0.5 * GB });
    const pod = schedule(s, 'pod');
    expect(pod.steps.map((st) => st.unit.containers)).toEqual([['a', 'b', 'c']]);
    expect(pod.placed).toEqual({ a: 'node-1', b: 'node-1', c: 'node-1' });
  });

  it('a container whose target could not be placed has no node either', () => {
    const out = schedule(parseScenario(scenario({ n: '1GB' }, [['a', '1GB'], ['b', '1GB', 'a'], ['c', '100MB', 'b']]), 's.yaml'), 'containers');
    expect(out.steps[2]?.outcome).toEqual({ placed: false, why: 'affinity-missing', target: 'b', targetState: 'unplaced' });
    expect(out.steps[2]?.nodes[0]).toEqual({ node: 'n', free: 0, fits: false, why: 'affinity', target: 'b' });
  });

  it('the queue order counts: a container run before its target finds it on no node', () => {
    const out = schedule(parseScenario(scenario({ n: '3GB' }, [['main', '1GB'], ['imklog', '1GB', 'main']], 'order: [imklog, main]'), 's.yaml'), 'containers');
    expect(out.steps.map((st) => st.unit.name)).toEqual(['imklog', 'main']);
    expect(out.steps[0]?.outcome).toEqual({ placed: false, why: 'affinity-missing', target: 'main', targetState: 'later' });
    expect(out.placed).toEqual({ main: 'n' });
  });
});

describe('memory sizes', () => {
  it.each([
    ['1GB', 1e9],
    ['2.5GB', 2.5e9],
    ['512MB', 512e6],
    ['1Gi', 2 ** 30],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['256Mi', 256 * 2 ** 20],
    ['3G', 3e9],
  ])('%s is %d bytes', (text, bytes) => expect(parseMemory(text)).toBe(bytes));

  it.each(['1', 'GB', '1 gigabyte', '-1GB', '1XB'])('%s is not a size', (text) => expect(parseMemory(text)).toBeUndefined());

  it.each([
    [0.5e9, '0.5GB'],
    [2.5e9, '2.5GB'],
    [256e6, '256MB'],
    [1.5 * 2 ** 30, '1.5Gi'],
    [0, '0GB'],
  ])('%d bytes reads %s', (bytes, text) => expect(formatMemory(bytes)).toBe(text));
});

describe('the recorded run and the lab check', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('records the last run per scenario and mode, and the check passes or says what it saw', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'podlab-sched-'));
    dirs.push(dir);
    const run = { scenario: 'rsyslog.yaml', mode: 'containers' as const };
    expect(await readSchedRecord(dir, ARTICLE, 'containers')).toBeUndefined();
    expect(checkScheduled(undefined, { unplaced: ['imuxsock'] }, run)).toEqual({
      pass: false,
      message: { en: expect.stringContaining('podlab sched run rsyslog.yaml --mode containers'), zh: expect.stringContaining('还没有') },
    });

    const written = await writeSchedRecord(dir, schedule(await readScenario(ARTICLE), 'containers'), ARTICLE);
    expect(written).toBe(path.join(dir, 'sched', 'last-rsyslog-containers.json'));
    expect(schedRecordPath(dir, 'rsyslog.yaml', 'containers')).toBe(written);
    const recorded = await readSchedRecord(dir, 'rsyslog.yaml', 'containers');
    expect(recorded?.file).toBe(ARTICLE);

    const pass = checkScheduled(recorded, { placed: { main: 'node-2', imklog: 'node-2' }, unplaced: ['imuxsock'] }, run);
    expect(pass.pass).toBe(true);
    const fail = checkScheduled(recorded, { placed: { main: 'node-1', imklog: 'node-1', imuxsock: 'node-1' }, unplaced: [] }, run);
    expect(fail).toEqual({
      pass: false,
      message: {
        en: 'expected main on node-1, imklog on node-1, imuxsock on node-1; your last run (podlab sched run rsyslog.yaml --mode containers) gave main on node-2, imklog on node-2; imuxsock not placed',
        zh: '期望 main 在 node-1 上，imklog 在 node-1 上，imuxsock 在 node-1 上；你上一次运行（podlab sched run rsyslog.yaml --mode containers）的结果是 main 在 node-2 上，imklog 在 node-2 上；imuxsock 无法调度',
      },
    });
    // `unplaced` is the exact set: a run that also left another container out does not pass.
    expect(checkScheduled(recorded, { unplaced: [] }, run).pass).toBe(false);
    expect(await readSchedRecord(dir, 'rsyslog.yaml', 'pod')).toBeUndefined();
    // A lab's reset forgets it: the check fails again until the learner reruns.
    await forgetSchedRecord(dir, 'rsyslog.yaml', 'containers');
    expect(checkScheduled(await readSchedRecord(dir, 'rsyslog.yaml', 'containers'), { unplaced: ['imuxsock'] }, run).pass).toBe(false);
  });
});
