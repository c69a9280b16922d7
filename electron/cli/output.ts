// The output of a command or a container that came through the contract (pods.exec, pods.logs):
// each chunk written where it was written in the container, stdout or stderr, bytes as they were.
import type { CallContext } from '../contract/dispatch.js';
import type { Io } from './main.js';

export function writeOutput(io: Io): NonNullable<CallContext['onProgress']> {
  return (p) => {
    if ('kind' in p && p.kind === 'output') (p.stream === 'stderr' ? io.err : io.out).write(Buffer.from(p.base64, 'base64'));
  };
}
