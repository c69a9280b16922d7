// `doctor` and `connectDocker` against the real engine, checked independently with the docker CLI;
// and against endpoints where no engine answers (a missing socket, a refused loopback port).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../support/rejection.js';
import { loadConfig, type PodlabConfig } from '../../electron/engine/base/config.js';
import { connectDocker } from '../../electron/engine/docker/connect.js';
import { formatDoctor } from '../../electron/cli/render-doctor.js';
import { doctor } from '../../electron/engine/doctor.js';

const SOCKET = 'unix:///var/run/docker.sock';
/** A throwaway image this file creates and removes; labelled so it reads as Podlab's. */
const PROBE_IMAGE = `podlab-test/doctor-probe:${process.pid}`;
const MISSING_IMAGE = `podlab-test/doctor-missing:${process.pid}`;

let work: string;
/** The docker CLI pinned to the same engine, with an empty config so no context can interfere. */
function dockerCli(args: string[], configDir = path.join(work, 'cli-config')): string {
  return execFileSync('docker', args, {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_HOST: SOCKET, DOCKER_CONFIG: configDir, DOCKER_CONTEXT: '' },
  }).trim();
}

function config(overrides: Partial<PodlabConfig> = {}): PodlabConfig {
  return loadConfig({}, { pauseImage: PROBE_IMAGE, toolboxImage: MISSING_IMAGE, ...overrides });
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'podlab-doctor-'));
  fs.mkdirSync(path.join(work, 'cli-config'));
  const rootfs = path.join(work, 'rootfs');
  fs.mkdirSync(rootfs);
  fs.writeFileSync(path.join(rootfs, 'probe'), 'podlab doctor probe\n');
  execFileSync('tar', ['-C', rootfs, '-cf', path.join(work, 'rootfs.tar'), '.']);
  dockerCli(['import', '--change', 'LABEL io.podlab.owned=true', path.join(work, 'rootfs.tar'), PROBE_IMAGE]);
});

