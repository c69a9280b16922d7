// What a lab keeps and runs outside the snapshot: progress written atomically in the state directory,
// and the command checks (`script`, `file`) read from what the command gave.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileCheck, scriptCheck, type Ran } from '../../electron/engine/labs/checks/exec.js';
import { freshProgress, progressFile, readProgress, writeProgress } from '../../electron/engine/labs/progress.js';

const made: string[] = [];
function stateDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'podlab-progress-'));
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('lab progress in the state directory', () => {
  it('round-trips through <stateDir>/labs/<id>.json and leaves no temp file', async () => {
    const dir = stateDir();
    const p = { ...freshProgress('pg'), running: true, current: 2, passed: { one: 't1', two: 't2' }, byHand: { preexisting: ['x'], adopted: [{ id: 'y', name: 'lab-b' }] } };
    await writeProgress(dir, p);
    expect(await readProgress(dir, 'pg')).toEqual(p);
    expect(readdirSync(path.join(dir, 'labs'))).toEqual(['pg.json']);
  });

  it('starts fresh when there is no file, or one it cannot read', async () => {
    const dir = stateDir();
    expect(await readProgress(dir, 'pg')).toEqual(freshProgress('pg'));
    await writeProgress(dir, { ...freshProgress('pg'), current: 1 });
    writeFileSync(progressFile(dir, 'pg'), '{ half a fi');
    expect(await readProgress(dir, 'pg')).toEqual(freshProgress('pg'));
    expect(readFileSync(progressFile(dir, 'pg'), 'utf8')).toBe('{ half a fi');
  });
});

const gave = (r: Ran) => () => Promise.resolve(r);

describe('command checks', () => {
  it('script: exit 0 passes; otherwise its output is the message', async () => {
    expect((await scriptCheck({ host: true, run: 'true' }, gave({ code: 0, output: '' }))).pass).toBe(true);
    expect(await scriptCheck({ host: true, run: 'x' }, gave({ code: 1, output: 'no sleep / 没有 sleep\n' }))).toEqual({ pass: false, message: { en: 'no sleep / 没有 sleep', zh: 'no sleep / 没有 sleep' } });
    expect((await scriptCheck({ host: true, run: 'false' }, gave({ code: 2, output: '' }))).message).toEqual({ en: '`false` exited 2', zh: '`false` 的退出码为 2' });
  });

  it('file: missing, present, containing a text or not', async () => {
    const spec = { pod: 'pg', container: 'shell', path: '/tmp/ps.txt' };
    expect((await fileCheck(spec, gave({ code: 3, output: '' }))).message.en).toBe('expected a file /tmp/ps.txt in container shell of Pod pg; saw no such file');
    expect((await fileCheck(spec, gave({ code: 0, output: 'PID COMMAND\n1 pause\n' }))).pass).toBe(true);
    expect((await fileCheck({ ...spec, contains: 'pause' }, gave({ code: 0, output: '1 pause' }))).pass).toBe(true);
    const without = await fileCheck({ ...spec, contains: 'pause' }, gave({ code: 0, output: '1 sleep' }));
    expect(without).toEqual({ pass: false, message: { en: 'expected a file /tmp/ps.txt in container shell of Pod pg containing "pause"; saw its content: 1 sleep', zh: '期望Pod pg 的容器 shell 中有文件 /tmp/ps.txt，内容包含 "pause"；实际它的内容：1 sleep' } });
  });
});
