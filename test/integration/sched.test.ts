// `podlab sched run` end to end, as a learner runs it: the bundled CLI (`npm run build` first) with
// no Docker engine reachable, the story it prints, its exit codes, and the outcome it records in
// the state directory, read back the way the lab's `scheduled` check reads it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkScheduled } from '../../electron/engine/sched/check.js';
import { readSchedRecord } from '../../electron/engine/sched/record.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin', 'podlab.js');
const SCENARIO = path.join(ROOT, 'labs/gang-scheduling/rsyslog.yaml');
const dir = mkdtempSync(path.join(os.tmpdir(), 'podlab-sched-'));
const stateDir = path.join(dir, 'state');
// No engine answers at this endpoint: the simulator must not need one.
const NO_DOCKER = 'unix:///nonexistent/podlab-sched/docker.sock';
const env: NodeJS.ProcessEnv = { ...process.env, PODLAB_STATE_DIR: stateDir, DOCKER_HOST: NO_DOCKER, PODLAB_DOCKER_HOST: NO_DOCKER, LC_ALL: 'C.UTF-8' };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function podlab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const ARTICLE_SPLIT = { placed: { main: 'node-2', imklog: 'node-2' }, unplaced: ['imuxsock'] };
const ARTICLE_POD = { placed: { main: 'node-1', imklog: 'node-1', imuxsock: 'node-1' }, unplaced: [] };

describe('podlab sched', () => {
  it('alone shows the group help with its run command', async () => {
    const r = await podlab('sched');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^podlab sched — /);
    expect(r.stdout).toMatch(/^\s+run\s+replay a scheduling scenario/m);
  });

  it('container by container tells the article\'s story without Docker, and records it for the check', async () => {
    const r = await podlab('sched', 'run', 'labs/gang-scheduling/rsyslog.yaml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('   → main on node-2: binpack takes the fullest node that still fits');
    expect(r.stdout).toContain('   → imklog on node-2: the only node that fits');
    expect(r.stdout).toMatch(/node-2 +0\.5GB free +no: 0\.5GB free < 1GB needed/);
    expect(r.stdout).toContain('✗ imuxsock cannot be placed: affinity = main pins it to node-2, which has only 0.5GB free');
    expect(r.stdout).toContain('resource hoarding (资源囤积');
    expect(r.stdout).toContain('optimistic scheduling (乐观调度');
    const recordFile = path.join(stateDir, 'sched', 'last-rsyslog-containers.json');
    expect(r.stdout).toContain(`Recorded in ${recordFile}`);

    const recorded = await readSchedRecord(stateDir, 'rsyslog.yaml', 'containers');
    expect(recorded).toMatchObject({ scenario: 'rsyslog', mode: 'containers', file: SCENARIO, ...ARTICLE_SPLIT });
    expect(checkScheduled(recorded, ARTICLE_SPLIT, { scenario: 'rsyslog.yaml', mode: 'containers' }).pass).toBe(true);
    // Nothing was recorded for the other mode yet: its check fails and says what to run.
    const pod = checkScheduled(await readSchedRecord(stateDir, 'rsyslog.yaml', 'pod'), ARTICLE_POD, { scenario: 'rsyslog.yaml', mode: 'pod' });
    expect(pod).toMatchObject({ pass: false, message: { en: 'no run of rsyslog.yaml in mode pod yet: run `podlab sched run rsyslog.yaml --mode pod`' } });
  });

  it('as one Pod, in JSON and in 中文: all three on node-1', async () => {
    const j = await podlab('sched', 'run', SCENARIO, '--mode', 'pod', '--json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ mode: 'pod', strategy: 'binpack', ...ARTICLE_POD, record: path.join(stateDir, 'sched', 'last-rsyslog-pod.json') });
    const zh = await podlab('sched', 'run', SCENARIO, '--mode', 'pod', '--lang', 'zh');
    expect(zh.stdout).toContain('   → Pod main 调度到 node-1：唯一放得下的节点');
    expect(zh.stdout).toContain('资源囤积（');
    const recorded = await readSchedRecord(stateDir, SCENARIO, 'pod');
    expect(checkScheduled(recorded, ARTICLE_POD, { scenario: 'rsyslog.yaml', mode: 'pod' }).pass).toBe(true);
  });

  it('a learner who changes the numbers sees the new outcome, and the check reads the latest run', async () => {
    const changed = path.join(dir, 'rsyslog.yaml');
    writeFileSync(changed, readFileSync(SCENARIO, 'utf8').replace('{ name: node-2, memory: 2.5GB }', '{ name: node-2, memory: 3GB }'));
    const r = await podlab('sched', 'run', changed);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('every container placed');
    const check = checkScheduled(await readSchedRecord(stateDir, changed, 'containers'), ARTICLE_SPLIT, { scenario: 'rsyslog.yaml', mode: 'containers' });
    expect(check.pass).toBe(false);
    expect(check.message.en).toContain('gave main on node-1, imklog on node-1, imuxsock on node-1');
  });

  it('a typo in the scenario is an error at file:line:column; a wrong mode is a usage error', async () => {
    const broken = path.join(dir, 'broken.yaml');
    const text = readFileSync(SCENARIO, 'utf8').replace('affinity: main }\n  - { name: imuxsock', 'afinity: main }\n  - { name: imuxsock');
    writeFileSync(broken, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('afinity'));
    const r = await podlab('sched', 'run', broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${broken}:${line + 1}:${(lines[line] ?? '').indexOf('afinity') + 1} containers[1].afinity: unknown field "afinity" (did you mean "affinity"?)`);
    const mode = await podlab('sched', 'run', SCENARIO, '--mode', 'pods');
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain('--mode takes containers or pod, got "pods"');
  });
});
