// `podlab --version`: the version in Podlab's package.json, found by walking up from this module,
// so it reads the same from the bundle (dist/cli/), the compiled tree and the sources; and that
// folder itself (`podlab serve` serves renderer/dist from it).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PodlabError } from '../engine/base/errors.js';

export function podlabVersion(from: string = import.meta.url): string {
  return podlabPackage(from).version;
}

/** The folder of Podlab's package.json (the checkout, or the installed package): where renderer/dist is. */
export function podlabRoot(from: string = import.meta.url): string {
  return fileURLToPath(podlabPackage(from).dir);
}

function podlabPackage(from: string): { dir: URL; version: string } {
  let dir = new URL('.', from);
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'podlab' && typeof pkg.version === 'string') return { dir, version: pkg.version };
    } catch {
      // No package.json here, or not ours: look one level up.
    }
    const up = new URL('..', dir);
    if (up.href === dir.href) break;
    dir = up;
  }
  throw new PodlabError('INTERNAL', "cannot find Podlab's package.json above the CLI", { hint: 'reinstall Podlab (`npm install`)' });
}
