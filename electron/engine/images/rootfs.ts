// A directory that becomes an image's filesystem, filled by mirroring host files at their own
// paths. Mirroring reproduces every symbolic link met on the way (merged /usr, versioned library
// names, the loader's /lib64 link), so programs and the loader find their files exactly as on the
// host, whatever the distribution's layout.
import fs from 'node:fs/promises';
import path from 'node:path';

const MAX_LINKS = 40;

export class Rootfs {
  constructor(readonly dir: string) {}

  /** Where an (already resolved) image path lives on the host. */
  private at(imagePath: string): string {
    return path.join(this.dir, path.posix.resolve('/', imagePath));
  }

  /**
   * Copies the host file or directory `hostPath` to the same path in the image, creating each
   * symlink met on the way as the same symlink. Returns the fully resolved host path.
   */
  async mirror(hostPath: string, depth = 0): Promise<string> {
    if (depth > MAX_LINKS) throw new Error(`too many levels of symbolic links at ${hostPath}`);
    const parts = path.posix.resolve('/', hostPath).split('/').filter(Boolean);
    let cur = '/';
    for (let i = 0; i < parts.length; i++) {
      const next = path.posix.join(cur, parts[i]!);
      const st = await fs.lstat(next);
      if (st.isSymbolicLink()) {
        const target = await fs.readlink(next);
        await this.ensureSymlink(next, target);
        // path.resolve ignores `cur` for absolute targets, as the kernel does.
        return this.mirror(path.posix.join(path.posix.resolve(cur, target), ...parts.slice(i + 1)), depth + 1);
      }
      if (st.isDirectory()) {
        await this.ensureDir(next, 0o755);
      } else if (st.isFile() && i === parts.length - 1) {
        await this.copyFile(next, st.mode);
      } else {
        throw new Error(`${next} is neither a directory nor a regular file`);
      }
      cur = next;
    }
    return cur;
  }

  /** Mirrors a host directory when the host has it, else creates it; returns its resolved path. */
  async mirrorDir(hostDir: string): Promise<string> {
    try {
      return await this.mirror(hostDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const resolved = await this.resolve(hostDir);
      await fs.mkdir(this.at(resolved), { recursive: true, mode: 0o755 });
      return resolved;
    }
  }

  async exists(imagePath: string): Promise<boolean> {
    try {
      await fs.lstat(this.at(await this.resolve(imagePath)));
      return true;
    } catch {
      return false;
    }
  }

  /** Where the image file `imagePath` lives on the host, its directories made: for a program to write it. */
  async hostPathFor(imagePath: string): Promise<string> {
    const target = this.at(await this.resolve(imagePath));
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    return target;
  }

  async writeFile(imagePath: string, content: string, mode = 0o644): Promise<void> {
    const target = await this.hostPathFor(imagePath);
    await fs.writeFile(target, content);
    await fs.chmod(target, mode);
  }

  async mkdir(imagePath: string, mode = 0o755): Promise<void> {
    const target = this.at(await this.resolve(imagePath));
    await fs.mkdir(target, { recursive: true, mode: 0o755 });
    // chmod after mkdir: the umask would clear bits such as /tmp's sticky 1777.
    await fs.chmod(target, mode);
  }

  async symlink(imagePath: string, target: string): Promise<void> {
    const at = this.at(await this.resolve(imagePath));
    await fs.mkdir(path.dirname(at), { recursive: true, mode: 0o755 });
    await fs.symlink(target, at);
  }

  /**
   * Resolves the directories of an image path through the image's own symlinks, as the kernel
   * would inside the container (the last component is not followed). Writing through the
   * resolved path can never follow a link out of the rootfs into the host.
   */
  private async resolve(imagePath: string, depth = 0): Promise<string> {
    if (depth > MAX_LINKS) throw new Error(`too many levels of symbolic links at ${imagePath}`);
    const parts = path.posix.resolve('/', imagePath).split('/').filter(Boolean);
    let cur = '/';
    for (let i = 0; i < parts.length - 1; i++) {
      const next = path.posix.join(cur, parts[i]!);
      let st;
      try {
        st = await fs.lstat(this.at(next));
      } catch {
        return path.posix.join(next, ...parts.slice(i + 1));
      }
      if (st.isSymbolicLink()) {
        const target = await fs.readlink(this.at(next));
        return this.resolve(path.posix.join(path.posix.resolve(cur, target), ...parts.slice(i + 1)), depth + 1);
      }
      cur = next;
    }
    return path.posix.join(cur, parts[parts.length - 1] ?? '');
  }

  private async ensureDir(imagePath: string, mode: number): Promise<void> {
    const at = this.at(imagePath);
    try {
      const st = await fs.lstat(at);
      if (st.isDirectory()) return;
      throw new Error(`${imagePath} exists in the image and is not a directory`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await fs.mkdir(at, { mode });
    await fs.chmod(at, mode);
  }

  private async ensureSymlink(imagePath: string, target: string): Promise<void> {
    const at = this.at(imagePath);
    try {
      const st = await fs.lstat(at);
      if (st.isSymbolicLink() && (await fs.readlink(at)) === target) return;
      throw new Error(`${imagePath} exists in the image and is not a link to ${target}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await fs.symlink(target, at);
  }

  private async copyFile(hostPath: string, mode: number): Promise<void> {
    const at = this.at(hostPath);
    try {
      await fs.lstat(at);
      return; // already mirrored (libraries are shared by several tools)
    } catch {
      // not yet
    }
    await fs.copyFile(hostPath, at);
    // Plain permission bits only: a copied program must never become setuid in the image.
    await fs.chmod(at, mode & 0o777);
  }
}
