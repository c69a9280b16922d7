// Reaching the engine at the start of every command: resolve the endpoint, ask `/version` once with a
// short bound (one round-trip proves the engine answers and says what it is), and turn every way of
// failing into ENGINE_UNREACHABLE with the next step for this machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import type { PodlabConfig } from '../base/config.js';
import { PodlabError } from '../base/errors.js';
import { createDocker, type Endpoint } from './client.js';
import { describeEndpointSource, resolveEndpoint, type ResolveEndpointOptions } from './endpoint.js';

/** Long enough for an engine under load, short enough that a dead endpoint does not feel like a hang. */
export const CONNECT_TIMEOUT_MS = 5_000;

export interface ConnectOptions extends Omit<ResolveEndpointOptions, 'setting'> {
  /** Bound for the `/version` round-trip. */
  timeoutMs?: number;
}

export interface EngineVersion {
  /** Server version, e.g. 20.10.24+dfsg1. */
  version: string;
  apiVersion: string;
  minApiVersion?: string | undefined;
  os: string;
  arch: string;
  kernelVersion?: string | undefined;
  /** e.g. "Docker Desktop 4.38.0 (181591)"; empty for a plain engine. */
  platformName?: string | undefined;
  /** Engine, containerd, runc… as the engine lists them (Podman lists "Podman Engine"). */
  components: { name: string; version: string }[];
}

export interface DockerConnection {
  docker: Docker;
  endpoint: Endpoint;
  version: EngineVersion;
}

/** Calls that take an abortSignal: dockerode hands it to docker-modem, but @types/dockerode omits it. */
export interface AbortableCalls {
  version(opts: { abortSignal: AbortSignal }): Promise<unknown>;
  info(opts: { abortSignal: AbortSignal }): Promise<unknown>;
}

export function abortable(docker: Docker): AbortableCalls {
  return docker;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function parseVersion(body: unknown): EngineVersion | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const version = str(b.Version);
  const apiVersion = str(b.ApiVersion);
  if (!version || !apiVersion) return undefined;
  const platform = b.Platform as Record<string, unknown> | undefined;
  const components = Array.isArray(b.Components) ? (b.Components as Record<string, unknown>[]) : [];
  return {
    version,
    apiVersion,
    minApiVersion: str(b.MinAPIVersion),
    os: str(b.Os) ?? '',
    arch: str(b.Arch) ?? '',
    kernelVersion: str(b.KernelVersion),
    platformName: str(platform?.Name) || undefined,
    components: components.map((c) => ({ name: str(c.Name) ?? '', version: str(c.Version) ?? '' })),
  };
}

/** Sockets other engines leave behind; naming one that exists turns "start Docker" into "point at it". */
function otherSockets(tried: string, env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform): string[] {
  if (platform === 'win32') return [];
  // The user's own engines first: they are what a failed default most likely meant.
  const candidates = [
    path.join(home, '.docker', 'run', 'docker.sock'), // Docker Desktop (macOS, Linux)
    path.join(home, '.docker', 'desktop', 'docker.sock'),
    path.join(home, '.colima', 'default', 'docker.sock'),
    path.join(home, '.colima', 'docker.sock'),
    path.join(home, '.orbstack', 'run', 'docker.sock'),
    path.join(home, '.rd', 'docker.sock'), // Rancher Desktop
    ...(env.XDG_RUNTIME_DIR ? [path.join(env.XDG_RUNTIME_DIR, 'docker.sock')] : []), // rootless Docker
    '/var/run/docker.sock',
  ];
  return [...new Set(candidates)]
    .filter((p) => `unix://${p}` !== tried)
    .filter((p) => {
      try {
        return fs.statSync(p).isSocket();
      } catch {
        return false;
      }
    })
    .map((p) => `unix://${p}`);
}

function startAdvice(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'start Docker Desktop, Colima (`colima start`) or OrbStack';
  if (platform === 'win32') return 'start Docker Desktop';
  return 'start the engine (`sudo systemctl start docker`) or Docker Desktop';
}

function elsewhereAdvice(endpoint: Endpoint): string {
  switch (endpoint.source) {
    case 'setting':
      return "or change Podlab's Docker host setting (PODLAB_DOCKER_HOST)";
    case 'DOCKER_HOST':
      return 'or fix DOCKER_HOST (unset it to use the default socket)';
    case 'context':
      return 'or switch Docker context (`docker context ls`, `docker context use <name>`)';
    case 'default':
      return "or set DOCKER_HOST to your engine's socket";
  }
}

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$)/;