afterAll(() => {
  try {
    dockerCli(['image', 'rm', PROBE_IMAGE]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

describe('doctor against the real engine', () => {
  it('reaches the default socket and reports what the docker CLI reports', async () => {
    const home = fs.mkdtempSync(path.join(work, 'home-'));
    const report = await doctor(config(), { env: {}, home, platform: 'linux' });

    expect(report.reachable).toBe(true);
    expect(report.endpoint).toEqual({ url: SOCKET, source: 'default' });
    expect(report.endpointSource).toBe('the default socket');
    const engine = report.engine;
    expect(engine).not.toBeNull();
    if (!engine) return;
    expect(engine.serverVersion).toBe(dockerCli(['version', '--format', '{{.Server.Version}}']));
    expect(engine.apiVersion).toBe(dockerCli(['version', '--format', '{{.Server.APIVersion}}']));
    expect(`${engine.os}/${engine.arch}`).toBe(dockerCli(['version', '--format', '{{.Server.Os}}/{{.Server.Arch}}']));
    expect(engine.kernelVersion).toBe(dockerCli(['info', '--format', '{{.KernelVersion}}']));
    expect(engine.storageDriver).toBe(dockerCli(['info', '--format', '{{.Driver}}']));
    expect(engine.cgroupVersion).toBe(dockerCli(['info', '--format', '{{.CgroupVersion}}']));
    expect(engine.cgroupDriver).toBe(dockerCli(['info', '--format', '{{.CgroupDriver}}']));
    expect(engine.operatingSystem).toBe(dockerCli(['info', '--format', '{{.OperatingSystem}}']));
    expect(engine.securityOptions).toEqual(JSON.parse(dockerCli(['info', '--format', '{{json .SecurityOptions}}'])) ?? []);
  });

  it('reports the images: present with id and size, missing with the next step', async () => {
    const report = await doctor(config(), { env: {}, home: fs.mkdtempSync(path.join(work, 'home-')) });
    const [pause, toolbox] = report.images;
    expect(pause).toMatchObject({
      role: 'pause',
      ref: PROBE_IMAGE,
      present: true,
      id: dockerCli(['image', 'inspect', '--format', '{{.Id}}', PROBE_IMAGE]),
      sizeBytes: Number(dockerCli(['image', 'inspect', '--format', '{{.Size}}', PROBE_IMAGE])),
    });
    expect(toolbox).toEqual({ role: 'toolbox', ref: MISSING_IMAGE, present: false });
    expect(report.problems[0]).toEqual({
      severity: 'error',
      message: `the toolbox image ${MISSING_IMAGE} is missing`,
      hint: 'run `podlab images build`',
    });
    expect(report.ok).toBe(false);

    const both = await doctor(config({ toolboxImage: PROBE_IMAGE }), { env: {}, home: fs.mkdtempSync(path.join(work, 'home-')) });
    expect(both.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(both.ok).toBe(true);
  });

  it('prints a readable report and plain JSON', async () => {
    const report = await doctor(config(), { env: {}, home: fs.mkdtempSync(path.join(work, 'home-')) });
    const text = formatDoctor(report);
    expect(text).toContain(`Docker endpoint ${SOCKET} (the default socket)`);
    expect(text).toContain(dockerCli(['version', '--format', '{{.Server.Version}}']));
    expect(text).toMatch(new RegExp(`toolbox +${MISSING_IMAGE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} +missing`));
    expect(text).toContain('→ run `podlab images build`');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('connectDocker', () => {
  it('follows a context the docker CLI created and selected', async () => {
    const cfg = path.join(work, 'ctx-config');
    fs.mkdirSync(cfg);
    dockerCli(['context', 'create', 'podlab-doctor-test', '--docker', `host=${SOCKET}`], cfg);
    dockerCli(['context', 'use', 'podlab-doctor-test'], cfg);

    const { endpoint, version } = await connectDocker(config(), { env: { DOCKER_CONFIG: cfg } });
    expect(endpoint).toEqual({
      url: SOCKET,
      source: 'context',
      context: 'podlab-doctor-test',
      contextFrom: path.join(cfg, 'config.json'),
    });
    expect(version.version).toBe(dockerCli(['version', '--format', '{{.Server.Version}}']));
  });

  it('a socket that does not exist → ENGINE_UNREACHABLE naming the endpoint and where it came from', { timeout: 15_000 }, async () => {
    const setting = 'unix:///tmp/podlab-no-such.sock';
    const err = await rejection(connectDocker(config({ dockerHost: setting }), { env: {}, platform: 'linux' }));
    expect(err.code).toBe('ENGINE_UNREACHABLE');
    expect(err.message).toBe(
      "no Docker engine answers at unix:///tmp/podlab-no-such.sock (from Podlab's Docker host setting): /tmp/podlab-no-such.sock does not exist",
    );
    expect(err.hint).toContain('sudo systemctl start docker');
    // The real engine's socket exists on this machine, so the hint points at it.
    expect(err.hint).toContain(`export PODLAB_DOCKER_HOST=${SOCKET}`);
  });

  it('a refused loopback port from DOCKER_HOST → ENGINE_UNREACHABLE saying DOCKER_HOST', { timeout: 15_000 }, async () => {
    const err = await rejection(connectDocker(config(), { env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } }));
    expect(err.code).toBe('ENGINE_UNREACHABLE');
    expect(err.message).toBe('no Docker engine answers at tcp://127.0.0.1:1 (from DOCKER_HOST): connection refused');
    expect(err.hint).toContain('DOCKER_HOST');
  });
});

describe('doctor without an engine', () => {
  it('says so, with the hint, as PodlabError JSON', { timeout: 15_000 }, async () => {
    const report = await doctor(config({ dockerHost: 'unix:///tmp/podlab-no-such.sock' }), { env: {} });
    expect(report.ok).toBe(false);
    expect(report.reachable).toBe(false);
    expect(report.endpoint).toEqual({ url: 'unix:///tmp/podlab-no-such.sock', source: 'setting' });
    expect(report.engine).toBeNull();
    expect(report.error?.code).toBe('ENGINE_UNREACHABLE');
    expect(report.error?.hint).toBeTruthy();
    expect(report.problems).toEqual([{ severity: 'error', message: report.error?.message, hint: report.error?.hint }]);
    const text = formatDoctor(report);
    expect(text).toContain('Engine          not reachable');
    expect(text).toContain(`→ ${report.error?.hint}`);
  });

  it('a broken config.json leaves the endpoint unresolved and names the file', async () => {
    const cfg = path.join(work, 'broken-config');
    fs.mkdirSync(cfg);
    fs.writeFileSync(path.join(cfg, 'config.json'), '{ "currentContext": ');
    const report = await doctor(config(), { env: { DOCKER_CONFIG: cfg } });
    expect(report.endpoint).toBeNull();
    expect(report.error?.code).toBe('USAGE');
    expect(report.error?.message).toContain(path.join(cfg, 'config.json'));
    expect(formatDoctor(report)).toContain('Docker endpoint unresolved');
  });
});
