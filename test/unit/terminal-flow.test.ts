// The pure parts of terminal sessions: watermarks, acknowledgement units, output batching and
// the resize policy (fake timers: the timing is the behaviour under test, not a measurement).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher } from '../../electron/engine/terminals/batcher.js';
import { AckCounter, FlowWindow } from '../../electron/engine/terminals/flow.js';
import { Resizer } from '../../electron/engine/terminals/resizer.js';
import { Timers } from '../../electron/engine/terminals/timers.js';

describe('FlowWindow', () => {
  it('pauses above the high mark, resumes only below the low mark, following the slowest consumer', () => {
    const log: string[] = [];
    const f = new FlowWindow<string>(() => log.push('pause'), () => log.push('resume'), { high: 100, low: 10 });
    f.add('fast');
    f.add('slow');
    f.sent(80);
    f.check();
    expect(log).toEqual([]);
    f.sent(30); // 110 unacked
    f.check();
    expect(log).toEqual(['pause']);
    f.acked('fast', 110);
    expect(log).toEqual(['pause']); // the slow one still owes 110
    f.acked('slow', 90); // 20 left: between the marks, stay paused
    expect(log).toEqual(['pause']);
    f.acked('slow', 15);
    expect(log).toEqual(['pause', 'resume']);
    expect([f.pauses, f.resumes, f.paused]).toEqual([1, 1, false]);
  });

  it('counts bytes still waiting in the batch, and a detaching viewer no longer holds it back', () => {
    const log: string[] = [];
    const f = new FlowWindow<string>(() => log.push('pause'), () => log.push('resume'), { high: 100, low: 10 });
    f.add('screen');
    f.add('viewer');
    f.check(101);
    expect(log).toEqual(['pause']);
    f.sent(101);
    f.acked('screen', 101);
    expect(log).toEqual(['pause']);
    f.remove('viewer');
    expect(log).toEqual(['pause', 'resume']);
    f.acked('viewer', 5); // late ack from a detached viewer: ignored
    expect(f.level()).toBe(0);
  });
});

describe('AckCounter', () => {
  it('acknowledges in whole units and keeps the remainder below the unit', () => {
    const sent: number[] = [];
    const a = new AckCounter((n) => sent.push(n), 5000);
    a.processed(4999);
    expect(sent).toEqual([]);
    a.processed(12_002);
    expect(sent).toEqual([5000, 5000, 5000]);
    a.processed(1);
    expect(sent).toEqual([5000, 5000, 5000]); // 2002 owed, below the unit
  });
});

describe('OutputBatcher and Resizer (fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('batches within 5 ms, flushes at the cap, and sends the first output after input at once', () => {
    const timers = new Timers();
    const out: string[] = [];
    const b = new OutputBatcher((d) => out.push(Buffer.from(d).toString()), timers, 5, 8);
    b.push(Buffer.from('ab'));
    b.push(Buffer.from('cd'));
    expect(out).toEqual([]);
    expect(b.pending).toBe(4);
    vi.advanceTimersByTime(5);
    expect(out).toEqual(['abcd']);
    b.push(Buffer.from('12345678')); // reaches the cap
    expect(out).toEqual(['abcd', '12345678']);
    b.push(Buffer.from('x'));
    b.afterInput(); // pending goes now …
    expect(out.at(-1)).toBe('x');
    b.push(Buffer.from('echo')); // … and so does the echo
    expect(out.at(-1)).toBe('echo');
    b.push(Buffer.from('later'));
    expect(out.at(-1)).toBe('echo');
    b.dispose();
    expect(timers.count).toBe(0);
  });

  it('keeps UTF-8 bytes as they came: a character split across chunks is not decoded here', () => {
    const out: Uint8Array[] = [];
    const b = new OutputBatcher((d) => out.push(d), new Timers(), 5);
    const bytes = new TextEncoder().encode('中');
    b.push(bytes.subarray(0, 1));
    b.push(bytes.subarray(1));
    b.flush();
    expect(new TextDecoder().decode(out[0])).toBe('中');
  });

  it('applies rows at once and debounces columns by 100 ms', () => {
    const timers = new Timers();
    const applied: string[] = [];
    const r = new Resizer({ cols: 80, rows: 24 }, (s) => applied.push(`${s.cols}x${s.rows}`), timers);
    r.request({ cols: 81, rows: 30 });
    expect(applied).toEqual(['80x30']);
    r.request({ cols: 82, rows: 30 });
    r.request({ cols: 90, rows: 30 });
    vi.advanceTimersByTime(99);
    expect(applied).toEqual(['80x30']);
    vi.advanceTimersByTime(1);
    expect(applied).toEqual(['80x30', '90x30']);
    expect(r.current).toEqual({ cols: 90, rows: 30 });
    r.request({ cols: 100, rows: 30 });
    r.dispose();
    vi.advanceTimersByTime(200);
    expect(applied).toEqual(['80x30', '90x30']);
    expect(timers.count).toBe(0);
  });
});
