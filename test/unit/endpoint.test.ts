// Endpoint resolution in docker/cli's order, over temporary HOME/DOCKER_CONFIG directories holding
// config.json and context-store files in the format `docker context create` writes; then the client
// built for an endpoint, proven against small fake engines on loopback and unix sockets.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../support/rejection.js';
import type { Endpoint } from '../../electron/engine/docker/client.js';
import { connectTo, explainUnreachable } from '../../electron/engine/docker/connect.js';
import { contextStoreId, describeEndpointSource, resolveEndpoint } from '../../electron/engine/docker/endpoint.js';

const tmpRoots: string[] = [];
function tmpdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podlab-endpoint-'));
  tmpRoots.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tmpRoots) fs.rmSync(d, { recursive: true, force: true });
});

function writeConfig(configDir: string, content: unknown): string {
  fs.mkdirSync(configDir, { recursive: true });
  const file = path.join(configDir, 'config.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, '\t'));
  return file;
}

/** Writes a context the way `docker context create` lays it out on disk. */
function writeContext(
  configDir: string,
  name: string,
  docker: { Host: string; SkipTLSVerify?: boolean } | undefined,
  tls?: Record<string, string>,
): string {
  const id = contextStoreId(name);
  const metaDir = path.join(configDir, 'contexts', 'meta', id);
  fs.mkdirSync(metaDir, { recursive: true });
  const endpoints = docker ? { docker: { Host: docker.Host, SkipTLSVerify: docker.SkipTLSVerify ?? false } } : {};
  fs.writeFileSync(path.join(metaDir, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: endpoints }));
  if (tls) {
    const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
    fs.mkdirSync(tlsDir, { recursive: true });
    for (const [file, pem] of Object.entries(tls)) fs.writeFileSync(path.join(tlsDir, file), pem);
  }
  return path.join(metaDir, 'meta.json');
}

