// Grace-period waits, explained: reading a signal's disposition from the masks the engine's `ps`
// prints, the words for what is waited for, and the CLI's countdown lines (TTY and plain).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endedMessage, waitingMessage, type GraceProgress } from '../../electron/engine/pods/grace.js';
import { dispositionOf, ignoresStop, signalName, topRow } from '../../electron/engine/pods/stop-signal.js';
import { graceLine, gracePrinter } from '../../electron/cli/render-grace.js';

describe('the stop signal and what it does (stop-signal.ts)', () => {
  it("names Docker's stop signal as the image sets it, SIGTERM by default", () => {
    expect(signalName(undefined)).toBe('SIGTERM');
    expect(signalName('')).toBe('SIGTERM');
    expect(signalName('SIGQUIT')).toBe('SIGQUIT');
    expect(signalName('int')).toBe('SIGINT');
    expect(signalName('15')).toBe('SIGTERM');
  });

  it('reads bit n-1 of the CAUGHT and IGNORED masks (real masks of bash as PID 1)', () => {
    // `sh -c 'sleep 1000 & wait'`: SIGINT and SIGCHLD caught, SIGQUIT ignored; TERM untouched.
    expect(dispositionOf('SIGTERM', '0000000000010002', '0000000000000004')).toBe('default');
    // `sh -c 'trap "exit 0" TERM; …'`: 0x4000 is bit 14, signal 15.
    expect(dispositionOf('SIGTERM', '0000000000014002', '0000000000000004')).toBe('caught');
    expect(dispositionOf('SIGTERM', '0000000000000000', '0000000000004000')).toBe('ignored');
    expect(dispositionOf('SIGQUIT', '0000000000010002', '0000000000000004')).toBe('ignored');
    expect(dispositionOf('SIGTERM', '-', '-')).toBeUndefined();
    expect(dispositionOf('SIGRTMIN', '0', '0')).toBeUndefined();
  });

  it("finds the main process's row in the Engine API's top answer", () => {
    const top = {
      Titles: ['PID', 'CAUGHT', 'IGNORED', 'COMMAND'],
      Processes: [
        ['11998', '0000000000010002', '0000000000000004', 'sh'],
        ['12025', '0000000000000000', '0000000000000006', 'sleep'],
      ],
    };
    expect(topRow(top, 11998)).toEqual({ comm: 'sh', caught: '0000000000010002', ignored: '0000000000000004' });
    expect(topRow(top, 1)).toBeUndefined();
    // An engine whose ps printed other columns tells us nothing.
    expect(topRow({ Titles: ['UID', 'PID', 'CMD'], Processes: [['0', '11998', 'sh']] }, 11998)).toBeUndefined();
  });

  it('only a PID 1 with the default action, or an ignored signal, ignores the stop', () => {
    expect(ignoresStop({ signal: 'SIGTERM', pid: 1, disposition: 'default' })).toBe(true);
    expect(ignoresStop({ signal: 'SIGTERM', disposition: 'ignored' })).toBe(true);
    expect(ignoresStop({ signal: 'SIGTERM', pid: 1, disposition: 'caught' })).toBe(false);
    // Not PID 1 (a shared PID namespace): the default action of SIGTERM ends it.
    expect(ignoresStop({ signal: 'SIGTERM', disposition: 'default' })).toBe(false);
    // Unknown is not "ignores".
    expect(ignoresStop({ signal: 'SIGTERM', pid: 1 })).toBe(false);
  });
});

