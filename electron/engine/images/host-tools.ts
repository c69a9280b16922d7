// What the offline builds need from the host, and where to find it. Every requirement names the
// Debian package that provides it, so a failure can say exactly what to install.
import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { PodlabError } from '../base/errors.js';

export const execFileAsync = promisify(execFile);

export interface HostRequirement {
  /** The executable (or file) looked for. */
  name: string;
  debianPackage: string;
}

/** Compiles pause and the toolbox's rsyslogd stand-in against musl: ~30 kB static programs. */
export const MUSL_GCC: HostRequirement = { name: 'musl-gcc', debianPackage: 'musl-tools' };
/** The fallback without musl: glibc's `gcc -static` (~700 kB), which needs the static C library. */
export const GCC: HostRequirement = { name: 'gcc', debianPackage: 'gcc' };
export const STATIC_LIBC: HostRequirement = { name: 'libc.a', debianPackage: 'libc6-dev' };

/** The real tools a lab needs (busybox's applets lack `pstree -g`, `lsns` and full `ps -o`). */
export const TOOLBOX_REAL_TOOLS: readonly HostRequirement[] = [
  { name: 'pstree', debianPackage: 'psmisc' },
  { name: 'ps', debianPackage: 'procps' },
  { name: 'ip', debianPackage: 'iproute2' },
  { name: 'ss', debianPackage: 'iproute2' },
  { name: 'nsenter', debianPackage: 'util-linux' },
  { name: 'lsns', debianPackage: 'util-linux' },
  { name: 'bash', debianPackage: 'bash' },
];
/**
 * Debian's busybox-static prefers its own applets whenever an applet runs a program (`env`,
 * `timeout`, `xargs`, `watch`, …), so `timeout 5 ps -o pgid` would get busybox's ps. The real
 * versions of these launchers keep PATH in charge. Optional: without one, its applet stays.
 */
export const TOOLBOX_REAL_LAUNCHERS: readonly HostRequirement[] = [
  { name: 'env', debianPackage: 'coreutils' },
  { name: 'nice', debianPackage: 'coreutils' },
  { name: 'nohup', debianPackage: 'coreutils' },
  { name: 'timeout', debianPackage: 'coreutils' },
  { name: 'chroot', debianPackage: 'coreutils' },
  { name: 'xargs', debianPackage: 'findutils' },
  { name: 'find', debianPackage: 'findutils' },
  { name: 'setsid', debianPackage: 'util-linux' },
  { name: 'taskset', debianPackage: 'util-linux' },
  { name: 'ionice', debianPackage: 'util-linux' },
  { name: 'watch', debianPackage: 'procps' },
];
export const BUSYBOX: HostRequirement = { name: 'busybox', debianPackage: 'busybox-static' };
/** Lists the shared libraries of the tools above. */
export const LDD: HostRequirement = { name: 'ldd', debianPackage: 'libc-bin' };

const STANDARD_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Absolute path of an executable on PATH or in the standard directories (an app's PATH can be thin). */
export async function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d)), ...STANDARD_DIRS];
  for (const dir of new Set(dirs)) {
    const candidate = path.join(dir, name);
    try {
      const st = await fs.stat(candidate);
      if (!st.isFile()) continue;
      await fs.access(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface LocatedTools {
  found: Map<string, string>;
  missing: HostRequirement[];
}

/**
 * Finds each tool. A tool that resolves to busybox counts as missing when the real one is wanted:
 * on some hosts `/bin/ps` is a busybox applet without the options the labs use.
 */
export async function locateTools(tools: readonly HostRequirement[], allowBusybox = false): Promise<LocatedTools> {
  const found = new Map<string, string>();
  const missing: HostRequirement[] = [];
  for (const tool of tools) {
    const p = await findExecutable(tool.name);
    const real = p ? await fs.realpath(p) : undefined;
    if (p && real && (allowBusybox || path.basename(real) !== 'busybox')) found.set(tool.name, p);
    else missing.push(tool);
  }
  return { found, missing };
}

export function missingRequirementsError(image: string, missing: readonly HostRequirement[]): PodlabError {
  const packages = [...new Set(missing.map((m) => m.debianPackage))];
  const names = missing.map((m) => `${m.name} (${m.debianPackage})`).join(', ');
  return new PodlabError('IMAGE_BUILD_FAILED', `cannot build ${image} offline: missing on this host: ${names}`, {
    hint: `install them with \`sudo apt-get install ${packages.join(' ')}\` and run \`podlab images build\` again (or build online, on a machine with network access)`,
  });
}

const NODE_TO_DOCKER_ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

/**
 * Host binaries only run on an engine of the same OS and architecture (a remote engine or a VM of
 * another CPU would get programs it cannot execute). Returns why not, or undefined when they match.
 */
export async function hostBinariesMismatch(docker: Docker): Promise<string | undefined> {
  if (process.platform !== 'linux') return `this host runs ${process.platform}, and offline builds copy Linux programs`;
  const version = await docker.version();
  const hostArch = NODE_TO_DOCKER_ARCH[process.arch] ?? process.arch;
  if (version.Os && version.Os !== 'linux') return `the Docker engine runs ${version.Os} containers, not linux`;
  if (version.Arch && version.Arch !== hostArch) {
    return `the Docker engine is ${version.Arch} but this host's programs are ${hostArch}`;
  }
  return undefined;
}