export interface ExplainOptions {
  env?: NodeJS.ProcessEnv;
  home?: string;
  platform?: NodeJS.Platform;
  timeoutMs?: number;
}

/** Turns whatever failed on the way to the engine into ENGINE_UNREACHABLE with the next step. */
export function explainUnreachable(endpoint: Endpoint, err: unknown, opts: ExplainOptions = {}): PodlabError {
  const platform = opts.platform ?? process.platform;
  const e = (err ?? {}) as NodeJS.ErrnoException & { statusCode?: number; name?: string };
  const code = e.code ?? '';
  const at = `${endpoint.url} (${describeEndpointSource(endpoint)})`;
  const socket = endpoint.url.replace(/^(unix|npipe):\/\//, '');
  const fail = (why: string, hint: string) =>
    new PodlabError('ENGINE_UNREACHABLE', `no Docker engine answers at ${at}: ${why}`, { hint, cause: err });

  if (code === 'EACCES' || code === 'EPERM') {
    return fail(
      `permission denied on ${socket}`,
      platform === 'win32'
        ? 'run podlab as a user allowed to use Docker Desktop (the docker-users group), or as administrator'
        : 'add your user to the `docker` group (`sudo usermod -aG docker $USER`, then log out and back in), or run podlab with sudo',
    );
  }
  if (e.name === 'AbortError' || code === 'ABORT_ERR' || code === 'ETIMEDOUT') {
    const secs = Math.round((opts.timeoutMs ?? CONNECT_TIMEOUT_MS) / 100) / 10;
    return fail(
      `no answer within ${secs} s`,
      `the engine may be starting or stuck: wait and retry, or restart it (${startAdvice(platform)}), ${elsewhereAdvice(endpoint)}`,
    );
  }
  if (TLS_CODE.test(code)) {
    return fail(
      `TLS failed (${e.message})`,
      endpoint.source === 'context'
        ? `check the context's TLS files (ca.pem, cert.pem, key.pem in ${endpoint.tlsDir ?? 'its tls directory'}) or recreate it with \`docker context create\``
        : 'check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and DOCKER_TLS_VERIFY for this engine',
    );
  }
  if (typeof e.statusCode === 'number') {
    return fail(
      `something answered, but not like a Docker engine (HTTP ${e.statusCode})`,
      `point podlab at the Docker API itself, ${elsewhereAdvice(endpoint).replace(/^or /, '')}`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return fail(`cannot resolve the host name (${code})`, `check the host name, ${elsewhereAdvice(endpoint).replace(/^or /, '')}`);
  }

  let why: string;
  if (code === 'ENOENT') why = `${socket} does not exist`;
  else if (code === 'ECONNREFUSED') why = 'connection refused';
  else if (code === 'ENOTSOCK') why = `${socket} is not a socket`;
  else why = e.message || String(err);
  const found = otherSockets(endpoint.url, opts.env ?? process.env, opts.home ?? os.homedir(), platform);
  // The setting outranks DOCKER_HOST, so it is the variable to change when it chose the endpoint.
  const variable = endpoint.source === 'setting' ? 'PODLAB_DOCKER_HOST' : 'DOCKER_HOST';
  const foundAdvice = found.length ? ` — an engine socket exists at ${found[0]}: \`export ${variable}=${found[0]}\` uses it` : '';
  return fail(why, `${startAdvice(platform)}, ${elsewhereAdvice(endpoint)}${foundAdvice}`);
}

/** One bounded `/version` round-trip against an already resolved endpoint. */
export async function connectTo(endpoint: Endpoint, opts: ConnectOptions = {}): Promise<DockerConnection> {
  const timeoutMs = opts.timeoutMs ?? CONNECT_TIMEOUT_MS;
  const docker = createDocker(endpoint);
  let body: unknown;
  try {
    body = await abortable(docker).version({ abortSignal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw explainUnreachable(endpoint, err, { ...opts, timeoutMs });
  }
  const version = parseVersion(body);
  if (!version) {
    throw explainUnreachable(endpoint, Object.assign(new Error('not a Docker engine'), { statusCode: 200 }), opts);
  }
  return { docker, endpoint, version };
}

/** Resolves the endpoint (setting, DOCKER_HOST, context, default) and proves an engine answers there. */
export async function connectDocker(
  config: Pick<PodlabConfig, 'dockerHost'>,
  opts: ConnectOptions = {},
): Promise<DockerConnection> {
  const endpoint = await resolveEndpoint({ ...opts, setting: config.dockerHost });
  return connectTo(endpoint, opts);
}
