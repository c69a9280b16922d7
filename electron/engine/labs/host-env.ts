// What a lab's host commands and host terminals run with: the lab's folder as working directory, and
// `podlab` on PATH talking to the same state directory and labs as this engine — so a step can say
// `podlab pod infra web` or `podlab sched run …` and mean this Podlab, not whatever is installed.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** bin/podlab.js of the project this engine runs from (source, dist/ or the bundle), if there is one. */
function findCliEntry(): string | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const entry = path.join(dir, 'bin', 'podlab.js');
    if (existsSync(entry)) return entry;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * A `podlab` launcher in `<stateDir>/bin`, written once; undefined when no CLI is at hand. In the
 * desktop app the binary is Electron's: ELECTRON_RUN_AS_NODE makes it plain Node (reading the CLI
 * from app.asar) instead of opening a second window.
 */
async function podlabShim(stateDir: string): Promise<string | undefined> {
  const entry = findCliEntry();
  if (!entry) return undefined;
  const dir = path.join(stateDir, 'bin');
  const file = path.join(dir, 'podlab');
  const asNode = process.versions.electron ? 'ELECTRON_RUN_AS_NODE=1 ' : '';
  const script = `#!/bin/sh\n${asNode}exec ${JSON.stringify(process.execPath)} ${JSON.stringify(entry)} "$@"\n`;
  if ((await readFile(file, 'utf8').catch(() => '')) !== script) {
    await mkdir(dir, { recursive: true });
    await writeFile(file, script);
    await chmod(file, 0o755);
  }
  return dir;
}

/** The environment of a host command or terminal of a lab. */
export async function hostEnv(stateDir: string, labsDir: string): Promise<Record<string, string>> {
  const shim = await podlabShim(stateDir);
  const PATH = [shim, process.env.PATH].filter(Boolean).join(path.delimiter);
  return { PATH, PODLAB_STATE_DIR: stateDir, PODLAB_LABS_DIR: labsDir };
}