describe('resolveEndpoint: order', () => {
  it('falls back to the default socket when nothing is configured', async () => {
    const home = tmpdir();
    expect(await resolveEndpoint({ env: {}, home, platform: 'linux' })).toEqual({ url: 'unix:///var/run/docker.sock', source: 'default' });
    expect(await resolveEndpoint({ env: {}, home, platform: 'darwin' })).toEqual({ url: 'unix:///var/run/docker.sock', source: 'default' });
    expect(await resolveEndpoint({ env: {}, home, platform: 'win32' })).toEqual({ url: 'npipe:////./pipe/docker_engine', source: 'default' });
  });

  it('stores contexts under the SHA-256 of the name, as docker/cli does', () => {
    // The directory `docker context create foo` made on this machine.
    expect(contextStoreId('foo')).toBe('2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae');
  });

  it('the setting wins over DOCKER_HOST, DOCKER_CONTEXT and config.json', async () => {
    const home = tmpdir();
    const cfg = path.join(home, '.docker');
    writeConfig(cfg, { auths: {}, currentContext: 'colima' });
    writeContext(cfg, 'colima', { Host: 'unix:///colima.sock' });
    const env = { DOCKER_HOST: 'tcp://127.0.0.1:2375', DOCKER_CONTEXT: 'colima' };
    expect(await resolveEndpoint({ setting: 'unix:///setting.sock', env, home })).toEqual({ url: 'unix:///setting.sock', source: 'setting' });
  });

  it('DOCKER_HOST wins over DOCKER_CONTEXT and config.json; an empty one counts as unset', async () => {
    const home = tmpdir();
    const cfg = path.join(home, '.docker');
    writeConfig(cfg, { currentContext: 'colima' });
    writeContext(cfg, 'colima', { Host: 'unix:///colima.sock' });
    expect(await resolveEndpoint({ env: { DOCKER_HOST: 'unix:///env.sock', DOCKER_CONTEXT: 'colima' }, home })).toEqual({
      url: 'unix:///env.sock',
      source: 'DOCKER_HOST',
    });
    const viaConfig = await resolveEndpoint({ env: { DOCKER_HOST: '' }, home });
    expect(viaConfig).toMatchObject({ url: 'unix:///colima.sock', source: 'context', context: 'colima' });
  });

  it('DOCKER_CONTEXT wins over currentContext', async () => {
    const home = tmpdir();
    const cfg = path.join(home, '.docker');
    writeConfig(cfg, { currentContext: 'colima' });
    writeContext(cfg, 'colima', { Host: 'unix:///colima.sock' });
    writeContext(cfg, 'remote', { Host: 'tcp://127.0.0.1:2375' });
    expect(await resolveEndpoint({ env: { DOCKER_CONTEXT: 'remote' }, home })).toEqual({
      url: 'tcp://127.0.0.1:2375',
      source: 'context',
      context: 'remote',
      contextFrom: 'DOCKER_CONTEXT',
    });
  });

  it("reads currentContext from ~/.docker/config.json, or $DOCKER_CONFIG's instead", async () => {
    const home = tmpdir();
    const homeCfg = path.join(home, '.docker');
    const homeFile = writeConfig(homeCfg, { currentContext: 'desktop-linux' });
    writeContext(homeCfg, 'desktop-linux', { Host: `unix://${home}/.docker/run/docker.sock` });
    expect(await resolveEndpoint({ env: {}, home })).toEqual({
      url: `unix://${home}/.docker/run/docker.sock`,
      source: 'context',
      context: 'desktop-linux',
      contextFrom: homeFile,
    });

    const other = tmpdir();
    const otherFile = writeConfig(other, { currentContext: 'orbstack' });
    writeContext(other, 'orbstack', { Host: 'unix:///orb.sock' });
    expect(await resolveEndpoint({ env: { DOCKER_CONFIG: other }, home })).toEqual({
      url: 'unix:///orb.sock',
      source: 'context',
      context: 'orbstack',
      contextFrom: otherFile,
    });
  });

  it('context "default" means the default socket', async () => {
    const home = tmpdir();
    writeConfig(path.join(home, '.docker'), { currentContext: 'default' });
    expect(await resolveEndpoint({ env: {}, home, platform: 'linux' })).toMatchObject({
      url: 'unix:///var/run/docker.sock',
      context: 'default',
    });
    expect(await resolveEndpoint({ env: { DOCKER_CONTEXT: 'default' }, home, platform: 'win32' })).toMatchObject({
      url: 'npipe:////./pipe/docker_engine',
      context: 'default',
    });
  });

  it('a config.json that is empty or names no context leads to the default socket', async () => {
    const a = tmpdir();
    writeConfig(a, '');
    expect(await resolveEndpoint({ env: { DOCKER_CONFIG: a }, platform: 'linux' })).toEqual({ url: 'unix:///var/run/docker.sock', source: 'default' });
    const b = tmpdir();
    writeConfig(b, { auths: {}, credsStore: 'desktop' });
    expect(await resolveEndpoint({ env: { DOCKER_CONFIG: b }, platform: 'linux' })).toEqual({ url: 'unix:///var/run/docker.sock', source: 'default' });
  });

  it('normalizes hosts the way docker/cli accepts them', async () => {
    const home = tmpdir();
    const r = (setting: string) => resolveEndpoint({ setting, env: {}, home, platform: 'linux' }).then((e) => e.url);
    expect(await r('/run/user/1000/docker.sock')).toBe('unix:///run/user/1000/docker.sock');
    expect(await r('127.0.0.1:2375')).toBe('tcp://127.0.0.1:2375');
    expect(await r('unix://')).toBe('unix:///var/run/docker.sock');
    expect(await r('ssh://me@builder')).toBe('ssh://me@builder');
  });
});

