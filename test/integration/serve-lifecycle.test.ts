// `podlab serve` over its life, on a server of its own with a 1-second idle limit and a throwaway
// pause image tag: a browser's terminal session closed once nobody watched it for the limit (a
// watched one kept), progress of an image build over /api, and a clean stop on SIGINT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../electron/engine/model.js';
import { querySupervisor } from '../../electron/engine/pods/supervisor/socket.js';
import { run } from './pod-harness.js';
import { ApiClient, ended, startServe, TerminalClient, until, type Serve } from './serve-harness.js';

describe('podlab serve: idle sessions, image builds and stopping', () => {
  const tag = `podlab-test/serve-pause:${process.pid}`;
  let idle: Serve;
  let client: ApiClient;

  beforeAll(async () => {
    idle = await startServe('serve-idle', { PODLAB_TERMINAL_IDLE_SECONDS: '1', PODLAB_PAUSE_IMAGE: tag });
    client = await ApiClient.connect(idle);
  });

  afterAll(async () => {
    client.close();
    await idle.stop('SIGKILL');
    idle.remove();
    await run('docker', ['rmi', '-f', tag]).catch(() => undefined);
  });

  it('closes a browser\'s session once no viewer has been attached for the idle limit, and keeps a watched one', async () => {
    const open = async () => (await client.call<SessionInfo>('terminals.open', { target: { kind: 'host', command: ['sh'] }, cols: 80, rows: 24 })).id;
    const watched = await open();
    const never = await open();
    const left = await open();
    const viewer = await TerminalClient.attach(idle, watched);
    const leaving = await TerminalClient.attach(idle, left);
    leaving.close();
    await until('idle sessions closed', async () => {
      const ids = (await client.call<SessionInfo[]>('terminals.list')).map((s) => s.id);
      return !ids.includes(never) && !ids.includes(left);
    }, 30_000);
    expect((await client.call<SessionInfo[]>('terminals.list')).map((s) => s.id)).toEqual([watched]);
    viewer.close();
  });

  it('reports progress while it builds an image (offline, into a throwaway tag)', async () => {
    const build = client.begin<{ image: string }[]>('images.build', { mode: 'offline', only: ['pause'] });
    const built = await build.result;
    expect(built).toEqual([expect.objectContaining({ image: tag })]);
    expect(build.progress.length).toBeGreaterThan(0);
    expect(build.progress.every((p) => (p as { kind?: string }).kind === 'images')).toBe(true);
  }, 180_000);

  it('stops cleanly on SIGINT: sockets closed with 1001, the supervisor lock released, exit code 0', async () => {
    const end = ended(client.ws);
    expect(await querySupervisor(idle.stateDir)).toMatchObject({ pid: idle.pid });
    expect(await idle.stop('SIGINT')).toBe(0);
    expect(await end).toMatchObject({ code: 1001 });
    expect(await querySupervisor(idle.stateDir)).toBeNull();
    expect(idle.stderr()).toMatch(/stopped\n$/);
  });
});
