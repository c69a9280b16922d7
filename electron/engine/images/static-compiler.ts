// Podlab's own small C programs (pause, the toolbox's rsyslogd stand-in) become static binaries
// for FROM-scratch images: against musl when the host has musl-gcc (~30 kB each, the size the
// article quotes for pause), else with glibc's `gcc -static` (~700 kB), with a warning.
import path from 'node:path';
import { PodlabError } from '../base/errors.js';
import { execFileAsync, findExecutable, GCC, MUSL_GCC, STATIC_LIBC, type HostRequirement } from './host-tools.js';
import { safeEmit, type ImageProgressListener } from './progress.js';

export interface StaticCompiler {
  /** What to run: musl-gcc (a wrapper script around gcc) or gcc itself. */
  path: string;
  libc: 'musl' | 'glibc';
  /** The real gcc, which the musl-gcc wrapper is told to run (an app's PATH can be thin). */
  gcc: string;
}

export interface LocatedCompiler {
  compiler?: StaticCompiler;
  /** What to install when no compiler works: musl-tools rather than libc6-dev, for the small programs. */
  missing: HostRequirement[];
}

export type ExecutableFinder = (name: string) => Promise<string | undefined>;

/** musl-gcc when it can work (it needs gcc too), else gcc with a static glibc. */
export async function locateStaticCompiler(find: ExecutableFinder = (name) => findExecutable(name)): Promise<LocatedCompiler> {
  const gcc = await find(GCC.name);
  if (!gcc) return { missing: [GCC, MUSL_GCC] };
  const musl = await find(MUSL_GCC.name);
  if (musl) return { compiler: { path: musl, libc: 'musl', gcc }, missing: [] };
  if (await hasStaticGlibc(gcc)) return { compiler: { path: gcc, libc: 'glibc', gcc }, missing: [] };
  return { missing: [MUSL_GCC] };
}

async function hasStaticGlibc(gcc: string): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync(gcc, ['-print-file-name=libc.a']);
    // gcc echoes the bare name back when it cannot find the file.
    return path.isAbsolute(stdout.trim());
  } catch {
    return false;
  }
}

export const GLIBC_FALLBACK_WARNING =
  `warning: ${MUSL_GCC.name} not found (Debian package ${MUSL_GCC.debianPackage}), so gcc -static links glibc: ` +
  `a ~700 kB program instead of ~30 kB; install ${MUSL_GCC.debianPackage} and build again for the small image`;

export interface StaticCompile {
  /** The image being built, for progress events. */
  image: string;
  source: string;
  output: string;
  onProgress?: ImageProgressListener | undefined;
}

/** Compiles one C file into a stripped static program; a failure names the file and what to install. */
export async function compileStatic(compiler: StaticCompiler, job: StaticCompile): Promise<void> {
  const { image, source, output, onProgress } = job;
  if (compiler.libc === 'glibc') safeEmit(onProgress, { image, phase: 'compile', message: GLIBC_FALLBACK_WARNING });
  // -s strips at link time; -pthread is free for a program without threads.
  const args = ['-static', '-Os', '-s', '-Wall', '-pthread', '-o', output, source];
  safeEmit(onProgress, { image, phase: 'compile', message: `${path.basename(compiler.path)} ${args.join(' ')}` });
  try {
    await execFileAsync(compiler.path, args, { env: { ...process.env, REALGCC: compiler.gcc } });
  } catch (err) {
    const stderr = ((err as { stderr?: string }).stderr ?? String(err)).trim();
    const noStaticLibc = compiler.libc === 'glibc' && /cannot find -lc\b/.test(stderr);
    throw new PodlabError('IMAGE_BUILD_FAILED', `compiling ${source} failed: ${stderr}`, {
      hint: noStaticLibc
        ? `install musl with \`sudo apt-get install ${MUSL_GCC.debianPackage}\` (or the static glibc: ${STATIC_LIBC.debianPackage})`
        : `check that ${path.basename(compiler.path)} works on this host (\`${path.basename(compiler.path)} --version\`)`,
      cause: err,
    });
  }
}
