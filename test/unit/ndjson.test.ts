// The one reader of newline-delimited streams: lines and JSON values across chunk boundaries,
// split UTF-8 characters, malformed lines as values (never thrown), the trailing partial line.
import { describe, expect, it } from 'vitest';
import { isJsonObject, LineDecoder, NdjsonDecoder, type NdjsonItem } from '../../electron/engine/base/ndjson.js';

const values = (items: NdjsonItem[]) => items.map((i) => (i.ok ? i.value : { malformed: i.line }));

describe('LineDecoder', () => {
  it('returns complete lines as they are, blank ones and a \\r included, and keeps the partial one', () => {
    const d = new LineDecoder();
    expect(d.push('R\tbash 5\nP\t1\n\nN\tx\r\nE\t')).toEqual(['R\tbash 5', 'P\t1', '', 'N\tx\r']);
    expect(d.buffered).toBe(2);
    expect(d.push('1')).toEqual([]);
    expect(d.push('\n')).toEqual(['E\t1']);
    expect(d.buffered).toBe(0);
    expect(d.end()).toEqual([]);
  });

  it('decodes a multi-byte character split between chunks', () => {
    const bytes = Buffer.from('中文 ✓\n', 'utf8');
    const d = new LineDecoder();
    const out: string[] = [];
    // Every byte alone: each character is split as badly as it can be.
    for (const b of bytes) out.push(...d.push(Buffer.from([b])));
    expect(out).toEqual(['中文 ✓']);
  });

  it('gives the unterminated last line at the end, with its last character', () => {
    const d = new LineDecoder();
    const euro = Buffer.from('tail €', 'utf8');
    expect(d.push(euro.subarray(0, euro.length - 1))).toEqual([]);
    expect(d.push(euro.subarray(euro.length - 1))).toEqual([]);
    expect(d.end()).toEqual(['tail €']);
    expect(d.end()).toEqual([]);
  });
});

describe('NdjsonDecoder', () => {
  it('parses several lines of one chunk, and a line spread over chunks', () => {
    const d = new NdjsonDecoder();
    expect(values(d.push('{"a":1}\n{"b":2}\n{"c":'))).toEqual([{ a: 1 }, { b: 2 }]);
    expect(values(d.push('[3,'))).toEqual([]);
    expect(values(d.push(Buffer.from('4]}\n')))).toEqual([{ c: [3, 4] }]);
  });

  it('keeps a character split between chunks inside a value', () => {
    const bytes = Buffer.from(`${JSON.stringify({ stream: 'Step 1/2 : 中文 ✓' })}\n`, 'utf8');
    const cut = bytes.indexOf(0xe4) + 1; // inside 中
    const d = new NdjsonDecoder();
    expect(values(d.push(bytes.subarray(0, cut)))).toEqual([]);
    expect(values(d.push(bytes.subarray(cut)))).toEqual([{ stream: 'Step 1/2 : 中文 ✓' }]);
  });

  it('returns a malformed line among good ones as an error value, with the line', () => {
    const items = new NdjsonDecoder().push('{"ok":1}\nnot json\n{"ok":2}\n');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({ ok: true, value: { ok: 1 }, line: '{"ok":1}' });
    expect(items[1]).toMatchObject({ ok: false, line: 'not json' });
    expect(items[1]?.ok === false && items[1].error).toBeInstanceOf(SyntaxError);
    expect(items[2]).toMatchObject({ ok: true, value: { ok: 2 } });
  });

  it('skips blank lines and trims CRLF endings', () => {
    const d = new NdjsonDecoder();
    expect(values(d.push('\n  \r\n{"a":1}\r\n\r\n{"b":2}\r'))).toEqual([{ a: 1 }]);
    expect(values(d.push('\n'))).toEqual([{ b: 2 }]);
  });

  it('parses a trailing partial line at the end, and says what it holds meanwhile', () => {
    const d = new NdjsonDecoder();
    expect(values(d.push('{"a":1}\n{"status":"done"}'))).toEqual([{ a: 1 }]);
    expect(d.buffered).toBe('{"status":"done"}'.length);
    expect(values(d.end())).toEqual([{ status: 'done' }]);
    expect(values(new NdjsonDecoder().end())).toEqual([]);
    const cut = new NdjsonDecoder();
    cut.push('{"a":');
    expect(values(cut.end())).toEqual([{ malformed: '{"a":' }]);
  });

  it('tells a JSON object from other values', () => {
    expect([{}, { a: 1 }].map(isJsonObject)).toEqual([true, true]);
    expect([null, 5, 'x', [1], true].map(isJsonObject)).toEqual([false, false, false, false, false]);
  });
});
