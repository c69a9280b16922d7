// One dockerode client per resolved endpoint. Everything that talks to Docker gets it from here.
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import Docker from 'dockerode';
import { PodlabError } from '../base/errors.js';

export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'context' | 'default';

export interface Endpoint {
  /** As the user would write it: unix:///var/run/docker.sock, tcp://127.0.0.1:2375, npipe:////./pipe/docker_engine. */
  url: string;
  source: EndpointSource;
  /** The Docker context name, when the endpoint came from one. */
  context?: string;
  /** What chose the context: `DOCKER_CONTEXT`, or the path of the config.json whose currentContext names it. */
  contextFrom?: string;
  /** TLS material directory (ca.pem, cert.pem, key.pem; each optional) for tcp endpoints. */
  tlsDir?: string;
  /** tcp endpoints: speak TLS. Defaults to true when tlsDir is set. */
  tls?: boolean;
  /** With TLS: verify the engine's certificate. Defaults to true; false for a context's SkipTLSVerify or DOCKER_TLS alone. */
  tlsVerify?: boolean;
}

/** docker-modem options it reads but @types/dockerode does not declare. */
type ModemOptions = Docker.DockerOptions & { pathPrefix?: string; agent?: https.Agent };

function readIfPresent(dir: string, file: string): Buffer | undefined {
  try {
    return fs.readFileSync(path.join(dir, file));
  } catch {
    return undefined;
  }
}

function tcpOptions(endpoint: Endpoint): ModemOptions {
  const tls = endpoint.tls ?? endpoint.tlsDir !== undefined;
  const parsed = new URL(endpoint.url.replace(/^tcp:/, tls ? 'https:' : 'http:'));
  const secure = parsed.protocol === 'https:';
  const opts: ModemOptions = {
    protocol: secure ? 'https' : 'http',
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(parsed.port || (secure ? 2376 : 2375)),
    pathPrefix: parsed.pathname || '/',
  };
  if (secure && endpoint.tlsDir) {
    opts.ca = readIfPresent(endpoint.tlsDir, 'ca.pem');
    opts.cert = readIfPresent(endpoint.tlsDir, 'cert.pem');
    opts.key = readIfPresent(endpoint.tlsDir, 'key.pem');
  }
  // docker-modem has no rejectUnauthorized option; an agent carries it.
  if (secure && endpoint.tlsVerify === false) opts.agent = new https.Agent({ rejectUnauthorized: false });
  return opts;
}

function optionsFor(endpoint: Endpoint): ModemOptions {
  const u = endpoint.url;
  if (u.startsWith('unix://')) return { socketPath: u.slice('unix://'.length) };
  if (u.startsWith('npipe://')) return { socketPath: u.slice('npipe://'.length) };
  if (u.startsWith('tcp://') || u.startsWith('http://') || u.startsWith('https://')) return tcpOptions(endpoint);
  if (u.startsWith('ssh://')) {
    const parsed = new URL(u);
    return {
      protocol: 'ssh',
      host: parsed.hostname,
      port: Number(parsed.port || 22),
      username: parsed.username || undefined,
      sshOptions: process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {},
    };
  }
  // A bare path is a socket.
  return { socketPath: u };
}

export function createDocker(endpoint: Endpoint): Docker {
  // docker-modem fills every option left out from DOCKER_HOST, DOCKER_CERT_PATH and DOCKER_TLS_VERIFY;
  // naming them all here makes the resolved endpoint, not the environment, decide.
  const opts: ModemOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    ...optionsFor(endpoint),
  };
  try {
    return new Docker(opts);
  } catch (err) {
    // docker-modem parses DOCKER_HOST even when it is not used, and throws when it cannot.
    throw new PodlabError('USAGE', `cannot set up a Docker client for ${endpoint.url}: ${(err as Error).message}`, {
      hint: 'fix or unset DOCKER_HOST (e.g. unix:///var/run/docker.sock or tcp://host:2375)',
      cause: err,
    });
  }
}
