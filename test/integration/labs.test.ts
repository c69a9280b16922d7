// Labs against the real engine: the self-test of EVERY lab in labs/ through the bundled CLI's
// `podlab lab test --all` (a new lab is covered by being there), a broken lab listed with file, line
// and field beside the good ones, reset removing exactly the by-hand container the learner made after
// the start and never one that was there before, the progress kept across runners.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../electron/engine/base/config.js';
import { Engine } from '../../electron/engine/engine.js';
import { loadLabs } from '../../electron/engine/labs/load.js';
import { listLabs } from '../../electron/engine/labs/runner.js';
import type { SelfTestReport } from '../../electron/engine/labs/self-test.js';
import type { CheckReport } from '../../electron/engine/labs/step-check.js';
import { run } from './pod-harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LABS = path.join(ROOT, 'labs');
const FIXTURES = path.join(ROOT, 'test/fixtures/labs');
const HAND = 'it-labs-hand-b';

/** An engine with its own Podlab home and labs folder, supervising its own Pods. */
async function labEngine(labsDir: string, ownDir?: string) {
  const stateDir = ownDir ?? mkdtempSync(path.join(os.tmpdir(), 'podlab-it-labs-'));
  const engine = await Engine.connect(loadConfig(process.env, { stateDir, labsDir }));
  const held = await engine.startSupervisor({ resyncMs: 5_000 });
  return {
    engine,
    stateDir,
    close: async () => {
      await held?.stop();
      await engine.close();
      if (!ownDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function explain(r: SelfTestReport): string {
  return JSON.stringify({ error: r.error, rows: r.rows }, null, 2);
}

async function containerExists(name: string): Promise<boolean> {
  return run('docker', ['inspect', '--format', '{{.Id}}', name]).then(
    () => true,
    () => false,
  );
}

async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what}: did not happen within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The bundled CLI, as a learner runs it, with extra environment. */
function podlab(extraEnv: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin', 'podlab.js'), ...args], { env: { ...process.env, ...extraEnv }, timeout: 840_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const removeHand = () => run('docker', ['rm', '-f', HAND]).catch(() => undefined);

describe('the self-test of every lab in labs/: `podlab lab test --all`, as CI runs it', () => {
  // One run of the bundled CLI, in its own state directory, supervising the labs' Pods itself (no
  // supervisor answers there); each lab's row of the table is then asserted on its own.
  let stateDir = '';
  let cli = { code: -1, stdout: '', stderr: '' };
  const labs = loadLabs(LABS).filter((l) => l.ok);
  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-it-labs-all-'));
    cli = await podlab({ PODLAB_STATE_DIR: stateDir, PODLAB_LABS_DIR: LABS }, 'lab', 'test', '--all');
  }, 900_000);
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('finds the labs and exits 0 with every lab passed', () => {
    expect(labs.map((l) => l.id)).toContain('process-groups');
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/LAB\s+STEP\s+CHECK BEFORE\s+SOLVE\s+CHECK AFTER\s+SECONDS/);
    expect(cli.stdout).toContain(`${labs.length} lab(s) passed`);
  });

  it.each(labs.map((l) => [l.id, l.lab.steps.map((s) => s.id)] as const))('%s: every step fails before its solve and passes after it, and nothing is left behind', async (id, steps) => {
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) expect(cli.stdout, cli.stdout).toMatch(new RegExp(`^${id}\\s+${step}\\s+failed ✓\\s+ok ✓\\s+passed ✓`, 'm'));
    // The lab is stopped and back at its first step.
    const engine = await Engine.connect(loadConfig(process.env, { stateDir, labsDir: LABS }));
    try {
      expect(await engine.list({ group: id })).toEqual([]);
      expect((await engine.labs.status(id)).current).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it('passes again in the same state directory: a reset forgets the learner\'s simulator runs too', { timeout: 120_000 }, async () => {
    // gang-scheduling's checks read the learner's own `podlab sched run`s, recorded in the state dir.
    const lab = await labEngine(LABS, stateDir);
    try {
      const report = await lab.engine.testLab('gang-scheduling');
      expect(report.ok, explain(report)).toBe(true);
    } finally {
      await lab.close();
    }
  });
});

describe('the watch', () => {
  let lab: Awaited<ReturnType<typeof labEngine>>;
  beforeAll(async () => (lab = await labEngine(LABS)));
  afterAll(async () => {
    await lab.engine.labs.stop('process-groups').catch(() => undefined);
    await lab.close();
  });

  it('checks the current step again on each change and moves on when it passes, with no button', { timeout: 120_000 }, async () => {
    await lab.engine.labs.start('process-groups');
    const reports: CheckReport[] = [];
    const unwatch = lab.engine.watchLab('process-groups', (r) => reports.push(r));
    const passed = (step: string) => until(`step ${step} seen passing`, () => reports.some((r) => r.step === step && r.pass));
    try {
      await until('a first report', () => reports.length > 0);
      expect(reports[0]).toMatchObject({ step: 'pid1', pass: false });
      // A file the learner writes: seen by the `file` check, which runs at most once a second.
      const sh = (cmd: string) => lab.engine.exec('pg', ['sh', '-c', cmd], new PassThrough(), new PassThrough(), { container: 'shell' });
      expect(await sh('ps -e -o pid,pgid,comm > /tmp/ps.txt')).toBe(0);
      await passed('pid1');
      // A process the learner starts (the article's rsyslogd): seen in the inspector's snapshot.
      expect(await sh('rsyslogd </dev/null >/dev/null 2>&1 &')).toBe(0);
      await passed('rsyslogd');
      // A process group the learner makes.
      expect(await sh('sleep 1000 </dev/null 2>/dev/null | cat >/dev/null 2>&1 &')).toBe(0);
      await passed('pipeline');
      const status = await lab.engine.labs.status('process-groups');
      expect(status.steps.map((x) => x.passed)).toEqual([true, true, true, false]);
      expect(status.current).toBe(3);
    } finally {
      unwatch();
    }
  });
});

describe('labs of a folder with broken ones', () => {
  it('lists the broken lab with file, line and field while the others load', async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-it-labs-'));
    const labs = await listLabs(FIXTURES, stateDir);
    expect(labs.find((l) => l.id === 'it-labs-hand')).toMatchObject({ ok: true, steps: 1, title: { en: 'By hand', zh: '手动' } });
    const typo = labs.find((l) => l.id === 'it-labs-typo');
    expect(typo?.ok).toBe(false);
    expect(typo?.errors).toContainEqual(
      expect.objectContaining({ message: 'unknown field "titel"', hint: 'did you mean "title"?', location: expect.objectContaining({ file: expect.stringContaining('it-labs-typo/lab.yaml'), line: 10, column: 5, field: 'steps[0].titel' }) }),
    );
    rmSync(stateDir, { recursive: true, force: true });
  });
});

describe('by-hand containers', () => {
  let lab: Awaited<ReturnType<typeof labEngine>>;
  beforeAll(async () => {
    await removeHand();
    lab = await labEngine(FIXTURES);
  });
  afterAll(async () => {
    await lab.engine.labs.stop('it-labs-hand').catch(() => undefined);
    await removeHand();
    await lab.close();
  });

  it('a container of the name made BEFORE the lab started is reported and never removed', async () => {
    await run('docker', ['run', '-d', '--name', HAND, 'podlab/toolbox:1', 'sleep', '100300']);
    const started = await lab.engine.labs.start('it-labs-hand');
    expect(started.byHand.foreign.map((c) => c.name)).toEqual([HAND]);
    expect(started.byHand.adopted).toEqual([]);
    await lab.engine.labs.reset('it-labs-hand');
    expect(await containerExists(HAND)).toBe(true);
    await lab.engine.labs.stop('it-labs-hand');
    expect(await containerExists(HAND)).toBe(true);
    await removeHand();
  });

  it('one made AFTER the start is adopted, checked through the kernel, and removed by reset', async () => {
    await lab.engine.labs.start('it-labs-hand');
    const before = await lab.engine.labs.check('it-labs-hand');
    expect(before.pass).toBe(false);
    expect(before.checks[0]?.message.en).toContain(`no running container ${HAND}`);
    const infra = (await lab.engine.list({ group: 'it-labs-hand' }))[0]?.sandbox?.dockerName ?? '';
    await run('docker', ['run', '-d', '--name', HAND, '--net', `container:${infra}`, 'podlab/toolbox:1', 'sleep', '100301']);
    const after = await lab.engine.labs.check('it-labs-hand');
    expect(after.pass, JSON.stringify(after.checks)).toBe(true);
    expect((await lab.engine.labs.status('it-labs-hand')).byHand.adopted.map((c) => c.name)).toEqual([HAND]);
    // A new runner (a restart of Podlab) reads the same progress from the state directory.
    const fresh = await Engine.connect(loadConfig(process.env, { stateDir: lab.stateDir, labsDir: FIXTURES }));
    expect((await fresh.labs.status('it-labs-hand')).steps[0]?.passed).toBe(true);
    await fresh.close();

    const reset = await lab.engine.labs.reset('it-labs-hand');
    expect(await containerExists(HAND)).toBe(false);
    expect(reset.byHand).toEqual({ adopted: [], foreign: [] });
    expect(reset.current).toBe(0);
    expect(reset.steps[0]?.passed).toBe(false);
    const pods = await lab.engine.list({ group: 'it-labs-hand' });
    expect(pods.map((p) => p.name)).toEqual(['it-labs-hand-pod']);
  });
});

describe('podlab lab (the bundled CLI)', () => {
  let dir = '';
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'podlab-it-labs-cli-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));


  it('`lab validate` of a broken lab exits 1 with file:line:column and field', async () => {
    const r = await podlab({ PODLAB_STATE_DIR: dir }, 'lab', 'validate', path.join(FIXTURES, 'it-labs-typo'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/it-labs-typo\/lab\.yaml:10:5 steps\[0\]\.titel: unknown field "titel" \(did you mean "title"\?\)|lab\.yaml:10:5 steps\[0\]\.titel: unknown field "titel"/);
  });

  it('`lab check` of a lab that is not started exits 1 and says what it expected, in the chosen language', async () => {
    const r = await podlab({ PODLAB_STATE_DIR: dir }, 'lab', 'check', 'process-groups', '--lang', 'zh');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('步骤 1 (pid1): 未通过');
    expect(r.stdout).toContain('期望');
  });
});
