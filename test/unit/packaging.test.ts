// electron-builder.yml, checked offline by electron-builder's own code: its loader reads the file,
// its validator (the JSON schema it ships) must accept it and must refuse a misspelled key, and its
// file matchers decide what goes into app.asar, what is unpacked and what lands in resources/ —
// so the installers `npm run dist:desktop` makes hold the app's entry, its page, node-pty and labs.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher.js';
import type { Configuration, PlatformSpecificBuildOptions } from 'app-builder-lib';
import { DebugLogger, type Filter } from 'builder-util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../electron/engine/base/config.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Where a packaged app's app.asar and extra resources go (any folder: only relative paths matter). */
const RESOURCES = path.join(ROOT, 'release', 'linux-unpacked', 'resources');

const validate = (config: Configuration) => validateConfiguration(config, new DebugLogger(false));

/** A file (not a folder) as electron-builder's filters see it while walking the tree. */
const FILE = { isDirectory: () => false } as unknown as Stats;

/** electron-builder's filter for one kind of file set (files, asarUnpack, extraResources), as its packager builds it. */
function filterFor(config: Configuration, name: 'files' | 'asarUnpack' | 'extraResources', platform: PlatformSpecificBuildOptions, dest: string) {
  const matchers = getFileMatchers(config, name, dest, { macroExpander: (p) => p, customBuildOptions: platform, globalOutDir: path.join(ROOT, 'release'), defaultSrc: ROOT });
  expect(matchers, `${name} is set`).not.toBeNull();
  // The packager takes the first matcher as the app's; one made only of exclusions (a platform
  // section's `files: ["!…"]`) would get "**/*" prepended, and the whole project shipped.
  const [matcher] = matchers ?? [];
  if (!matcher) throw new Error(`no ${name} matcher`);
  expect(matcher.containsOnlyIgnore(), `${name}: ${matcher.toString()}`).toBe(false);
  const filter: Filter = matcher.createFilter();
  return { matcher, takes: (rel: string) => filter(path.join(matcher.from, rel), FILE) };
}

/** A constant of electron/main/main.ts (it imports Electron, so it is read as text, not loaded). */
function mainConstant(name: string): string {
  const source = readFileSync(path.join(ROOT, 'electron/main/main.ts'), 'utf8');
  const value = new RegExp(`const ${name} = '([^']+)'`).exec(source)?.[1];
  if (!value) throw new Error(`electron/main/main.ts has no ${name}`);
  return value;
}

let config: Configuration;

beforeAll(async () => {
  // The same loader the CLI uses: electron-builder.yml in the project folder, `extends` resolved.
  config = await getConfig(ROOT, null, null);
}, 30_000);

describe("electron-builder's own validation", () => {
  // The first validation compiles electron-builder's whole schema (about a second alone, more
  // beside the other test files on two cores); the next ones reuse it.
  it('accepts electron-builder.yml', { timeout: 30_000 }, async () => {
    expect(config.appId).toBe('dev.podlab.app');
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('refuses the same config with a misspelled key, top-level or nested', async () => {
    const { asarUnpack, ...rest } = config;
    await expect(validate({ ...rest, asarUnpak: asarUnpack } as Configuration)).rejects.toThrow(/unknown property 'asarUnpak'/);
    const linux = { ...config.linux, maintaner: 'Podlab contributors <maintainers@podlab.dev>' };
    // Nested, the schema's anyOf (an object or null) hides the key's name but still names the section.
    await expect(validate({ ...config, linux })).rejects.toThrow(/configuration\.linux should be one of these/);
    await expect(validate({ ...config, npmRebuild: 'never' } as unknown as Configuration)).rejects.toThrow(/npmRebuild should be a boolean/);
  });
});

describe('what the installers hold', () => {
  it('no native rebuild: node-pty is an N-API module, prebuilt or compiled at install', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('AppImage and deb on Linux (with a maintainer), dmg on macOS, NSIS on Windows, into release/', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.maintainer).toMatch(/<[^@>\s]+@[^>\s]+>/);
    expect(config.linux?.category).toBe('Development');
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
    expect(config.directories?.output).toBe('release');
    expect(readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('release/');
  });

  it("app.asar holds package.json's main, the preload, the page, the build id and the CLI; not tests, sources or maps", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    for (const platform of [config.linux, config.mac, config.win]) {
      const files = filterFor(config, 'files', platform ?? {}, path.join(RESOURCES, 'app'));
      for (const rel of [pkg.main, 'package.json', mainConstant('PRELOAD'), `${mainConstant('RENDERER_DIR')}/index.html`, 'dist/build-id', 'dist/electron/engine/engine.js', 'bin/podlab.js', 'dist/cli/podlab.mjs']) {
        expect(files.takes(rel), rel).toBe(true);
      }
      for (const rel of ['dist/test/unit/contract.test.js', 'electron/main/main.ts', `${pkg.main}.map`, 'labs/process-groups/lab.yaml', 'dist/cli/podlab.mjs.map']) {
        expect(files.takes(rel), rel).toBe(false);
      }
    }
  });

  it("node-pty is unpacked from app.asar: its binaries and macOS's spawn-helper run by path", () => {
    const unpack = filterFor(config, 'asarUnpack', config.linux ?? {}, path.join(RESOURCES, 'app'));
    for (const rel of ['node_modules/node-pty/build/Release/pty.node', 'node_modules/node-pty/prebuilds/darwin-arm64/spawn-helper', 'node_modules/node-pty/lib/index.js']) {
      expect(unpack.takes(rel), rel).toBe(true);
    }
    expect(unpack.takes('dist/electron/main/main.js')).toBe(false);
  });

  it('labs ship as a real folder, <resources>/labs: lab content, manifests and image sources', () => {
    const labs = filterFor(config, 'extraResources', config.linux ?? {}, RESOURCES);
    expect(labs.matcher.from).toBe(path.join(ROOT, 'labs'));
    expect(labs.matcher.to).toBe(path.join(RESOURCES, 'labs'));
    for (const rel of ['process-groups/lab.yaml', 'examples/init-and-sidecar.yaml', 'lab.schema.json', 'images/pause/pause.c', 'images/toolbox/Dockerfile']) {
      expect(labs.takes(rel), rel).toBe(true);
    }
  });
});

describe("the packaged app's labs folder", () => {
  const saved = Object.getOwnPropertyDescriptor(process, 'resourcesPath');
  let tmp: string | undefined;
  afterEach(() => {
    if (saved) Object.defineProperty(process, 'resourcesPath', saved);
    else delete (process as { resourcesPath?: string }).resourcesPath;
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('is <resources>/labs when Electron runs it from an installer, else the project\'s labs/', () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'podlab-resources-'));
    Object.defineProperty(process, 'resourcesPath', { value: tmp, configurable: true, writable: true });
    expect(loadConfig({}).labsDir).toBe(path.join(ROOT, 'labs'));
    mkdirSync(path.join(tmp, 'labs'));
    expect(loadConfig({}).labsDir).toBe(path.join(tmp, 'labs'));
    expect(loadConfig({ PODLAB_LABS_DIR: '/elsewhere/labs' }).labsDir).toBe(path.resolve('/elsewhere/labs'));
  });
});
