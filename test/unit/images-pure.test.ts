// The images part's logic that needs no Docker engine: ldd output, image references, the
// engine's error words, progress streams read from a plain stream, and what missing host tools say.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodlabError } from '../../electron/engine/base/errors.js';
import {
  DockerStreamFailure,
  DockerStreamTimeout,
  dockerErrorReason,
  isNotFound,
  runDockerStream,
  type DockerStreamEvent,
} from '../../electron/engine/images/docker-stream.js';
import { findExecutable, missingRequirementsError } from '../../electron/engine/images/host-tools.js';
import { safeEmit } from '../../electron/engine/images/progress.js';
import { normalizeImageRef, sameImageRef } from '../../electron/engine/images/refs.js';
import { imageLabels, isImageCurrent } from '../../electron/engine/images/roles.js';
import { listSharedLibraries, parseLddOutput } from '../../electron/engine/images/shared-libs.js';

describe('parseLddOutput', () => {
  it('collects library paths and the loader, skipping the vDSO', () => {
    const out = [
      '\tlinux-vdso.so.1 (0x00007fce961f2000)',
      '\tlibtinfo.so.6 => /lib/x86_64-linux-gnu/libtinfo.so.6 (0x00007fce961a4000)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fce95fc2000)',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007fce961f4000)',
      '',
    ].join('\n');
    expect(parseLddOutput(out)).toEqual({
      paths: ['/lib/x86_64-linux-gnu/libtinfo.so.6', '/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2'],
      notFound: [],
    });
  });

  it('reports libraries the loader cannot find', () => {
    const out = '\tlibfoo.so.1 => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n\tlibbar.so.2 => not found\n';
    expect(parseLddOutput(out)).toEqual({ paths: ['/lib/x86_64-linux-gnu/libc.so.6'], notFound: ['libfoo.so.1', 'libbar.so.2'] });
  });

  it('ignores an arrow without a path (older glibc prints the vDSO so) and lists each path once', () => {
    const out = [
      '\tlinux-gate.so.1 =>  (0x00007ffd)',
      '\tlibc.so.6 => /lib/libc.so.6 (0x1)',
      '\tlibc.so.6 => /lib/libc.so.6 (0x1)',
      '\t/lib/ld-linux-aarch64.so.1 (0x2)',
    ].join('\n');
    expect(parseLddOutput(out)).toEqual({ paths: ['/lib/libc.so.6', '/lib/ld-linux-aarch64.so.1'], notFound: [] });
  });

  it('finds nothing in the output for a static program', () => {
    expect(parseLddOutput('\tstatically linked\n')).toEqual({ paths: [], notFound: [] });
    expect(parseLddOutput('\tnot a dynamic executable\n')).toEqual({ paths: [], notFound: [] });
    expect(parseLddOutput('')).toEqual({ paths: [], notFound: [] });
  });
});

describe('listSharedLibraries (with a stand-in ldd)', () => {
  let dir = '';
  const fakeLdd = async (name: string, script: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, `#!/bin/sh\n${script}\n`);
    await chmod(file, 0o755);
    return file;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'podlab-ldd-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the paths ldd prints', async () => {
    const ldd = await fakeLdd('ok', "printf '\\tlibc.so.6 => /lib/libc.so.6 (0x1)\\n\\t/lib64/ld.so (0x2)\\n'");
    expect(await listSharedLibraries(ldd, '/usr/bin/tool')).toEqual(['/lib/libc.so.6', '/lib64/ld.so']);
  });

  it('returns nothing for a static program, whether ldd exits 1 or 0', async () => {
    const failing = await fakeLdd('static1', "echo '\tnot a dynamic executable' >&2; exit 1");
    expect(await listSharedLibraries(failing, '/bin/busybox')).toEqual([]);
    const passing = await fakeLdd('static0', "echo '\tstatically linked'");
    expect(await listSharedLibraries(passing, '/bin/busybox')).toEqual([]);
  });

  it('refuses a program with missing libraries, naming them and how to find the package', async () => {
    const ldd = await fakeLdd('missing', "printf '\\tlibfoo.so.1 => not found\\n'");
    const err = await listSharedLibraries(ldd, '/usr/bin/tool').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodlabError);
    expect((err as PodlabError).code).toBe('IMAGE_BUILD_FAILED');
    expect((err as PodlabError).message).toContain('libfoo.so.1');
    expect((err as PodlabError).hint).toContain('dpkg -S /usr/bin/tool');
  });

  it('reports any other ldd failure with what it printed', async () => {
    const ldd = await fakeLdd('broken', "echo 'ldd: /x: No such file or directory' >&2; exit 1");
    const err = await listSharedLibraries(ldd, '/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PodlabError);
    expect((err as PodlabError).message).toContain('No such file or directory');
  });
});

