// The contract over the supervisor's Unix socket, with the real lock server and a real socket:
// hello and build check, replies, progress, errors keeping their code and hint; cancelling a call;
// a terminal session's stream in frames on a connection of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dispatch } from '../../electron/contract/dispatch.js';
import { connectContract } from '../../electron/contract/socket-client.js';
import { serveContract } from '../../electron/contract/socket-server.js';
import { attachSession } from '../../electron/contract/socket-viewer.js';
import { ACK_UNIT } from '../../electron/contract/terminal-stream.js';
import type { SessionEvent, SessionInfo, SessionStream } from '../../electron/engine/model.js';
import type { TerminalHost } from '../../electron/engine/terminals/host.js';
import { PodlabError } from '../../electron/engine/base/errors.js';
import { NdjsonDecoder } from '../../electron/engine/base/ndjson.js';
import { acquireSupervisorLock, type SupervisorLock } from '../../electron/engine/pods/supervisor/lock.js';
import { buildId, lockPath, querySupervisor } from '../../electron/engine/pods/supervisor/socket.js';

let dir: string;
let lock: SupervisorLock | null;
const calls: { method: string; params: unknown }[] = [];

const dispatch: Dispatch = async (method, params, ctx) => {
  calls.push({ method, params });
  if (method === 'boom') throw new PodlabError('POD_NOT_FOUND', 'no Pod "x"', { hint: 'run `podlab pod ls`' });
  if (method === 'slow') {
    ctx?.onProgress?.({ kind: 'pod', pod: 'p', step: 'creating' });
    ctx?.onProgress?.({ kind: 'pod', pod: 'p', step: 'created' });
  }
  return { echo: params };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'podlab-sock-'));
  lock = await acquireSupervisorLock(dir, (s) => serveContract(s, dispatch));
});
afterAll(async () => {
  await lock?.release();
  rmSync(dir, { recursive: true, force: true });
});

