// A Podlab home is one state directory: its id is written on every object as the
// `io.podlab.home` label, so each home's supervisor acts only on its own Pods.
import { createHash } from 'node:crypto';
import path from 'node:path';

/** Short, stable id of a state directory. */
export function homeId(stateDir: string): string {
  return createHash('sha256').update(path.resolve(stateDir)).digest('hex').slice(0, 12);
}