describe('normalizeImageRef / sameImageRef', () => {
  it.each([
    ['busybox', 'busybox:latest'],
    ['busybox:1.36', 'busybox:1.36'],
    ['  busybox  ', 'busybox:latest'],
    ['library/busybox', 'busybox:latest'],
    ['docker.io/library/busybox', 'busybox:latest'],
    ['index.docker.io/library/busybox:1', 'busybox:1'],
    ['registry-1.docker.io/library/busybox:1', 'busybox:1'],
    ['docker.io/podlab/pause:3.10', 'podlab/pause:3.10'],
    ['podlab/toolbox:1', 'podlab/toolbox:1'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['localhost:5000/app:2', 'localhost:5000/app:2'],
    ['myreg.io/library/app', 'myreg.io/library/app:latest'],
    ['busybox@sha256:abc', 'busybox@sha256:abc'],
    ['docker.io/library/busybox:1.36@sha256:abc', 'busybox:1.36@sha256:abc'],
  ])('%s → %s', (ref, want) => {
    expect(normalizeImageRef(ref)).toBe(want);
  });

  it('tells the same image from a different one', () => {
    expect(sameImageRef('busybox', 'docker.io/library/busybox:latest')).toBe(true);
    expect(sameImageRef('podlab/pause:3.10', 'docker.io/podlab/pause:3.10')).toBe(true);
    expect(sameImageRef('busybox', 'busybox:1')).toBe(false);
    expect(sameImageRef('registry.k8s.io/pause:3.10', 'pause:3.10')).toBe(false);
    expect(sameImageRef('localhost:5000/app', 'app')).toBe(false);
  });
});

describe('the engine error helpers', () => {
  it('dockerErrorReason prefers the engine JSON message, then the error message', () => {
    const withJson = Object.assign(new Error('(HTTP code 409) unexpected'), { json: { message: 'Conflict. The name is in use\n' } });
    expect(dockerErrorReason(withJson)).toBe('Conflict. The name is in use');
    expect(dockerErrorReason(new Error('socket hang up'))).toBe('socket hang up');
    expect(dockerErrorReason(Object.assign(new Error('x'), { json: 'not an object' }))).toBe('x');
    expect(dockerErrorReason('plain')).toBe('plain');
  });

  it('isNotFound is true only for a 404', () => {
    expect(isNotFound(Object.assign(new Error('no such image'), { statusCode: 404 }))).toBe(true);
    expect(isNotFound(Object.assign(new Error('conflict'), { statusCode: 409 }))).toBe(false);
    expect(isNotFound(new Error('no status'))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });
});

describe('missingRequirementsError', () => {
  it('names each missing tool with its package, and one apt-get line without duplicates', () => {
    const err = missingRequirementsError('podlab/toolbox:1', [
      { name: 'nsenter', debianPackage: 'util-linux' },
      { name: 'lsns', debianPackage: 'util-linux' },
      { name: 'pstree', debianPackage: 'psmisc' },
    ]);
    expect(err.code).toBe('IMAGE_BUILD_FAILED');
    expect(err.message).toBe('cannot build podlab/toolbox:1 offline: missing on this host: nsenter (util-linux), lsns (util-linux), pstree (psmisc)');
    expect(err.hint).toContain('sudo apt-get install util-linux psmisc');
  });
});

describe('findExecutable', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'podlab-path-'));
    await writeFile(path.join(dir, 'podlab-tool-x'), '#!/bin/sh\n');
    await chmod(path.join(dir, 'podlab-tool-x'), 0o755);
    await writeFile(path.join(dir, 'podlab-not-exec'), 'data');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds an executable on PATH, not a plain file, and ignores relative PATH entries', async () => {
    expect(await findExecutable('podlab-tool-x', { PATH: dir })).toBe(path.join(dir, 'podlab-tool-x'));
    expect(await findExecutable('podlab-not-exec', { PATH: dir })).toBeUndefined();
    expect(await findExecutable('podlab-tool-x', { PATH: path.relative(process.cwd(), dir) })).toBeUndefined();
  });

  it('falls back to the standard directories when PATH is thin', async () => {
    expect(await findExecutable('sh', { PATH: '' })).toMatch(/^\/(usr\/)?bin\/sh$/);
  });
});