describe('the supervisor socket', () => {
  it('is held once: a second taker gets null while the first lives', async () => {
    expect(lock).not.toBeNull();
    expect(await acquireSupervisorLock(dir)).toBeNull();
    expect(await querySupervisor(dir)).toMatchObject({ pid: process.pid, build: buildId() });
  });

  it('carries calls and their replies', async () => {
    const c = await connectContract(lockPath(dir), buildId());
    expect(c).not.toBeNull();
    expect(await c!.call('pods.list', { group: 'g' })).toEqual({ echo: { group: 'g' } });
    expect(calls.at(-1)).toEqual({ method: 'pods.list', params: { group: 'g' } });
    c!.close();
  });

  it('streams progress before the reply', async () => {
    const c = await connectContract(lockPath(dir), buildId());
    const seen: unknown[] = [];
    await c!.call('slow', {}, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { kind: 'pod', pod: 'p', step: 'creating' },
      { kind: 'pod', pod: 'p', step: 'created' },
    ]);
    c!.close();
  });

  it('brings errors back as PodlabError with code and hint', async () => {
    const c = await connectContract(lockPath(dir), buildId());
    const err = await c!.call('boom', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodlabError);
    expect(err).toMatchObject({ code: 'POD_NOT_FOUND', message: 'no Pod "x"', hint: 'run `podlab pod ls`' });
    c!.close();
  });

  it('answers the requests after a malformed line instead of failing on it', async () => {
    const sock = net.connect(lockPath(dir));
    const lines = new NdjsonDecoder();
    const seen: unknown[] = [];
    const answered = new Promise<void>((resolve) => {
      sock.on('data', (chunk: Buffer) => {
        for (const item of lines.push(chunk)) {
          seen.push(item.ok ? item.value : item.line);
          if (item.ok && (item.value as { id?: unknown }).id === 7) resolve();
        }
      });
    });
    // Not JSON; JSON that is no request object; then a good request.
    sock.write('garbage\nnull\n');
    sock.write(`${JSON.stringify({ id: 7, method: 'pods.list', params: { group: 'after' } })}\n`);
    await answered;
    sock.destroy();
    expect(seen[0]).toMatchObject({ hello: { build: buildId() } });
    expect(seen).toContainEqual({ id: null, reply: { ok: false, error: { code: 'USAGE', message: 'request is not JSON' } } });
    expect(seen.at(-1)).toEqual({ id: 7, reply: { ok: true, result: { echo: { group: 'after' } } } });
  });

  it('has a client that skips a malformed line and still gets its reply', async () => {
    const where = path.join(dir, 'garbling.sock');
    const server = net.createServer((s) => {
      s.write(`${JSON.stringify({ hello: { pid: 1, since: 'now', build: buildId() } })}\n`);
      const lines = new NdjsonDecoder();
      s.on('data', (chunk: Buffer) => {
        for (const item of lines.push(chunk)) {
          const { id } = item.ok ? (item.value as { id: number }) : { id: -1 };
          s.write(`garbage\nnull\n\n${JSON.stringify({ id, reply: { ok: true, result: 'fine' } })}\n`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(where, resolve));
    try {
      const c = await connectContract(where, buildId());
      expect(c).not.toBeNull();
      expect(await c!.call('pods.list', {})).toBe('fine');
      c!.close();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is not used by a client of another build, nor when nobody listens', async () => {
    expect(await connectContract(lockPath(dir), 'another-build')).toBeNull();
    expect(await connectContract(path.join(dir, 'nobody.sock'), buildId())).toBeNull();
  });

  it('is free again once released, and a stale socket file does not block the next holder', async () => {
    await lock?.release();
    lock = await acquireSupervisorLock(dir, (s) => serveContract(s, dispatch));
    expect(lock).not.toBeNull();
  });
});

describe('cancel, and terminal streams, on the supervisor socket', () => {
  let home: string;
  /** Each running `follow` call's signal, by the n it was given. */
  const following = new Map<number, AbortSignal>();
  const session = new OneSession();
  const serving: Dispatch = async (method, params, ctx) => {
    if (method !== 'follow') return null;
    const signal = ctx?.signal as AbortSignal;
    following.set((params as { n: number }).n, signal);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    return { cancelled: true };
  };
  serving.terminals = () => Promise.resolve(session as unknown as TerminalHost);

  // The teardown comes back from the setup: the lock goes, then its directory.
  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'podlab-sock-cancel-'));
    const held = await acquireSupervisorLock(home, (s) => serveContract(s, serving));
    return async () => {
      await held?.release();
      rmSync(home, { recursive: true, force: true });
    };
  });

  it("a call's signal sends {id, cancel: true}: that call stops and still answers, the others run on", async () => {
    const c = (await connectContract(lockPath(home), buildId()))!;
    const stop = new AbortController();
    const first = c.call('follow', { n: 1 }, { signal: stop.signal });
    const second = c.call('follow', { n: 2 }).catch((e: unknown) => e);
    await vi.waitFor(() => expect([...following.keys()]).toEqual(expect.arrayContaining([1, 2])));
    stop.abort();
    expect(await first).toEqual({ cancelled: true });
    expect(following.get(2)?.aborted).toBe(false);
    c.close();
    expect(await second).toBeInstanceOf(PodlabError);
  });

  it('a connection that closes aborts every call it made', async () => {
    const sock = net.connect(lockPath(home));
    sock.write(`${JSON.stringify({ id: 1, method: 'follow', params: { n: 3 } })}\n${JSON.stringify({ id: 2, method: 'follow', params: { n: 4 } })}\n`);
    await vi.waitFor(() => expect(following.has(3) && following.has(4)).toBe(true));
    expect(following.get(3)?.aborted).toBe(false);
    sock.destroy();
    await vi.waitFor(() => expect([following.get(3)?.aborted, following.get(4)?.aborted]).toEqual([true, true]));
  });

  it('attach: the replay, output bytes as sent, events; input, resizes and acks (in ACK_UNIT) back', async () => {
    const { info, stream } = await attachSession(lockPath(home), buildId(), session.id);
    expect(info).toEqual(session.info(session.id));
    expect(stream.replay).toBe('$ ');
    const seen: SessionEvent[] = [];
    stream.onEvent((e) => seen.push(e));
    // 中文 cut inside a character: the bytes arrive as they left, in two frames.
    session.emit({ type: 'data', data: new Uint8Array([0xe4, 0xb8]) });
    session.emit({ type: 'data', data: new Uint8Array([0xad, 0xe6, 0x96, 0x87]) });
    session.emit({ type: 'exit', exitCode: 3, reason: 'exited (3)' });
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    const bytes = seen.flatMap((e) => (e.type === 'data' ? [...e.data] : []));
    expect(Buffer.from(bytes).toString()).toBe('中文');
    expect(seen[2]).toEqual({ type: 'exit', exitCode: 3, reason: 'exited (3)' });
    stream.write('ls\r');
    stream.resize({ cols: 100, rows: 30 });
    stream.ack(ACK_UNIT - 1);
    stream.ack(2);
    await vi.waitFor(() => expect(session.got).toHaveLength(3));
    expect(session.got).toEqual([['write', 'ls\r'], ['resize', { cols: 100, rows: 30 }], ['ack', ACK_UNIT + 1]]);
    stream.detach();
    await vi.waitFor(() => expect(session.viewers).toBe(0));
    expect(session.closed).toBe(0);
  });

  it('attach with closeWithStream: the session ends with the connection', async () => {
    const { stream } = await attachSession(lockPath(home), buildId(), session.id, { closeWithStream: true });
    expect(session.viewers).toBe(1);
    stream.detach();
    await vi.waitFor(() => expect(session.closed).toBe(1));
    expect(session.viewers).toBe(0);
  });

  it('attach is refused with the reason: an unknown session, a process without terminals', async () => {
    await expect(attachSession(lockPath(home), buildId(), 'term-ffffffffffff')).rejects.toThrow(/no terminal session term-ffffffffffff/);
    await expect(attachSession(lockPath(dir), buildId(), session.id)).rejects.toThrow(/serves no terminal sessions/);
  });

  it('a frame no viewer sends closes that stream with the reason; the session only loses its viewer', async () => {
    const sock = net.connect(lockPath(home));
    const got: Buffer[] = [];
    sock.on('data', (d: Buffer) => got.push(d));
    const closed = new Promise((resolve) => sock.on('close', resolve));
    sock.write(`${JSON.stringify({ attach: session.id })}\n`);
    sock.write(Buffer.from([9, 0, 0, 0, 1, 0]));
    await closed;
    expect(Buffer.concat(got).toString()).toMatch(/"type":"closed","reason":"terminal stream refused: unknown frame kind 9"/);
    expect(session.viewers).toBe(0);
  });
});

/** A terminal host with one session, whose viewers' input, resizes and acks are recorded in order. */
class OneSession {
  readonly id = 'term-0123456789ab';
  readonly got: [string, unknown][] = [];
  viewers = 0;
  closed = 0;
  private readonly listeners = new Set<(e: SessionEvent) => void>();

  info(id: string): SessionInfo {
    return { id, kind: 'container', title: 'web/app', state: 'running', size: { cols: 80, rows: 24 } };
  }

  attach(id: string): SessionStream {
    if (id !== this.id) throw new PodlabError('USAGE', `no terminal session ${id}`, { hint: 'it was closed; open a new one' });
    this.viewers++;
    let mine: ((e: SessionEvent) => void) | undefined;
    return {
      sessionId: id,
      replay: '$ ',
      onEvent: (l) => {
        mine = l;
        this.listeners.add(l);
        return () => this.listeners.delete(l);
      },
      write: (d) => this.got.push(['write', Buffer.from(d).toString()]),
      resize: (size) => this.got.push(['resize', size]),
      ack: (n) => this.got.push(['ack', n]),
      detach: () => {
        if (mine) this.listeners.delete(mine);
        this.viewers--;
      },
    };
  }

  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }

  emit(e: SessionEvent): void {
    for (const l of this.listeners) l(e);
  }
}
