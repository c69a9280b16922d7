// The tar a build sends as its context. Packed here rather than by dockerode's {context, src}
// shortcut, which applies the process umask and so turns /tmp's 1777 into 1755, and keeps the
// packing user's uid/gid: every entry is root-owned with its exact mode.
import type { Readable } from 'node:stream';
import tarFs from 'tar-fs';

export function packBuildContext(dir: string, entries: string[]): Readable {
  return tarFs.pack(dir, {
    entries,
    umask: 0,
    map: (header) => ({ ...header, uid: 0, gid: 0, uname: 'root', gname: 'root' }),
  });
}
