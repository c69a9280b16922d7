// `podlab exec -it` end to end, as a user runs it: the bundled CLI under a real pty (node-pty),
// into a shared-PID Pod rebuilt by the harness's supervisor. It never hangs: a killed sandbox
// ends it with a word and the way back in, and `~.` quits even when nothing answers any more.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pty from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, sharedPidPod, startHarness, type Harness } from './pod-harness.js';
import { visibleText } from './terminal-text.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin', 'podlab.js');
const POD = 'exec-tty';
let h: Harness;

const yaml = sharedPidPod(POD, ['web', 'side']);

const ready = (s: { phase: string; ready: string }) => s.phase === 'Running' && s.ready === '2/2';

/** `podlab exec …` in a pty: everything it shows (stdout and stderr) and its exit code. */
function terminal(...args: string[]) {
  const term = pty.spawn(process.execPath, [CLI, ...args], { cols: 100, rows: 30, env: { ...process.env, PODLAB_STATE_DIR: h.stateDir } });
  let out = '';
  term.onData((d) => (out += d));
  const exited = new Promise<number>((resolve) => term.onExit((e) => resolve(e.exitCode)));
  const within = <T>(p: Promise<T>, what: string, ms = 20_000) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms / 1000}s; terminal:\n${out}`)), ms))]);
  return {
    term,
    exited,
    out: () => out,
    waitFor: (re: RegExp) =>
      within(
        new Promise<void>((resolve) => {
          const check = () => (re.test(visibleText(out)) ? resolve() : setTimeout(check, 25));
          check();
        }),
        `terminal shows ${re}`,
      ),
    /** Exit code, failing (instead of hanging the suite) when the CLI does not exit. */
    exit: () => within(exited, 'podlab exited'),
  };
}

beforeAll(async () => {
  h = await startHarness('it-exec-tty');
  await h.apply(yaml);
}, 60_000);

afterAll(async () => {
  await h?.close();
}, 60_000);

describe('podlab exec -it', () => {
  it('prints the escape hint; when the sandbox is killed it exits non-zero, saying why and how to get back in', async () => {
    const before = await h.waitFor(POD, ready, 'Pod running');
    const t = terminal('exec', POD, '-c', 'web', '-it');
    await t.waitFor(/^\(escape: ~\. to quit, ~\? for help\)\r*\n/);
    await t.waitFor(/#\s*$/);
    // A line read by the shell: what makes Docker 20.10 keep the exec's stream open for good.
    t.term.write('echo before-$((1+1))\r');
    await t.waitFor(/before-2\r*\n/);
    await run('docker', ['kill', before.sandbox?.id as string]);
    expect(await t.exit()).toBe(137);
    expect(t.out()).toMatch(/podlab: container web exited \(137\): the Pod's sandbox (died|was rebuilt)\r*\n/);
    expect(t.out()).toMatch(/→ to get back in, run the same command again: podlab exec exec-tty -c web -it\r*\n/);
    expect(t.out()).not.toMatch(/press Enter/);
  }, 60_000);

  it('~? lists the escapes and ~. ends the session at once, even when the shell answers nothing', async () => {
    await h.waitFor(POD, ready, 'Pod running again');
    const t = terminal('exec', POD, '-c', 'web', '-it');
    await t.waitFor(/#\s*$/);
    t.term.write('~?');
    await t.waitFor(/~\. {2}end the session now/);
    // `~.` in the middle of a line is text for the shell, not an escape.
    t.term.write('echo a~.b\r');
    await t.waitFor(/a~\.b\r*\n/);
    // The shell stops itself: from now on nothing in the container reads what is typed.
    t.term.write('kill -STOP $$\r');
    await new Promise((r) => setTimeout(r, 300));
    t.term.write('echo nobody-reads-this\r');
    t.term.write('~.');
    expect(await t.exit()).toBe(255);
    expect(t.out()).toMatch(/podlab: session closed \(~\.\)/);
    expect(t.out()).not.toMatch(/^nobody-reads-this/m);
  }, 60_000);
});

describe('podlab exec without a TTY', () => {
  it('ends with a word instead of hanging when the sandbox is killed under the command', async () => {
    const before = await h.waitFor(POD, ready, 'Pod running');
    const t = terminal('exec', POD, '-c', 'web', '--', 'sh', '-c', 'echo started; sleep 600');
    await t.waitFor(/started\r*\n/);
    await run('docker', ['kill', before.sandbox?.id as string]);
    expect(await t.exit()).toBe(1);
    expect(t.out()).toMatch(/error: container "web" of Pod "exec-tty" exited \(137\) while the command ran\r*\n/);
    expect(t.out()).toMatch(/→ see why with `podlab pod describe exec-tty`/);
  }, 60_000);
});

