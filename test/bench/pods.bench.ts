// `npm run bench:pods`: how fast Podlab builds and removes a Pod (pause + 2 joined containers),
// against baselines measured in the same run: the same Engine API payloads sent directly through
// dockerode (joins in parallel) — the floor — and three `docker run -d` calls through the CLI.
// Each round measures Podlab and its baseline back to back (order alternating); a ratio is the
// median of the per-round ratios, which a noisy machine drifting between rounds does not skew.
// Ratios < 1 mean Podlab is faster.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from '../../electron/engine/base/config.js';
import { median, pairedRatio, timed } from './stats.js';
import { Engine } from '../../electron/engine/engine.js';
import { parsePodManifests } from '../../electron/engine/pods/manifest/parse.js';
import { planPod } from '../../electron/engine/pods/sync/plan.js';
import { querySupervisor } from '../../electron/engine/pods/supervisor/socket.js';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'bin', 'podlab.js');
const TOOLBOX = process.env.PODLAB_TOOLBOX_IMAGE ?? 'podlab/toolbox:1';

const YAML = `apiVersion: v1
kind: Pod
metadata: {name: bench}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: a, image: ${TOOLBOX}, command: [sleep, '100000']}
  - {name: b, image: ${TOOLBOX}, command: [sleep, '100000']}
`;

async function main(): Promise<void> {
  // Two Podlab homes: the in-process engine runs alone; the CLI works as a user's does, with the
  // supervisor daemon its first apply starts (later commands are served by it, warm).
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-bench-'));
  const cliStateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-bench-cli-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PODLAB_STATE_DIR: cliStateDir };
  delete env.PODLAB_NO_SUPERVISOR;
  const engine = await Engine.connect(loadConfig(process.env, { stateDir }));
  const docker = engine.docker;
  const yamlFile = path.join(stateDir, 'bench.yaml');
  writeFileSync(yamlFile, YAML);
  const parsed = parsePodManifests(YAML, yamlFile);
  const group = 'bench';
  let seq = 0;

  // The floor: exactly Podlab's payloads (from the pure plan), sent in the plain order —
  // infra create, infra start, then each joined container created and started, in parallel.
  const floorUp = async (): Promise<string[]> => {
    const plan = planPod(parsed[0]!.pod, { uid: `floor-${process.pid}-${seq++}`, group, home: engine.rt.home, pauseImage: engine.config.pauseImage, apiVersion: engine.rt.apiVersion, createdAt: new Date().toISOString() });
    const infra = await docker.createContainer(plan.infra.body);
    await infra.start();
    const ids = await Promise.all(
      plan.containers.map(async (c) => {
        const ctr = await docker.createContainer(c.body);
        await ctr.start();
        return ctr.id;
      }),
    );
    return [infra.id, ...ids];
  };
  const floorDown = async (ids: string[]) => {
    await Promise.all(ids.slice(1).map((id) => docker.getContainer(id).remove({ force: true })));
    await docker.getContainer(ids[0]!).remove({ force: true });
  };
  const cliUp = async (n: number) => {
    const infra = `bench-cli-${process.pid}-${n}`;
    const label = ['--label', 'io.podlab.owned=true', '--label', `io.podlab.group=${group}`];
    await run('docker', ['run', '-d', '--name', infra, ...label, '--ipc', 'shareable', '--hostname', 'bench', engine.config.pauseImage]);
    for (const c of ['a', 'b']) {
      await run('docker', ['run', '-d', '--name', `${infra}-${c}`, ...label, '--network', `container:${infra}`, '--ipc', `container:${infra}`, TOOLBOX, 'sleep', '100000']);
    }
    return [infra, `${infra}-a`, `${infra}-b`];
  };

  const r = { floorUp: [] as number[], podlabUp: [] as number[], floorDown: [] as number[], podlabDown: [] as number[], cliRun: [] as number[], cliApply: [] as number[], cliRm: [] as number[], podlabRm: [] as number[] };
  const total = RUNS + 2;
  for (let i = 0; i < total; i++) {
    const warm = i < 2; // the first two rounds warm caches and are not counted
    const rec = (k: keyof typeof r, v: number) => !warm && r[k].push(v);
    const order = i % 2 ? ['podlab', 'floor'] : ['floor', 'podlab'];
    for (const who of order) {
      if (who === 'floor') {
        let ids: string[] = [];
        rec('floorUp', await timed(async () => (ids = await floorUp())));
        rec('floorDown', await timed(() => floorDown(ids)));
      } else {
        rec('podlabUp', await timed(() => engine.apply(parsed, { group })));
        rec('podlabDown', await timed(() => engine.remove({ name: 'bench' }, { graceSeconds: 0 })));
      }
    }
    for (const who of order) {
      if (who === 'floor') {
        let names: string[] = [];
        rec('cliRun', await timed(async () => (names = await cliUp(i))));
        rec('cliRm', await timed(() => run('docker', ['rm', '-f', ...names])));
      } else {
        rec('cliApply', await timed(() => run(process.execPath, [CLI, 'pod', 'apply', '-f', yamlFile, '--group', group], { env })));
        rec('podlabRm', await timed(() => run(process.execPath, [CLI, 'pod', 'rm', 'bench'], { env })));
      }
    }
    process.stderr.write(warm ? 'w' : '.');
  }
  process.stderr.write('\n');
  await engine.remove({ all: true, group }, { graceSeconds: 0 }).catch(() => undefined);
  await run(process.execPath, [CLI, 'pod', 'rm', '--all', '--grace', '0'], { env }).catch(() => undefined);
  const daemon = await querySupervisor(cliStateDir);
  if (daemon) process.kill(daemon.pid, 'SIGTERM');
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(cliStateDir, { recursive: true, force: true });

  type Key = keyof typeof r;
  const rows: [string, Key, string, Key, number | undefined][] = [
    ['pod up, in-process (engine.apply)', 'podlabUp', 'raw dockerode floor', 'floorUp', 1.1],
    ['pod delete, in-process (engine.remove)', 'podlabDown', 'raw dockerode floor', 'floorDown', undefined],
    ['`podlab pod apply` (CLI, end to end)', 'cliApply', '3 × `docker run -d`', 'cliRun', 0.9],
    ['`podlab pod rm` (CLI, end to end)', 'podlabRm', '`docker rm -f` of 3', 'cliRm', undefined],
  ];
  console.log(`\nPod = pause + 2 joined containers; medians of ${RUNS} runs (after 2 warm-up rounds), one process run.`);
  console.log('The CLI rows include the supervisor daemon the first `podlab pod apply` starts, as for a user.\n');
  console.log(`${'measure'.padEnd(40)} ${'podlab'.padStart(9)}   ${'baseline'.padEnd(22)} ${'ms'.padStart(8)}   ratio   target`);
  for (const [what, oursKey, base, theirsKey, target] of rows) {
    const ours = median(r[oursKey]);
    const theirs = median(r[theirsKey]);
    const ratio = pairedRatio(r[oursKey], r[theirsKey]);
    const verdict = target === undefined ? '' : `≤ ${target.toFixed(2)} ${ratio <= target ? 'met' : 'MISSED'}`;
    console.log(`${what.padEnd(40)} ${ours.toFixed(0).padStart(7)}ms   ${base.padEnd(22)} ${theirs.toFixed(0).padStart(6)}ms   ${ratio.toFixed(2)}×   ${verdict}`);
  }
}

await main();
