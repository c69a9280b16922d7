// The lab toolbox image. Offline: a scratch image of the host's own programs (busybox applets, the
// real pstree/ps/ip/nsenter/lsns/bash and launchers with their libraries; /bin/sh is bash) plus our
// rsyslogd stand-in. Online: labs/images/toolbox/Dockerfile, a Debian slim image.
import fs from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { PodlabError } from '../base/errors.js';
import { findImagesAssetsDir } from './assets.js';
import { buildFromDirectory } from './docker-build.js';
import { buildOffline, type OfflineBuild } from './offline-build.js';
import {
  BUSYBOX,
  execFileAsync,
  LDD,
  locateTools,
  missingRequirementsError,
  TOOLBOX_REAL_LAUNCHERS,
  TOOLBOX_REAL_TOOLS,
} from './host-tools.js';
import { safeEmit, type ImageProgressListener } from './progress.js';
import { imageLabels } from './roles.js';
import { Rootfs } from './rootfs.js';
import { listSharedLibraries } from './shared-libs.js';
import { compileStatic, locateStaticCompiler } from './static-compiler.js';

export interface ToolboxBuildOptions {
  onProgress?: ImageProgressListener;
  assetsDir?: string;
}

const TOOLBOX_DOCKERFILE = `FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV LANG=C.UTF-8
CMD ["sh"]
`;

const PASSWD = `root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
`;
const GROUP = `root:x:0:
nogroup:x:65534:
`;
// glibc ≥ 2.34 has the `files` service built in, so user names resolve without libnss_*.so.
const NSSWITCH = `passwd: files
group: files
hosts: files dns
`;

/** Where the stand-in goes: the real rsyslogd's path on Debian. */
const RSYSLOGD_IN_IMAGE = '/usr/sbin/rsyslogd';

/**
 * Fills `rootfs` with the toolbox's files; reports one `collect` event per program, and a
 * `compile` event for the rsyslogd stand-in (labs/images/toolbox/rsyslogd.c).
 */
export async function collectToolboxRootfs(rootfs: Rootfs, image: string, onProgress?: ImageProgressListener, assetsDir?: string): Promise<void> {
  const { compiler, missing: noCompiler } = await locateStaticCompiler();
  const real = await locateTools(TOOLBOX_REAL_TOOLS);
  const helpers = await locateTools([BUSYBOX, LDD], true);
  const missing = [...noCompiler, ...helpers.missing, ...real.missing];
  if (!compiler || missing.length) throw missingRequirementsError(image, missing);
  const source = path.join(findImagesAssetsDir(assetsDir), 'toolbox', 'rsyslogd.c');
  const ldd = helpers.found.get(LDD.name)!;
  const busybox = helpers.found.get(BUSYBOX.name)!;

  const launchers = await locateTools(TOOLBOX_REAL_LAUNCHERS);
  const programs = [busybox, ...real.found.values(), ...launchers.found.values()];
  let done = 0;
  let busyboxInImage = '';
  for (const program of programs) {
    safeEmit(onProgress, { image, phase: 'collect', message: program, current: done, total: programs.length + 1 });
    const resolved = await rootfs.mirror(program);
    if (program === busybox) busyboxInImage = resolved;
    for (const lib of await listSharedLibraries(ldd, program)) await rootfs.mirror(lib);
    done++;
  }

  // Applets go where busybox says they belong, unless a real tool of that name is in the image:
  // `ps` must be procps (pstree -g, ps -o pgid), never the busybox applet. The shell is bash too:
  // busybox's ash runs its own applets before searching PATH, which would shadow every real tool.
  safeEmit(onProgress, { image, phase: 'collect', message: 'busybox applets', current: done, total: programs.length + 1 });
  const reserved = new Set(['busybox', 'sh', 'ash', 'hush', ...real.found.keys(), ...launchers.found.keys()]);
  for (const applet of await listBusyboxApplets(busybox)) {
    const name = path.posix.basename(applet);
    const dir = path.posix.dirname(`/${applet}`);
    if (reserved.has(name) || dir === '/') continue;
    const imageDir = await rootfs.mirrorDir(dir);
    const at = path.posix.join(imageDir, name);
    if (await rootfs.exists(at)) continue;
    await rootfs.symlink(at, busyboxInImage);
  }
  // Shadows no applet: busybox has syslogd, not rsyslogd.
  await compileStatic(compiler, { image, source, output: await rootfs.hostPathFor(RSYSLOGD_IN_IMAGE), onProgress });
  const bashInImage = await rootfs.mirror(real.found.get('bash')!);
  const binDir = await rootfs.mirrorDir('/bin');
  await rootfs.symlink(path.posix.join(binDir, 'sh'), bashInImage);

  await rootfs.writeFile('/etc/passwd', PASSWD);
  await rootfs.writeFile('/etc/group', GROUP);
  await rootfs.writeFile('/etc/nsswitch.conf', NSSWITCH);
  await rootfs.mkdir('/tmp', 0o1777);
  await rootfs.mkdir('/root', 0o700);
  // glibc's C.UTF-8 locale data: with it, bash's readline takes 中文 input as text (not octal
  // escapes) — our learners type Chinese. Absent on the host: the image still works, in ASCII.
  const locale = '/usr/lib/locale/C.utf8';
  const localeFiles = await fs.readdir(locale, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const f of localeFiles) if (f.isFile()) await rootfs.mirror(path.join(f.parentPath ?? locale, f.name));
  // Mount points the engine fills in (procfs is what ps, pstree and lsns read).
  for (const dir of ['/proc', '/sys', '/dev']) await rootfs.mkdir(dir, 0o755);
  safeEmit(onProgress, { image, phase: 'collect', message: 'done', current: programs.length + 1, total: programs.length + 1 });
}

