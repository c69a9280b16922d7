// Settings that every part of the engine reads. Environment variables override the defaults so
// the CLI, the app and the tests can point at other images or another state directory.
import os from 'node:os';
import path from 'node:path';

export interface PodlabConfig {
  /** Explicit Docker endpoint (unix:///…, tcp://…, npipe://…); wins over DOCKER_HOST and contexts. */
  dockerHost?: string;
  /** The infra image every Pod starts with. */
  pauseImage: string;
  /** The lab toolbox image (shell, pstree -g, ps, ip, nsenter, lsns, nc, httpd). */
  toolboxImage: string;
  /** Where event logs and the supervisor's socket live. */
  stateDir: string;
}

export const DEFAULT_PAUSE_IMAGE = 'podlab/pause:3.10';
export const DEFAULT_TOOLBOX_IMAGE = 'podlab/toolbox:1';
/** What a connected laptop pulls and tags as the pause image. */
export const UPSTREAM_PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

function defaultStateDir(env: NodeJS.ProcessEnv): string {
  if (env.XDG_STATE_HOME) return path.join(env.XDG_STATE_HOME, 'podlab');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'podlab');
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? os.homedir(), 'podlab');
  return path.join(os.homedir(), '.local', 'state', 'podlab');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<PodlabConfig> = {}): PodlabConfig {
  const cfg: PodlabConfig = {
    pauseImage: env.PODLAB_PAUSE_IMAGE || DEFAULT_PAUSE_IMAGE,
    toolboxImage: env.PODLAB_TOOLBOX_IMAGE || DEFAULT_TOOLBOX_IMAGE,
    stateDir: env.PODLAB_STATE_DIR || defaultStateDir(env),
    ...overrides,
  };
  const host = overrides.dockerHost ?? env.PODLAB_DOCKER_HOST;
  if (host) cfg.dockerHost = host;
  return cfg;
}
