// Settings that every part of the engine reads. Environment variables override the defaults so
// the CLI, the app and the tests can point at other images or another state directory.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PodlabConfig {
  /** Explicit Docker endpoint (unix:///…, tcp://…, npipe://…); wins over DOCKER_HOST and contexts. */
  dockerHost?: string;
  /** The infra image every Pod starts with. */
  pauseImage: string;
  /** The lab toolbox image (shell, pstree -g, ps, ip, nsenter, lsns, nc, httpd). */
  toolboxImage: string;
  /** Where event logs and the supervisor's socket live. */
  stateDir: string;
  /** The folder of labs (one folder per lab with a lab.yaml). */
  labsDir: string;
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

/**
 * The packaged app's <resources>/labs (electron-builder.yml's extraResources: a real folder beside
 * app.asar), else the project's labs/ next to its package.json: this file runs from
 * electron/engine/base (tsc, vitest) or a dist/ bundle, so look upwards.
 */
function defaultLabsDir(): string {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources && existsSync(path.join(resources, 'labs'))) return path.join(resources, 'labs');
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'labs'))) return path.join(dir, 'labs');
    if (path.dirname(dir) === dir) return path.join(process.cwd(), 'labs');
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<PodlabConfig> = {}): PodlabConfig {
  const cfg: PodlabConfig = {
    pauseImage: env.PODLAB_PAUSE_IMAGE || DEFAULT_PAUSE_IMAGE,
    toolboxImage: env.PODLAB_TOOLBOX_IMAGE || DEFAULT_TOOLBOX_IMAGE,
    stateDir: env.PODLAB_STATE_DIR || defaultStateDir(env),
    labsDir: env.PODLAB_LABS_DIR ? path.resolve(env.PODLAB_LABS_DIR) : defaultLabsDir(),
    ...overrides,
  };
  const host = overrides.dockerHost ?? env.PODLAB_DOCKER_HOST;
  if (host) cfg.dockerHost = host;
  return cfg;
}
