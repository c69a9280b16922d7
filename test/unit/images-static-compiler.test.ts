// Which compiler builds Podlab's static programs (musl first, glibc's gcc -static with a warning),
// what it is run with, and what a failure says. Stand-in compilers are small shell scripts.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageProgress } from '../../electron/engine/images/progress.js';
import {
  compileStatic,
  GLIBC_FALLBACK_WARNING,
  locateStaticCompiler,
  type ExecutableFinder,
  type StaticCompiler,
} from '../../electron/engine/images/static-compiler.js';
import { rejection } from '../support/rejection.js';

let dir = '';
async function script(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}
/** A finder that knows only the given programs, whatever the host has. */
const only = (programs: Record<string, string>): ExecutableFinder => (name) => Promise.resolve(programs[name]);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'podlab-cc-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('locateStaticCompiler', () => {
  it('prefers musl-gcc, remembering the gcc it wraps', async () => {
    const found = await locateStaticCompiler(only({ gcc: '/x/gcc', 'musl-gcc': '/x/musl-gcc' }));
    expect(found).toEqual({ compiler: { path: '/x/musl-gcc', libc: 'musl', gcc: '/x/gcc' }, missing: [] });
  });

  it('falls back to gcc when it has a static glibc', async () => {
    const gcc = await script('gcc-with-libc-a', 'echo /usr/lib/x86_64-linux-gnu/libc.a');
    expect(await locateStaticCompiler(only({ gcc }))).toEqual({ compiler: { path: gcc, libc: 'glibc', gcc }, missing: [] });
  });

  it('asks for musl-tools when gcc has no static C library, and for gcc too without gcc', async () => {
    // gcc echoes the bare name back when it cannot find the file.
    const gcc = await script('gcc-without-libc-a', 'echo libc.a');
    expect(await locateStaticCompiler(only({ gcc }))).toEqual({ missing: [{ name: 'musl-gcc', debianPackage: 'musl-tools' }] });
    // musl-gcc is only a wrapper around gcc: alone it cannot compile anything.
    expect(await locateStaticCompiler(only({ 'musl-gcc': '/x/musl-gcc' }))).toEqual({
      missing: [
        { name: 'gcc', debianPackage: 'gcc' },
        { name: 'musl-gcc', debianPackage: 'musl-tools' },
      ],
    });
  });
});

describe('compileStatic', () => {
  /** A compiler that writes its REALGCC and arguments to a file instead of compiling. */
  async function recorder(name: string, libc: StaticCompiler['libc']): Promise<{ compiler: StaticCompiler; log: string }> {
    const log = path.join(dir, `${name}.log`);
    const cc = await script(name, `echo "$REALGCC $*" > '${log}'`);
    return { compiler: { path: cc, libc, gcc: '/usr/bin/gcc' }, log };
  }

  it('builds a stripped static program with musl, quietly', async () => {
    const { compiler, log } = await recorder('musl-gcc', 'musl');
    const events: ImageProgress[] = [];
    await compileStatic(compiler, { image: 'img', source: '/src/pause.c', output: '/out/pause', onProgress: (e) => events.push(e) });
    expect(await readFile(log, 'utf8')).toBe('/usr/bin/gcc -static -Os -s -Wall -pthread -o /out/pause /src/pause.c\n');
    expect(events).toEqual([{ image: 'img', phase: 'compile', message: 'musl-gcc -static -Os -s -Wall -pthread -o /out/pause /src/pause.c' }]);
  });

  it('warns in the progress, before compiling, when it falls back to glibc', async () => {
    const { compiler } = await recorder('gcc', 'glibc');
    const events: ImageProgress[] = [];
    await compileStatic(compiler, { image: 'img', source: '/src/pause.c', output: '/out/pause', onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.message)).toEqual([GLIBC_FALLBACK_WARNING, 'gcc -static -Os -s -Wall -pthread -o /out/pause /src/pause.c']);
    expect(GLIBC_FALLBACK_WARNING).toMatch(/^warning: musl-gcc not found .*musl-tools/);
  });

  it('names the file and the package to install when the static C library is missing', async () => {
    const gcc = await script('gcc-no-lc', "echo '/usr/bin/ld: cannot find -lc: No such file or directory' >&2; exit 1");
    const err = await rejection(compileStatic({ path: gcc, libc: 'glibc', gcc }, { image: 'img', source: '/src/pause.c', output: '/out/pause' }));
    expect(err.code).toBe('IMAGE_BUILD_FAILED');
    expect(err.message).toBe('compiling /src/pause.c failed: /usr/bin/ld: cannot find -lc: No such file or directory');
    expect(err.hint).toContain('sudo apt-get install musl-tools');
  });

  it('points at the compiler itself for any other failure', async () => {
    const cc = await script('musl-gcc-broken', "echo 'pause.c:1: error: oops' >&2; exit 1");
    const err = await rejection(compileStatic({ path: cc, libc: 'musl', gcc: '/usr/bin/gcc' }, { image: 'img', source: '/src/pause.c', output: '/o' }));
    expect(err.message).toContain('pause.c:1: error: oops');
    expect(err.hint).toBe('check that musl-gcc-broken works on this host (`musl-gcc-broken --version`)');
  });
});
