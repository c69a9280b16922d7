// What `podlab` accepts: the help text, the options table, and the usage errors (exit code 2) for
// input it cannot take — kept apart from the commands so every command reads its options one way.
import { parseArgs } from 'node:util';
import { PodlabError } from '../engine/base/errors.js';

export const HELP = `podlab — build real Kubernetes-style Pods on your own Docker engine

Usage:
  podlab doctor [--json]                       check the Docker engine and Podlab's images
  podlab images build [--offline|--online] [--only pause|toolbox]
  podlab images ls [--json]
  podlab pod apply -f FILE [-f FILE…] [--wait] [--timeout SEC] [--group G] [--force] [--json]
  podlab pod plan -f FILE [--group G]          print the Docker payloads a Pod becomes (JSON)
  podlab pod ls [--group G] [--json]
  podlab pod describe NAME [-n NS] [--json]
  podlab pod logs NAME [-c CTR] [-n NS] [--previous] [-f] [--tail N]
  podlab pod rm NAME… [-n NS] | --all [--group G]  [--grace SEC] [--json]
  podlab pod ps NAME | --all [--tree] [--json]   processes of each container (pstree -g style with --tree)
  podlab pod ns NAME [--json]                    namespace matrix: which namespaces containers share
  podlab exec POD [-c CTR] [-n NS] [-i] [-t] [-- CMD…]   like kubectl exec; -it for a shell
  podlab supervisor run [--exit-when-idle] | status

Environment: DOCKER_HOST, PODLAB_DOCKER_HOST, PODLAB_PAUSE_IMAGE, PODLAB_TOOLBOX_IMAGE,
PODLAB_STATE_DIR, PODLAB_NO_SUPERVISOR=1 (apply starts no supervisor daemon).`;

export type Options = ReturnType<typeof parse>['values'];

export function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      file: { type: 'string', short: 'f', multiple: true },
      wait: { type: 'boolean' },
      timeout: { type: 'string' },
      group: { type: 'string' },
      force: { type: 'boolean' },
      namespace: { type: 'string', short: 'n' },
      container: { type: 'string', short: 'c' },
      previous: { type: 'boolean', short: 'p' },
      follow: { type: 'boolean' },
      tail: { type: 'string' },
      all: { type: 'boolean' },
      tree: { type: 'boolean' },
      stdin: { type: 'boolean', short: 'i' },
      tty: { type: 'boolean', short: 't' },
      grace: { type: 'string' },
      offline: { type: 'boolean' },
      online: { type: 'boolean' },
      only: { type: 'string', multiple: true },
      'exit-when-idle': { type: 'boolean' },
    },
  });
}

export function usageError(message: string, hint = 'run `podlab --help`'): Promise<never> {
  return Promise.reject(new PodlabError('USAGE', message, { hint }));
}

/** A numeric option (`--tail`, `--grace`, `--timeout`): absent, or a number of 0 or more. */
/** A non-negative number option; `unit` names what it counts ("seconds", "lines"). */
export function num(v: string | undefined, name: string, unit = 'seconds'): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new PodlabError('USAGE', `--${name} takes a number of ${unit}, got "${v}"`, { hint: `give a number of 0 or more, e.g. \`--${name} 10\`` });
  }
  return n;
}