describe('the words (grace.ts)', () => {
  it('says PID 1 ignores SIGTERM only when it does, and why', () => {
    expect(waitingMessage('web', { signal: 'SIGTERM', comm: 'sh', pid: 1, disposition: 'default' }, 30)).toBe(
      'sh is PID 1 in container web and ignores SIGTERM: a PID 1 gets only the signals it has a handler for — waiting up to 30 s, then SIGKILL',
    );
    expect(waitingMessage('web', { signal: 'SIGTERM', comm: 'sh', pid: 1, disposition: 'caught' }, 30)).toBe(
      'sent SIGTERM to sh (PID 1) in container web; waiting up to 30 s for it to exit',
    );
    expect(waitingMessage('web', { signal: 'SIGTERM', comm: 'nginx', disposition: 'ignored' }, 5)).toBe(
      'nginx in container web ignores SIGTERM (SIG_IGN) — waiting up to 5 s, then SIGKILL',
    );
    expect(waitingMessage('web', { signal: 'SIGTERM', pid: 1 }, 3)).toBe('sent SIGTERM to the main process (PID 1) in container web; waiting up to 3 s for it to exit');
  });

  it('says how the wait ended', () => {
    expect(endedMessage('web', 'exited', 2)).toBe('web exited after 2 s');
    expect(endedMessage('web', 'killed', 30)).toBe('web was killed (SIGKILL) after 30 s');
  });
});

const base = { kind: 'grace', pod: 'p', namespace: 'default', container: 'web', graceSeconds: 3 } as const;
const waiting: GraceProgress = {
  ...base,
  phase: 'waiting',
  target: { signal: 'SIGTERM', comm: 'sh', pid: 1, disposition: 'default' },
  ignoresSignal: true,
  message: 'sh is PID 1 in container web and ignores SIGTERM — waiting up to 3 s, then SIGKILL',
};
const ended: GraceProgress = { ...base, phase: 'ended', outcome: 'exited', exitCode: 0, afterSeconds: 1, message: 'web exited after 1 s' };

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  let out = '';
  const s = { isTTY, columns: 200, write: (chunk: string) => ((out += chunk), true), text: () => out };
  return s as unknown as NodeJS.WriteStream & { text: () => string };
}

describe('the countdown on the terminal (render-grace.ts)', () => {
  afterEach(() => void vi.useRealTimers());

  it('builds the line: the pod, the why, time left, and what ends it now', () => {
    if (waiting.phase !== 'waiting' || ended.phase !== 'ended') throw new Error('fixture');
    expect(graceLine(waiting, '`--grace 0` ends it now', { secondsLeft: 2 })).toBe(
      'pod/p: sh is PID 1 in container web and ignores SIGTERM — waiting up to 3 s, then SIGKILL (2 s left); `--grace 0` ends it now',
    );
    expect(graceLine(waiting, 'x', { ended })).toBe('pod/p: sh is PID 1 in container web and ignores SIGTERM — waiting up to 3 s, then SIGKILL → web exited after 1 s');
  });

  it('without a TTY: one plain line when the wait starts, one when it ends', () => {
    const s = fakeStream(false);
    const printer = gracePrinter(s, () => '`--grace 0` ends it now');
    printer.onProgress(waiting);
    printer.onProgress(ended);
    printer.stop();
    expect(s.text()).toBe(
      'pod/p: sh is PID 1 in container web and ignores SIGTERM — waiting up to 3 s, then SIGKILL; `--grace 0` ends it now\npod/p: web exited after 1 s\n',
    );
  });

  it('on a TTY: one line counting down in place, ending with what happened', () => {
    vi.useFakeTimers();
    const s = fakeStream(true);
    const printer = gracePrinter(s);
    printer.onProgress(waiting);
    expect(s.text()).toContain('(3 s left)');
    // What was written since the cursor last went back up one row (to redraw the line).
    const redrawn = () => {
      const parts = s.text().split('\x1b[1A');
      return parts.length > 1 ? parts[parts.length - 1] : undefined;
    };
    vi.advanceTimersByTime(1000);
    expect(redrawn()).toMatch(/\(2 s left\)\n$/);
    printer.onProgress(ended);
    expect(redrawn()).toMatch(/→ web exited after 1 s\n$/);
    // Done: no more redraws.
    const after = s.text();
    vi.advanceTimersByTime(3000);
    expect(s.text()).toBe(after);
    printer.stop();
  });
});