/** `bin/sh`, `usr/bin/wget`, …: with --list-full when this busybox knows it, else all in bin/. */
async function listBusyboxApplets(busybox: string): Promise<string[]> {
  try {
    const { stdout } = await execFileAsync(busybox, ['--list-full']);
    return stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  } catch {
    const { stdout } = await execFileAsync(busybox, ['--list']);
    return stdout.split('\n').map((l) => l.trim()).filter(Boolean).map((n) => `bin/${n}`);
  }
}

export async function buildToolboxOffline(docker: Docker, image: string, opts: ToolboxBuildOptions = {}): Promise<string> {
  const build: OfflineBuild = { image, role: 'toolbox', tempPrefix: 'podlab-toolbox-', dockerfile: TOOLBOX_DOCKERFILE, entries: ['rootfs'], onProgress: opts.onProgress };
  return buildOffline(docker, build, async (dir) => {
    const rootfs = new Rootfs(path.join(dir, 'rootfs'));
    await fs.mkdir(rootfs.dir, { mode: 0o755 });
    try {
      await collectToolboxRootfs(rootfs, image, opts.onProgress, opts.assetsDir);
    } catch (err) {
      if (err instanceof PodlabError) throw err;
      throw new PodlabError('IMAGE_BUILD_FAILED', `collecting the toolbox files failed: ${(err as Error).message}`, {
        hint: 'check that the listed host programs are installed and readable',
        cause: err,
      });
    }
  });
}

/** Builds labs/images/toolbox/Dockerfile (pulls debian:bookworm-slim, runs apt-get, compiles rsyslogd.c). */
export async function buildToolboxOnline(docker: Docker, image: string, opts: ToolboxBuildOptions = {}): Promise<string> {
  const contextDir = path.join(findImagesAssetsDir(opts.assetsDir), 'toolbox');
  const id = await buildFromDirectory(docker, {
    image,
    contextDir,
    entries: ['Dockerfile', 'rsyslogd.c'],
    labels: imageLabels('toolbox'),
    hint: 'check the network connection (the build pulls debian:bookworm-slim and runs apt-get), or build offline on a Linux host',
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  safeEmit(opts.onProgress, { image, phase: 'done', message: `built ${image} from ${contextDir}/Dockerfile` });
  return id;
}
