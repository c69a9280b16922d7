// Types for the part of tar-fs (a dockerode dependency, shipped without types) that Podlab uses.
declare module 'tar-fs' {
  import type { Readable } from 'node:stream';

  interface TarHeader {
    name: string;
    mode?: number;
    uid?: number;
    gid?: number;
    uname?: string;
    gname?: string;
    size?: number;
    mtime?: Date;
    /** 'file', 'directory', 'symlink', …: tar's entry types. */
    type?: string;
    linkname?: string;
  }

  interface PackOptions {
    /** Paths relative to the packed directory; default: everything. */
    entries?: string[];
    /** Mask applied to every mode; default: the process umask (which drops /tmp's 1777). */
    umask?: number;
    map?: (header: TarHeader) => TarHeader | undefined;
    /** Follow symlinks instead of storing them; default false. */
    dereference?: boolean;
  }

  const tarFs: { pack(cwd: string, opts?: PackOptions): Readable };
  export = tarFs;
}
