// `podlab serve` as a browser meets it: a real server process (the bundled CLI) on the real engine,
// driven with `ws` clients — the token and Origin refusals, protocol errors that close one socket,
// calls with progress and cancel, events after a CLI apply that went through serve's process,
// terminal sessions (echo, resize, CJK split across frames, reattach with the replay, a flood held
// by a viewer that stops acknowledging). Idle reaping, image builds and stopping: serve-lifecycle.test.ts.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CSP_HEADER } from '../../electron/contract/csp.js';
import { MAX_MESSAGE_BYTES } from '../../electron/contract/wire.js';
import type { PodStatus, SessionInfo } from '../../electron/engine/model.js';
import { BATCH_CAP } from '../../electron/engine/terminals/batcher.js';
import { HIGH_WATERMARK } from '../../electron/engine/terminals/flow.js';
import type { FlowStats } from '../../electron/engine/terminals/session-output.js';
import { run } from './pod-harness.js';
import { ApiClient, CLI, ended, opened, ROOT, startServe, TerminalClient, until, type Serve } from './serve-harness.js';

const GROUP = `serve-${process.pid}`;
const POD = `serve-term-${process.pid}`;
const CLI_POD = `serve-cli-${process.pid}`;

const podYaml = (name: string, command: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: shell, image: podlab/toolbox:1, command: [sh, -c, '${command}']}
`;

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(serve: Serve, pathname: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: serve.port, path: pathname, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

function podlab(serve: Serve, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: serve.env, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let serve: Serve;
let api: ApiClient;

beforeAll(async () => {
  serve = await startServe('serve');
  api = await ApiClient.connect(serve);
  const applied = await api.call<{ pods: { uid: string }[] }>('pods.apply', {
    manifests: [{ yaml: podYaml(POD, 'echo serve-log-$((2*21)); exec sleep 100000'), file: 'serve.yaml' }],
    group: GROUP,
  });
  await api.call('pods.wait', { uids: applied.pods.map((p) => p.uid), timeoutSeconds: 60 });
});

afterAll(async () => {
  if (api.ws.readyState === WebSocket.OPEN) await api.call('pods.remove', { all: true, group: GROUP, graceSeconds: 0 }).catch(() => undefined);
  api.close();
  await serve.stop('SIGKILL');
  await run('docker', ['ps', '-aq', '--filter', `label=io.podlab.group=${GROUP}`]).then(async ({ stdout }) => {
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length) await run('docker', ['rm', '-f', ...ids]);
  });
  serve.remove();
});

describe('podlab serve: HTTP and the token', () => {
  it('prints http://127.0.0.1:PORT/?token=… first and serves the page with the token, then with its HttpOnly cookie', async () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const page = await get(serve, `/?token=${serve.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root"></div>');
    expect(page.headers['content-security-policy']).toBe(CSP_HEADER);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = page.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^podlab-${serve.port}=${serve.token}; .*HttpOnly`));
    expect(cookie).toContain('SameSite=Strict');
    // The page's script, as the browser then asks for it: with the cookie, not the token.
    const script = /src="\.(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1] ?? '';
    const asset = await get(serve, script, { cookie: cookie.split(';')[0] ?? '' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(serve, '/', { cookie: cookie.split(';')[0] ?? '' })).status).toBe(200);
  });

  it.each([
    ['no token', 401, '/', {}],
    ['a wrong token', 401, '/?token=not-the-token', {}],
    ['an asset without the cookie', 401, '/assets/x.js', {}],
    ['a wrong cookie', 401, '/', { cookie: 'podlab-1=nope' }],
    ['a foreign Origin, even with the token', 403, '/?token=TOKEN', { origin: 'http://evil.example' }],
    ['another Host name (DNS rebinding)', 403, '/?token=TOKEN', { host: 'evil.example' }],
  ])('refuses %s with %i and no page', async (_what, status, pathname, headers: Record<string, string>) => {
    const got = await get(serve, pathname.replace('TOKEN', serve.token), headers);
    expect(got.status).toBe(status);
    expect(got.body).not.toContain('<div id="root">');
    expect(got.headers['set-cookie']).toBeUndefined();
  });
});

describe('podlab serve: WebSocket refusals and protocol errors', () => {
  it.each([
    ['no token', 401, (s: Serve) => new WebSocket(`ws://127.0.0.1:${s.port}/api`, { origin: s.origin })],
    ['a wrong token', 401, (s: Serve) => new WebSocket(`ws://127.0.0.1:${s.port}/api?token=nope`, { origin: s.origin })],
    ['a foreign Origin', 403, (s: Serve) => new WebSocket(s.wsUrl('/api'), { origin: 'http://evil.example' })],
    ['a foreign Origin on a terminal', 403, (s: Serve) => new WebSocket(s.wsUrl('/terminal/term-000000000000'), { origin: 'http://localhost:1' })],
  ])('refuses an upgrade with %s (%i) before any channel exists', async (_what, status, open) => {
    const ws = open(serve);
    let wasOpen = false;
    ws.on('open', () => (wasOpen = true));
    const end = await ended(ws);
    expect(end.status).toBe(status);
    expect(wasOpen).toBe(false);
  });

  it('lets a page in with its cookie instead of the token', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api`, { origin: serve.origin, headers: { cookie: `podlab-${serve.port}=${serve.token}` } });
    const first = new Promise<string>((resolve) => ws.once('message', (d: Buffer) => resolve(d.toString('utf8'))));
    await opened(ws);
    expect(JSON.parse(await first)).toMatchObject({ hello: { build: expect.any(String), version: expect.any(String) } });
    ws.close();
  });

  it('closes a socket that sends a malformed or oversized message, with the reason; other sockets carry on', async () => {
    const bystander = await ApiClient.connect(serve);
    const cases: [string | Buffer, number, RegExp][] = [
      ['not json', 1008, /not JSON/],
      [JSON.stringify({ id: 1, method: 'doctor', extra: true }), 1008, /invalid message/],
      [JSON.stringify({ sub: 'no.such.channel' }), 1008, /invalid message/],
      [Buffer.from([1, 2, 3]), 1008, /binary/],
      ['x'.repeat(MAX_MESSAGE_BYTES + 1), 1009, /^$/], // ws itself closes with 1009 ("message too big")
    ];
    for (const [message, code, reason] of cases) {
      const c = await ApiClient.connect(serve);
      const end = ended(c.ws);
      c.ws.send(message, { binary: Buffer.isBuffer(message) });
      expect(await end).toMatchObject({ code, reason: expect.stringMatching(reason) });
    }
    expect(await bystander.call<PodStatus[]>('pods.list', { group: GROUP })).toEqual([expect.objectContaining({ name: POD })]);
    bystander.close();
  });
});

describe('podlab serve: the contract over /api', () => {
  it('reports progress of a followed log and stops it on cancel', async () => {
    const logs = api.begin<{ cancelled: boolean }>('pods.logs', { name: POD, follow: true });
    await until('log output as progress', () =>
      logs.progress.some((p) => Buffer.from((p as { base64?: string }).base64 ?? '', 'base64').toString() === 'serve-log-42\n'),
    );
    api.send({ id: logs.id, cancel: true });
    expect(await logs.result).toEqual({ cancelled: true });
  });

  it('sends pods.changed to a subscriber when the CLI applies a Pod, and the CLI ran it in serve\'s process', async () => {
    api.send({ sub: 'pods.changed' });
    await until('the first pods.changed', () => api.events.some((e) => e.event === 'pods.changed'));
    const file = path.join(serve.stateDir, 'cli-pod.yaml');
    writeFileSync(file, podYaml(CLI_POD, 'exec sleep 100000'));
    const applied = await podlab(serve, 'pod', 'apply', '-f', file, '--group', GROUP);
    expect(applied).toMatchObject({ code: 0, stdout: expect.stringContaining(`${CLI_POD} created`) });
    await until('the CLI-made Pod in an event', () =>
      api.events.some((e) => e.event === 'pods.changed' && e.payload.some((p) => p.name === CLI_POD)),
    );
    // One build id: the hello, the CLI bundle (which found serve on the supervisor socket), the desktop's compiled tree.
    const status = await podlab(serve, 'supervisor', 'status', '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ pid: serve.pid, build: api.hello?.build });
    const stamped = readFileSync(path.join(ROOT, 'dist', 'build-id'), 'utf8').trim();
    expect(api.hello?.build).toBe(stamped);
    expect(stamped).toMatch(/^[0-9a-f]{12}$/);
    const desktop = (await import(path.join(ROOT, 'dist/electron/engine/daemon.js'))) as { buildId(): string };
    expect(desktop.buildId()).toBe(stamped);
    api.send({ unsub: 'pods.changed' });
  });
});

describe('podlab serve: terminal streams', () => {
  let id = '';
  let t: TerminalClient;
  const stats = () => api.call<FlowStats>('terminals.stats', { id });

  beforeAll(async () => {
    id = (await api.call<SessionInfo>('terminals.open', { target: { kind: 'container', pod: POD, container: 'shell' }, cols: 80, rows: 24 })).id;
    t = await TerminalClient.attach(serve, id);
    await t.waitText(/[#$] $/, 'prompt');
  });

  it('echoes input and resizes the TTY', async () => {
    t.input('echo serve-$((6*7))\r');
    await t.waitText(/^serve-42\r$/m, 'echo');
    t.json({ type: 'resize', cols: 100, rows: 30 });
    // Rows apply at once, columns after a debounce (resizer.ts): ask again until both have landed.
    await until('the new size in stty', async () => {
      t.input('stty size\r');
      await new Promise((r) => setTimeout(r, 200));
      return /^30 100\r$/m.test(t.text());
    }, 20_000);
  });

  it('carries CJK bytes split across frames intact, both ways', async () => {
    t.input('echo ready-$((1+1)); head -n 1 | od -An -tx1\r');
    await t.waitText(/^ready-2\r$/m, 'head running');
    // Every frame ends inside a character: 中文測試 is 12 bytes, sent two at a time.
    const typed = Buffer.from('中文測試\r');
    for (let i = 0; i < typed.length; i += 2) t.input(typed.subarray(i, i + 2));
    await t.waitText(/e4 b8 ad e6 96 87 e6 b8 ac e8 a9 a6 0a/, 'the bytes head read');
    t.input("printf 'out:\\344\\270\\255\\346\\226\\207\\n'\r");
    await t.waitText(/^out:中文\r$/m, 'CJK output');
    expect(t.text()).not.toContain('\uFFFD');
  });

  it('survives a reload: the session stays, a new viewer gets the replay and goes on', async () => {
    const gone = ended(t.ws);
    t.close();
    await gone;
    expect((await api.call<SessionInfo[]>('terminals.list')).map((s) => s.id)).toContain(id);
    t = await TerminalClient.attach(serve, id);
    expect(t.replay).toContain('serve-42');
    t.input('echo again-$((2+3))\r');
    await t.waitText(/^again-5\r$/m, 'live after the reload');
  });

  it('under a flood, a viewer that stops acknowledging holds the source paused with bounded bytes, then catches up', async () => {
    t.holdAcks = true;
    t.input('seq 1 3000000; echo flood-$((6*7))\r');
    await until('source paused', async () => (await stats()).paused);
    let last = -1;
    await until('output stopped growing', async () => {
      const stable = t.received === last;
      last = t.received;
      await new Promise((r) => setTimeout(r, 300));
      return stable && t.received === last;
    });
    expect(t.received - t.acked).toBeLessThanOrEqual(HIGH_WATERMARK + BATCH_CAP);
    expect(await stats()).toMatchObject({ paused: true });
    expect(t.text()).not.toMatch(/flood-42/);
    t.releaseAcks();
    await t.waitText(/^flood-42\r$/m, 'the end of the flood', 90_000);
    expect(t.received).toBeGreaterThan(20_000_000); // seq 1 3000000 writes 20.9 MB
    expect((await stats()).resumes).toBeGreaterThan(0);
  }, 120_000);

  it('ends the viewer with a reason when the session is closed, and refuses an unknown session', async () => {
    const end = ended(t.ws);
    expect(await api.call('terminals.close', { id })).toEqual({ closed: true });
    expect(await end).toMatchObject({ code: 1000 });
    expect(t.control.at(-1)).toMatchObject({ type: 'closed', reason: expect.any(String) });
    const again = new WebSocket(serve.wsUrl(`/terminal/${id}`), { origin: serve.origin });
    expect(await ended(again)).toMatchObject({ code: 4404, reason: expect.stringMatching(/no terminal session/) });
  });
});