describe('resolveEndpoint: errors name the file and the next step', () => {
  it('a currentContext that does not exist names the context, config.json and `docker context ls`', async () => {
    const home = tmpdir();
    const file = writeConfig(path.join(home, '.docker'), { currentContext: 'gone' });
    const err = await rejection(resolveEndpoint({ env: {}, home }));
    expect(err.code).toBe('USAGE');
    expect(err.message).toContain('"gone"');
    expect(err.message).toContain(file);
    expect(err.location).toEqual({ file, field: 'currentContext' });
    expect(err.hint).toContain('docker context ls');
  });

  it('a DOCKER_CONTEXT that does not exist says so', async () => {
    const err = await rejection(resolveEndpoint({ env: { DOCKER_CONTEXT: 'nope' }, home: tmpdir() }));
    expect(err.code).toBe('USAGE');
    expect(err.message).toContain('"nope" (DOCKER_CONTEXT)');
    expect(err.hint).toContain('docker context ls');
    expect(err.hint).toContain('DOCKER_CONTEXT');
  });

  it('a broken config.json is named', async () => {
    const home = tmpdir();
    const file = writeConfig(path.join(home, '.docker'), '{"currentContext": "colima",');
    const err = await rejection(resolveEndpoint({ env: {}, home }));
    expect(err.code).toBe('USAGE');
    expect(err.message).toContain(file);
    expect(err.message).toContain('not valid JSON');
    expect(err.location?.file).toBe(file);
    // DOCKER_HOST skips the file entirely, as the hint says.
    expect(err.hint).toContain('DOCKER_HOST');
    expect(await resolveEndpoint({ env: { DOCKER_HOST: 'unix:///x.sock' }, home })).toMatchObject({ source: 'DOCKER_HOST' });
  });

  it('a non-string currentContext is named by field', async () => {
    const home = tmpdir();
    const file = writeConfig(path.join(home, '.docker'), { currentContext: 42 });
    const err = await rejection(resolveEndpoint({ env: {}, home }));
    expect(err.location).toEqual({ file, field: 'currentContext' });
  });

  it('a context without a docker endpoint, or with a broken meta.json, is named', async () => {
    const cfg = tmpdir();
    const meta = writeContext(cfg, 'k8s-only', undefined);
    const err = await rejection(resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'k8s-only' } }));
    expect(err.message).toContain(meta);
    expect(err.location?.field).toBe('Endpoints.docker');

    const broken = writeContext(cfg, 'broken', { Host: 'unix:///x.sock' });
    fs.writeFileSync(broken, '{');
    const err2 = await rejection(resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'broken' } }));
    expect(err2.message).toContain(broken);
    expect(err2.message).toContain('not valid JSON');
  });

  it('an unknown scheme in DOCKER_HOST is a USAGE error naming DOCKER_HOST', async () => {
    const err = await rejection(resolveEndpoint({ env: { DOCKER_HOST: 'ftp://example' }, home: tmpdir() }));
    expect(err.code).toBe('USAGE');
    expect(err.message).toContain('DOCKER_HOST="ftp://example"');
    expect(err.hint).toContain('unix://');
  });
});

describe('resolveEndpoint: TLS', () => {
  it('a tcp context with TLS material verifies with it; SkipTLSVerify alone means TLS without verification', async () => {
    const cfg = tmpdir();
    writeContext(cfg, 'secure', { Host: 'tcp://127.0.0.1:2376' }, { 'ca.pem': 'x' });
    expect(await resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'secure' } })).toEqual({
      url: 'tcp://127.0.0.1:2376',
      source: 'context',
      context: 'secure',
      contextFrom: 'DOCKER_CONTEXT',
      tls: true,
      tlsVerify: true,
      tlsDir: path.join(cfg, 'contexts', 'tls', contextStoreId('secure'), 'docker'),
    });
    writeContext(cfg, 'skip', { Host: 'tcp://127.0.0.1:2376', SkipTLSVerify: true });
    const skip = await resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'skip' } });
    expect(skip).toMatchObject({ tls: true, tlsVerify: false });
    expect(skip.tlsDir).toBeUndefined();
    writeContext(cfg, 'plain', { Host: 'tcp://127.0.0.1:2375' });
    const plain = await resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'plain' } });
    expect(plain.tls).toBeUndefined();
  });

  it('DOCKER_TLS_VERIFY takes certificates from DOCKER_CERT_PATH, else from the config directory', async () => {
    const home = tmpdir();
    const env = { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' };
    expect(await resolveEndpoint({ env, home })).toMatchObject({ tls: true, tlsVerify: true, tlsDir: '/certs' });
    expect(await resolveEndpoint({ env: { ...env, DOCKER_CERT_PATH: '' }, home })).toMatchObject({ tlsDir: path.join(home, '.docker') });
    expect(await resolveEndpoint({ env: { DOCKER_HOST: env.DOCKER_HOST, DOCKER_TLS: '1' }, home })).toMatchObject({ tls: true, tlsVerify: false });
    // TLS settings mean nothing for a socket.
    expect(await resolveEndpoint({ env: { ...env, DOCKER_HOST: 'unix:///x.sock' }, home })).toEqual({ url: 'unix:///x.sock', source: 'DOCKER_HOST' });
  });
});

