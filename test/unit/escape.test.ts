// The escape sequences of `podlab exec -it` (ssh's): `~.` quits only at the start of a line, `~?`
// asks for help, `~~` is one `~`, anything else goes through untouched — also split across chunks.
import { describe, expect, it } from 'vitest';
import { EscapeParser, type Escaped } from '../../electron/cli/escape.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Feeds the chunks in order; what was forwarded (as text) and every action asked for. */
function feed(...chunks: string[]): { text: string; actions: Escaped['actions'] } {
  const p = new EscapeParser();
  let text = '';
  const actions: Escaped['actions'] = [];
  for (const c of chunks) {
    const r = p.push(enc.encode(c));
    text += dec.decode(r.data);
    actions.push(...r.actions);
  }
  return { text, actions };
}

describe('EscapeParser', () => {
  it('`~.` at the very start quits, and nothing is forwarded', () => {
    expect(feed('~.')).toEqual({ text: '', actions: ['quit'] });
  });

  it('`~.` after Enter quits; what came before goes through, what comes after does not', () => {
    expect(feed('ls\r~.rm -rf /\r')).toEqual({ text: 'ls\r', actions: ['quit'] });
    expect(feed('ls\n~.')).toEqual({ text: 'ls\n', actions: ['quit'] });
  });

  it('`~.` in the middle of a line is passed through', () => {
    expect(feed('echo a~.b\r')).toEqual({ text: 'echo a~.b\r', actions: [] });
    expect(feed('cd ~', '.', '\r')).toEqual({ text: 'cd ~.\r', actions: [] });
  });

  it('`~~` sends one `~`, and the line is then no longer at its start', () => {
    expect(feed('~~.')).toEqual({ text: '~.', actions: [] });
    expect(feed('\r~~/bin\r')).toEqual({ text: '\r~/bin\r', actions: [] });
  });

  it('`~?` asks for help and stays at the start of the line', () => {
    expect(feed('~?~.')).toEqual({ text: '', actions: ['help', 'quit'] });
  });

  it('a `~` that starts no escape goes through with the byte after it', () => {
    expect(feed('~/x\r')).toEqual({ text: '~/x\r', actions: [] });
    expect(feed('~\r~.')).toEqual({ text: '~\r', actions: ['quit'] });
  });

  it('works split across chunks: the `~` is held until the next byte arrives', () => {
    const p = new EscapeParser();
    expect(dec.decode(p.push(enc.encode('pwd\r~')).data)).toBe('pwd\r');
    expect(p.push(enc.encode('.'))).toEqual({ data: new Uint8Array(), actions: ['quit'] });
    expect(feed('\r', '~', '~', 'x')).toEqual({ text: '\r~x', actions: [] });
    expect(feed('a\r', '~', '?', '~', '.')).toEqual({ text: 'a\r', actions: ['help', 'quit'] });
  });

  it('passes bytes that are not ASCII through unchanged', () => {
    expect(feed('中文\r~x中')).toEqual({ text: '中文\r~x中', actions: [] });
  });
});
