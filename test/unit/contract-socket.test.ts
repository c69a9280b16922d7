// The contract over the supervisor's Unix socket, with the real lock server and a real socket:
// hello and build check, replies, progress, errors keeping their code and hint.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../electron/contract/dispatch.js';
import { connectContract } from '../../electron/contract/socket-client.js';
import { serveContract } from '../../electron/contract/socket-server.js';
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