describe('describeEndpointSource', () => {
  it('says where the endpoint came from', () => {
    expect(describeEndpointSource({ url: 'u', source: 'DOCKER_HOST' })).toBe('from DOCKER_HOST');
    expect(describeEndpointSource({ url: 'u', source: 'default' })).toBe('the default socket');
    expect(describeEndpointSource({ url: 'u', source: 'context', context: 'colima', contextFrom: '/h/.docker/config.json' })).toBe(
      'from Docker context "colima", selected by /h/.docker/config.json',
    );
  });
});

describe('explainUnreachable', () => {
  const endpoint: Endpoint = { url: 'unix:///var/run/docker.sock', source: 'default' };
  const errno = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

  it('a permission error points at the docker group', () => {
    const err = explainUnreachable(endpoint, errno('EACCES'), { platform: 'linux', home: tmpdir(), env: {} });
    expect(err.code).toBe('ENGINE_UNREACHABLE');
    expect(err.message).toBe('no Docker engine answers at unix:///var/run/docker.sock (the default socket): permission denied on /var/run/docker.sock');
    expect(err.hint).toContain('docker` group');
  });

  it('a missing socket gets advice for the platform and the source', () => {
    const mac = explainUnreachable({ url: 'unix:///x.sock', source: 'DOCKER_HOST' }, errno('ENOENT'), { platform: 'darwin', home: tmpdir(), env: {} });
    expect(mac.message).toContain('(from DOCKER_HOST): /x.sock does not exist');
    expect(mac.hint).toContain('Colima');
    expect(mac.hint).toContain('DOCKER_HOST');
    const linux = explainUnreachable({ url: 'unix:///x.sock', source: 'default' }, errno('ECONNREFUSED'), { platform: 'linux', home: tmpdir(), env: {} });
    expect(linux.hint).toContain('sudo systemctl start docker');
  });

  it("names another engine's socket when one exists", async () => {
    const home = tmpdir();
    const sockPath = path.join(home, '.colima', 'default', 'docker.sock');
    fs.mkdirSync(path.dirname(sockPath), { recursive: true });
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(sockPath, resolve));
    try {
      const err = explainUnreachable({ url: 'unix:///nowhere.sock', source: 'default' }, errno('ENOENT'), { platform: 'darwin', home, env: {} });
      expect(err.hint).toContain(`DOCKER_HOST=unix://${sockPath}`);
    } finally {
      server.close();
    }
  });
});

// ---- The client for an endpoint, against fake engines (loopback TCP and unix sockets only) ----

const FAKE_VERSION = { Version: '99.0-fake', ApiVersion: '1.99', MinAPIVersion: '1.12', Os: 'linux', Arch: 'amd64', Platform: { Name: '' }, Components: [] };

function answerVersion(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.url?.endsWith('/version')) {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(FAKE_VERSION));
  } else {
    res.statusCode = 404;
    res.end('{"message":"page not found"}');
  }
}

