// pipeSession, the one binding of a terminal session to any viewer channel (MessagePort, WebSocket,
// the supervisor socket): replay first, bytes as bytes, control validated, detach on close.
import { describe, expect, it } from 'vitest';
import { pipeSession, type HostMessage, type StreamPort } from '../../electron/contract/terminal-stream.js';
import type { SessionEvent, SessionInfo, SessionSize, SessionStream } from '../../electron/engine/model.js';

function fakeStream() {
  const got = { writes: [] as (string | Uint8Array)[], resizes: [] as SessionSize[], acks: [] as number[], detached: 0 };
  const listeners = new Set<(e: SessionEvent) => void>();
  const stream: SessionStream = {
    sessionId: 'term-000000000001',
    replay: 'screen so far',
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    write: (d) => got.writes.push(d),
    resize: (s) => got.resizes.push(s),
    ack: (n) => got.acks.push(n),
    detach: () => got.detached++,
  };
  const emit = (e: SessionEvent) => {
    for (const l of listeners) l(e);
  };
  return { stream, got, emit, listeners };
}

function fakePort() {
  const sent: (HostMessage | Uint8Array)[] = [];
  const closed: string[] = [];
  let onMessage: (m: unknown) => void = () => undefined;
  let onClose: () => void = () => undefined;
  const port: StreamPort = {
    send: (m) => sent.push(m),
    onMessage: (l) => (onMessage = l),
    onClose: (l) => (onClose = l),
    close: (reason) => closed.push(reason),
  };
  return { port, sent, closed, deliver: (m: unknown) => onMessage(m), hangUp: () => onClose() };
}

const info: SessionInfo = { id: 'term-000000000001', kind: 'container', title: 'web/app', state: 'running', size: { cols: 80, rows: 24 } };

describe('pipeSession', () => {
  it('sends the replay first, then output bytes untouched and the session events', () => {
    const s = fakeStream();
    const p = fakePort();
    pipeSession(s.stream, info, p.port);
    const bytes = new Uint8Array([0xe4, 0xb8]); // half of 中: never decoded on the way
    s.emit({ type: 'data', data: bytes });
    s.emit({ type: 'reconnected', title: 'web/app' });
    expect(p.sent[0]).toEqual({ type: 'attached', info, replay: 'screen so far' });
    expect(p.sent[1]).toBe(bytes);
    expect(p.sent[2]).toEqual({ type: 'reconnected', title: 'web/app' });
  });

  it('passes input, resizes and acks back to the session', () => {
    const s = fakeStream();
    const p = fakePort();
    pipeSession(s.stream, info, p.port);
    p.deliver(new Uint8Array([0x6c, 0x73]));
    p.deliver({ type: 'input', data: '\r' });
    p.deliver({ type: 'resize', cols: 120, rows: 40 });
    p.deliver({ type: 'ack', bytes: 5000 });
    expect(s.got.writes).toEqual([new Uint8Array([0x6c, 0x73]), '\r']);
    expect(s.got.resizes).toEqual([{ cols: 120, rows: 40 }]);
    expect(s.got.acks).toEqual([5000]);
    expect(p.closed).toEqual([]);
  });

  it('closes the channel with the reason on a message that does not fit, and detaches', () => {
    for (const bad of [{ type: 'ack', bytes: -1 }, { type: 'resize', cols: 0, rows: 5 }, { type: 'exec', cmd: 'rm' }, 'text', null]) {
      const s = fakeStream();
      const p = fakePort();
      pipeSession(s.stream, info, p.port);
      p.deliver(bad);
      expect(p.closed, JSON.stringify(bad)).toHaveLength(1);
      expect(p.closed[0]).toMatch(/^invalid terminal message/);
      expect(s.got.detached).toBe(1);
      expect(s.listeners.size).toBe(0);
      p.deliver({ type: 'input', data: 'after' });
      expect(s.got.writes).toEqual([]);
    }
  });

  it('detaches when the viewer hangs up, leaving the session alone', () => {
    const s = fakeStream();
    const p = fakePort();
    pipeSession(s.stream, info, p.port);
    p.hangUp();
    expect(s.got.detached).toBe(1);
    expect(p.closed).toEqual([]);
    s.emit({ type: 'data', data: new Uint8Array([1]) });
    expect(p.sent).toHaveLength(1); // only the attach message
  });

  it('tells the viewer when the session is closed, and closes the channel', () => {
    const s = fakeStream();
    const p = fakePort();
    pipeSession(s.stream, info, p.port);
    s.emit({ type: 'closed', reason: 'the terminal session was closed' });
    expect(p.sent.at(-1)).toEqual({ type: 'closed', reason: 'the terminal session was closed' });
    expect(p.closed).toEqual(['the terminal session was closed']);
    expect(s.got.detached).toBe(1);
  });
});