describe('imageLabels and safeEmit', () => {
  it('marks images as owned, with their role and the recipe that built them', () => {
    expect(imageLabels('pause')).toEqual({ 'io.podlab.owned': 'true', 'io.podlab.image-role': 'pause', 'io.podlab.image-revision': '2' });
    expect(imageLabels('toolbox')).toEqual({ 'io.podlab.owned': 'true', 'io.podlab.image-role': 'toolbox', 'io.podlab.image-revision': '3' });
  });

  it('an image of an older recipe (no revision, or a lower one) is not current; ours and newer are', () => {
    expect(isImageCurrent('toolbox', imageLabels('toolbox'))).toBe(true);
    expect(isImageCurrent('toolbox', { 'io.podlab.owned': 'true', 'io.podlab.image-role': 'toolbox' })).toBe(false);
    expect(isImageCurrent('pause', { 'io.podlab.image-revision': '1' })).toBe(false);
    expect(isImageCurrent('pause', { 'io.podlab.image-revision': 'x' })).toBe(false);
    expect(isImageCurrent('pause', { 'io.podlab.image-revision': '3' })).toBe(true);
    expect(isImageCurrent('pause', null)).toBe(false);
  });

  it('a throwing progress listener never breaks the work', () => {
    const seen: string[] = [];
    expect(() =>
      safeEmit(
        (e) => {
          seen.push(e.phase);
          throw new Error('display broke');
        },
        { image: 'x', phase: 'build' },
      ),
    ).not.toThrow();
    expect(seen).toEqual(['build']);
    expect(() => safeEmit(undefined, { image: 'x', phase: 'done' })).not.toThrow();
  });
});

describe('runDockerStream (on a plain stream)', () => {
  const open = (s: PassThrough) => () => Promise.resolve(s as NodeJS.ReadableStream);

  it('resolves every event in order, lines split across chunks and multi-byte characters included', async () => {
    const s = new PassThrough();
    const seen: DockerStreamEvent[] = [];
    const done = runDockerStream(open(s), { idleTimeoutMs: 5_000, onEvent: (e) => seen.push(e) });
    const text = '{"status":"Pulling"}\n{"stream":"Step 1/2 — ok"}\nplain text line\n{"aux":{"ID":"sha256:1"}}';
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(Buffer.from('—')) + 1; // inside the 3-byte em dash
    s.write(bytes.subarray(0, cut));
    s.write(bytes.subarray(cut));
    s.end();
    const events = await done;
    expect(events).toEqual([{ status: 'Pulling' }, { stream: 'Step 1/2 — ok' }, { stream: 'plain text line' }, { aux: { ID: 'sha256:1' } }]);
    expect(seen).toEqual(events);
  });

  it('rejects on an error event with the engine words, preferring errorDetail', async () => {
    const s = new PassThrough();
    const done = runDockerStream(open(s), { idleTimeoutMs: 5_000 });
    s.write('{"status":"x"}\n{"error":"short","errorDetail":{"message":"pull access denied for nope "}}\n');
    const err = await done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerStreamFailure);
    expect((err as Error).message).toBe('pull access denied for nope');
  });

  it('rejects a stream cut before its end', async () => {
    const s = new PassThrough();
    const done = runDockerStream(open(s), { idleTimeoutMs: 5_000 });
    s.write('{"status":"x"}\n');
    s.destroy();
    await expect(done).rejects.toThrow('closed the stream before it ended');
  });

  it('rejects when the engine stays silent, saying what it waited for', async () => {
    const s = new PassThrough();
    const done = runDockerStream(open(s), { idleTimeoutMs: 20, idleMessage: 'the registry' });
    const err = await done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerStreamTimeout);
    expect((err as Error).message).toMatch(/^the registry sent nothing for \d+ s$/);
    expect(s.destroyed).toBe(true);
  });

  it('rejects when the request itself fails, and when an input stream fails', async () => {
    await expect(runDockerStream(() => Promise.reject(new Error('connect ENOENT')), { idleTimeoutMs: 5_000 })).rejects.toThrow('connect ENOENT');
    const input = new PassThrough();
    const s = new PassThrough();
    const done = runDockerStream(open(s), { idleTimeoutMs: 5_000, inputs: [input] });
    input.emit('error', new Error('tar failed'));
    await expect(done).rejects.toThrow('tar failed');
  });
});