function listen(server: net.Server, where: string | 0): Promise<number> {
  return new Promise((resolve) => {
    const done = () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    };
    if (where === 0) server.listen(0, '127.0.0.1', done);
    else server.listen(where, done);
  });
}

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('connectTo: the client follows the endpoint, not the environment', () => {
  it('talks to the endpoint socket even when DOCKER_HOST points elsewhere', async () => {
    const sock = path.join(tmpdir(), 'engine.sock');
    const server = http.createServer(answerVersion);
    servers.push(server);
    await listen(server, sock);
    const saved = process.env.DOCKER_HOST;
    // docker-modem reads process.env.DOCKER_HOST on its own; the resolved endpoint must win.
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
    try {
      const { version } = await connectTo({ url: `unix://${sock}`, source: 'setting' });
      expect(version).toMatchObject({ version: '99.0-fake', apiVersion: '1.99', os: 'linux', arch: 'amd64' });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  it('an endpoint that accepts but never answers fails with ENGINE_UNREACHABLE after the bound', async () => {
    const sock = path.join(tmpdir(), 'silent.sock');
    const held: net.Socket[] = [];
    const server = net.createServer((s) => held.push(s));
    servers.push(server);
    await listen(server, sock);
    const err = await rejection(connectTo({ url: `unix://${sock}`, source: 'setting' }, { timeoutMs: 300 }));
    for (const s of held) s.destroy();
    expect(err.code).toBe('ENGINE_UNREACHABLE');
    expect(err.message).toContain('no answer within 0.3 s');
    expect(err.hint).toContain('PODLAB_DOCKER_HOST');
  });

  it('something that is not a Docker engine is called out', async () => {
    const sock = path.join(tmpdir(), 'web.sock');
    const server = http.createServer((_req, res) => {
      res.statusCode = 404;
      res.end('nope');
    });
    servers.push(server);
    await listen(server, sock);
    const err = await rejection(connectTo({ url: `unix://${sock}`, source: 'DOCKER_HOST' }));
    expect(err.code).toBe('ENGINE_UNREACHABLE');
    expect(err.message).toContain('not like a Docker engine (HTTP 404)');
  });
});

describe('connectTo: TLS material reaches the wire', () => {
  let pki: string;
  const pem = (f: string) => fs.readFileSync(path.join(pki, f), 'utf8');

  beforeAll(() => {
    pki = tmpdir();
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki, stdio: 'pipe' });
    // A self-signed server certificate for 127.0.0.1 doubles as the CA; the client has its own.
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=podlab-test-engine',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', 'server-key.pem', '-out', 'server.pem');
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=podlab-test-client',
      '-keyout', 'client-key.pem', '-out', 'client.pem');
  });

  async function tlsEngine(): Promise<{ port: number; clientNames: string[] }> {
    const clientNames: string[] = [];
    const server = https.createServer(
      { key: pem('server-key.pem'), cert: pem('server.pem'), requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
        const cn = peer?.subject?.CN;
        if (cn) clientNames.push(...[cn].flat());
        answerVersion(req, res);
      },
    );
    servers.push(server);
    return { port: await listen(server, 0), clientNames };
  }

  it("a context's ca.pem, cert.pem and key.pem are used", async () => {
    const { port, clientNames } = await tlsEngine();
    const cfg = tmpdir();
    writeContext(cfg, 'tls', { Host: `tcp://127.0.0.1:${port}` }, {
      'ca.pem': pem('server.pem'),
      'cert.pem': pem('client.pem'),
      'key.pem': pem('client-key.pem'),
    });
    const endpoint = await resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'tls' } });
    const { version } = await connectTo(endpoint);
    expect(version.version).toBe('99.0-fake');
    expect(clientNames).toEqual(['podlab-test-client']);
  });

  it('verification fails without the right CA, with a TLS hint; SkipTLSVerify connects anyway', async () => {
    const { port } = await tlsEngine();
    const cfg = tmpdir();
    writeContext(cfg, 'noca', { Host: `tcp://127.0.0.1:${port}` }, { 'cert.pem': pem('client.pem'), 'key.pem': pem('client-key.pem') });
    const err = await rejection(connectTo(await resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'noca' } })));
    expect(err.code).toBe('ENGINE_UNREACHABLE');
    expect(err.message).toContain('TLS failed');
    expect(err.hint).toContain('ca.pem');

    writeContext(cfg, 'skip', { Host: `tcp://127.0.0.1:${port}`, SkipTLSVerify: true });
    const { version } = await connectTo(await resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'skip' } }));
    expect(version.version).toBe('99.0-fake');
  });

  it('DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH connects over verified TLS', async () => {
    const { port, clientNames } = await tlsEngine();
    const certs = tmpdir();
    fs.writeFileSync(path.join(certs, 'ca.pem'), pem('server.pem'));
    fs.writeFileSync(path.join(certs, 'cert.pem'), pem('client.pem'));
    fs.writeFileSync(path.join(certs, 'key.pem'), pem('client-key.pem'));
    const env = { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs };
    const { version } = await connectTo(await resolveEndpoint({ env, home: tmpdir() }));
    expect(version.version).toBe('99.0-fake');
    expect(clientNames).toEqual(['podlab-test-client']);
  });
});
