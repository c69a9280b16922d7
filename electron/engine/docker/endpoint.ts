// Which Docker engine to talk to, decided the way the docker CLI decides it (explicit host,
// DOCKER_HOST, DOCKER_CONTEXT, config.json's currentContext, the default socket), so `podlab` and
// `docker` in the same shell reach the same engine. Reads docker/cli's context store as it is on
// disk: contexts/meta/<sha256(name)>/meta.json and contexts/tls/<sha256(name)>/docker/*.pem.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PodlabError } from '../base/errors.js';
import type { Endpoint, EndpointSource } from './client.js';

export interface ResolveEndpointOptions {
  /** Podlab's own setting (config.dockerHost); wins over everything. */
  setting?: string | undefined;
  env?: NodeJS.ProcessEnv;
  home?: string;
  platform?: NodeJS.Platform;
}

/** The name docker/cli gives the context that means "DOCKER_HOST or the default socket". */
export const DEFAULT_CONTEXT = 'default';

export function defaultEndpointUrl(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

/** `$DOCKER_CONFIG`, else `~/.docker` — where config.json and the context store live. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  return env.DOCKER_CONFIG || path.join(home, '.docker');
}

/** docker/cli stores a context under the hex SHA-256 of its name. */
export function contextStoreId(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** "(from DOCKER_HOST)"-style words for messages: where this endpoint came from. */
export function describeEndpointSource(endpoint: Endpoint): string {
  switch (endpoint.source) {
    case 'setting':
      return "from Podlab's Docker host setting";
    case 'DOCKER_HOST':
      return 'from DOCKER_HOST';
    case 'context':
      return `from Docker context "${endpoint.context ?? ''}"${endpoint.contextFrom ? `, selected by ${endpoint.contextFrom}` : ''}`;
    case 'default':
      return 'the default socket';
  }
}

const SCHEMES = ['unix', 'npipe', 'tcp', 'http', 'https', 'ssh'];

/**
 * Normalizes a host the way docker/cli accepts it: `host:port` means tcp, an absolute path means a
 * unix socket, `unix://` alone means the default socket. Anything else is a clear USAGE error.
 */
function normalizeHost(raw: string, origin: string): string {
  const value = raw.trim();
  const invalid = (why: string) =>
    new PodlabError('USAGE', `${origin}="${raw}" is not a Docker endpoint: ${why}`, {
      hint: 'use unix:///path/to/docker.sock, tcp://host:port, ssh://user@host or npipe:////./pipe/name',
    });
  if (value.startsWith('/')) return `unix://${value}`;
  const sep = value.indexOf('://');
  if (sep < 0) return normalizeHost(`tcp://${value}`, origin);
  const scheme = value.slice(0, sep).toLowerCase();
  const rest = value.slice(sep + 3);
  if (!SCHEMES.includes(scheme)) throw invalid(`unknown scheme "${scheme}"`);
  if (scheme === 'unix' || scheme === 'npipe') {
    if (rest) return `${scheme}://${rest}`;
    return defaultEndpointUrl(scheme === 'npipe' ? 'win32' : 'linux');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('the address cannot be parsed');
  }
  if (!url.hostname) throw invalid('it names no host');
  return value;
}

function isTcp(url: string): boolean {
  return url.startsWith('tcp://') || url.startsWith('https://');
}

/** DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH, applied to a tcp host given as a setting or DOCKER_HOST. */
function envTls(url: string, env: NodeJS.ProcessEnv, configDir: string): Pick<Endpoint, 'tls' | 'tlsVerify' | 'tlsDir'> {
  // docker/cli: any non-empty DOCKER_TLS_VERIFY (even "0") turns verification on.
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  if (!isTcp(url) || !(verify || env.DOCKER_TLS)) return {};
  return { tls: true, tlsVerify: verify, tlsDir: env.DOCKER_CERT_PATH || configDir };
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PodlabError('USAGE', `cannot read ${what} ${file}: ${(err as Error).message}`, {
      location: { file },
      hint: `check the file's permissions, or set DOCKER_HOST to bypass it`,
      cause: err,
    });
  }
  // docker/cli accepts an empty config file.
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new PodlabError('USAGE', `${what} ${file} is not valid JSON: ${(err as Error).message}`, {
      location: { file },
      hint: 'fix the file (or move it away so docker recreates it), or set DOCKER_HOST to bypass it',
      cause: err,
    });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The context name to use (DOCKER_CONTEXT, else config.json's currentContext), and what chose it. */
async function selectedContext(env: NodeJS.ProcessEnv, configDir: string): Promise<{ name: string; from: string } | undefined> {
  if (env.DOCKER_CONTEXT) return { name: env.DOCKER_CONTEXT, from: 'DOCKER_CONTEXT' };
  const file = path.join(configDir, 'config.json');
  const cfg = await readJson(file, "Docker's config file");
  if (cfg === undefined) return undefined;
  if (!isRecord(cfg)) {
    throw new PodlabError('USAGE', `Docker's config file ${file} is not a JSON object`, {
      location: { file },
      hint: 'fix the file (or move it away so docker recreates it), or set DOCKER_HOST to bypass it',
    });
  }
  const current = cfg.currentContext;
  if (current === undefined || current === '') return undefined;
  if (typeof current !== 'string') {
    throw new PodlabError('USAGE', `currentContext in ${file} is not a string`, {
      location: { file, field: 'currentContext' },
      hint: 'run `docker context use default` to rewrite it',
    });
  }
  return { name: current, from: file };
}

async function contextEndpoint(
  name: string,
  from: string,
  configDir: string,
  platform: NodeJS.Platform,
): Promise<Endpoint> {
  const base = { source: 'context' as EndpointSource, context: name, contextFrom: from };
  if (name === DEFAULT_CONTEXT) return { url: defaultEndpointUrl(platform), ...base };

  const id = contextStoreId(name);
  const metaFile = path.join(configDir, 'contexts', 'meta', id, 'meta.json');
  const meta = await readJson(metaFile, `the metadata of Docker context "${name}",`);
  if (meta === undefined) {
    const chosenBy = from === 'DOCKER_CONTEXT' ? 'DOCKER_CONTEXT' : `currentContext in ${from}`;
    throw new PodlabError('USAGE', `Docker context "${name}" (${chosenBy}) does not exist: no ${metaFile}`, {
      ...(from === 'DOCKER_CONTEXT' ? {} : { location: { file: from, field: 'currentContext' } }),
      hint:
        from === 'DOCKER_CONTEXT'
          ? 'run `docker context ls` to see the contexts, then set DOCKER_CONTEXT to one of them or unset it'
          : 'run `docker context ls` to see the contexts, then `docker context use <name>` (or `docker context use default`)',
    });
  }
  const endpoints = isRecord(meta) && isRecord(meta.Endpoints) ? meta.Endpoints : undefined;
  const docker = endpoints && isRecord(endpoints.docker) ? endpoints.docker : undefined;
  if (!docker) {
    throw new PodlabError('USAGE', `Docker context "${name}" has no docker endpoint (Endpoints.docker in ${metaFile})`, {
      location: { file: metaFile, field: 'Endpoints.docker' },
      hint: `recreate it with \`docker context create ${name} --docker host=…\`, or choose another context`,
    });
  }
  const host = typeof docker.Host === 'string' ? docker.Host : '';
  const url = host ? normalizeHost(host, `Endpoints.docker.Host in ${metaFile}`) : defaultEndpointUrl(platform);
  const endpoint: Endpoint = { url, ...base };
  if (isTcp(url)) {
    const skipVerify = docker.SkipTLSVerify === true;
    const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
    const hasTlsData = await stat(tlsDir).then((s) => s.isDirectory(), () => false);
    // docker/cli: TLS when the context has TLS material or asks to skip verification.
    if (hasTlsData || skipVerify) {
      endpoint.tls = true;
      endpoint.tlsVerify = !skipVerify;
      if (hasTlsData) endpoint.tlsDir = tlsDir;
    }
  }
  return endpoint;
}

export async function resolveEndpoint(opts: ResolveEndpointOptions = {}): Promise<Endpoint> {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const configDir = dockerConfigDir(env, opts.home ?? os.homedir());

  if (opts.setting?.trim()) {
    const url = normalizeHost(opts.setting, "Podlab's Docker host setting");
    return { url, source: 'setting', ...envTls(url, env, configDir) };
  }
  // docker/cli: a non-empty DOCKER_HOST wins over DOCKER_CONTEXT and the config file.
  if (env.DOCKER_HOST?.trim()) {
    const url = normalizeHost(env.DOCKER_HOST, 'DOCKER_HOST');
    return { url, source: 'DOCKER_HOST', ...envTls(url, env, configDir) };
  }
  const ctx = await selectedContext(env, configDir);
  if (ctx) return contextEndpoint(ctx.name, ctx.from, configDir, platform);
  return { url: defaultEndpointUrl(platform), source: 'default' };
}
