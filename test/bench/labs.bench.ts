// `npm run bench:labs`: how fast a one-click lab reset brings a lab back (test/fixtures/labs-bench/
// bench-reset: 2 Pods, 5 containers in all, plus an infra each, one emptyDir), timed until every
// container of the lab runs again. Against a floor measured in the same run: the same removals and
// creations sent straight through dockerode — the lab's containers (force) and volumes removed,
// then exactly the payloads of Podlab's plan for those Pods (volumes, infra, then the joined
// containers in parallel; both Pods in parallel, as apply does). Each round measures Podlab and the
// floor back to back (order alternating), both starting from the same lab that Podlab started; a
// ratio is the median of the per-round ratios. Ratios < 1 mean Podlab is faster.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { loadConfig } from '../../electron/engine/base/config.js';
import { LABEL_GROUP, LABEL_HOME, LABEL_OWNED, LABEL_TYPE, TYPE_SANDBOX } from '../../electron/engine/docker/labels.js';
import { Engine } from '../../electron/engine/engine.js';
import type { LabProgressEvent } from '../../electron/engine/labs/runner.js';
import { planPod } from '../../electron/engine/pods/sync/plan.js';
import { median, pairedRatio, timed } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LABS_DIR = path.join(ROOT, 'test/fixtures/labs-bench');
const LAB = 'bench-reset';
const GOAL_RATIO = 1.3;
const GOAL_MS = 1500;

async function main(): Promise<void> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-bench-labs-'));
  const engine = await Engine.connect(loadConfig(process.env, { stateDir, labsDir: LABS_DIR }));
  const docker = engine.docker;
  const loaded = engine.labs.lab(LAB);
  const expected = loaded.pods.map((p) => ({ name: p.pod.metadata.name, containers: p.pod.spec.containers.length }));
  const labelFilter = { label: [`${LABEL_OWNED}=true`, `${LABEL_GROUP}=${LAB}`, `${LABEL_HOME}=${engine.rt.home}`] };
  let seq = 0;

  /** Until every Pod of the lab has its sandbox and all its containers running. */
  const allRunning = async (): Promise<void> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pods = await engine.list({ group: LAB });
      const up = expected.every((e) => {
        const p = pods.find((x) => x.name === e.name);
        return (
          p?.sandbox?.state === 'running' &&
          p.containerStatuses.length === e.containers &&
          p.containerStatuses.every((c) => 'running' in c.state && c.ready)
        );
      });
      if (up) return;
      if (Date.now() > deadline) throw new Error(`lab ${LAB}: not all running within 60s: ${JSON.stringify(pods.map((p) => [p.name, p.display, p.ready]))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  /** The lab's containers (this Podlab home's, group = lab id): joined ones first, then the infras. */
  const removeLab = async (): Promise<void> => {
    const all = await docker.listContainers({ all: true, filters: labelFilter });
    const isInfra = (c: Docker.ContainerInfo) => c.Labels[LABEL_TYPE] === TYPE_SANDBOX;
    await Promise.all(all.filter((c) => !isInfra(c)).map((c) => docker.getContainer(c.Id).remove({ force: true })));
    await Promise.all(all.filter(isInfra).map((c) => docker.getContainer(c.Id).remove({ force: true })));
    const { Volumes } = await docker.listVolumes({ filters: labelFilter });
    await Promise.all((Volumes ?? []).map((v) => docker.getVolume(v.Name).remove()));
  };

  /** Exactly Podlab's payloads from the pure plan: volumes, infra create+start, joined containers in parallel. */
  const floorUp = async (): Promise<void> => {
    const n = seq++;
    await Promise.all(
      loaded.pods.map(async (p) => {
        const plan = planPod(p.pod, { uid: `floor-${process.pid}-${n}-${p.pod.metadata.name}`, group: LAB, home: engine.rt.home, pauseImage: engine.config.pauseImage, apiVersion: engine.rt.apiVersion, createdAt: new Date().toISOString() });
        await Promise.all(plan.volumes.map((v) => docker.createVolume(v.body)));
        const infra = await docker.createContainer(plan.infra.body);
        await infra.start();
        await Promise.all(
          plan.containers.map(async (c) => {
            const ctr = await docker.createContainer(c.body);
            await ctr.start();
          }),
        );
      }),
    );
  };

  const r = { podlab: [] as number[], floor: [] as number[], pRemove: [] as number[], pApply: [] as number[], pWait: [] as number[], fRemove: [] as number[], fCreate: [] as number[] };
  const rows: string[] = [];
  await engine.labs.start(LAB);
  await allRunning();
  const total = RUNS + 2;
  try {
    for (let i = 0; i < total; i++) {
      const warm = i < 2; // the first two rounds warm caches and are not counted
      const rec = (k: keyof typeof r, v: number) => !warm && r[k].push(v);
      const order = i % 2 ? ['podlab', 'floor'] : ['floor', 'podlab'];
      const round: Record<string, number> = {};
      for (const who of order) {
        if (who === 'podlab') {
          // Where Podlab's time goes: the runner's own phases (removing → applying → ready), then the wait.
          const marks: Record<string, number> = {};
          const t0 = performance.now();
          let returned = t0;
          const onProgress = (e: LabProgressEvent) => {
            if (e.kind === 'lab') marks[e.phase] ??= performance.now();
          };
          const t = await timed(async () => {
            await engine.labs.reset(LAB, { onProgress });
            returned = performance.now();
            await allRunning();
          });
          const end = t0 + t;
          rec('podlab', t);
          rec('pRemove', (marks.applying ?? t0) - (marks.removing ?? t0));
          rec('pApply', (marks.ready ?? t0) - (marks.applying ?? t0));
          rec('pWait', end - returned);
          round.podlab = t;
        } else {
          let removed = 0;
          const t = await timed(async () => {
            removed = await timed(removeLab);
            await floorUp();
            await allRunning();
          });
          rec('floor', t);
          rec('fRemove', removed);
          rec('fCreate', t - removed);
          round.floor = t;
          // Not timed: back to the lab as Podlab made it, so both start from the same state.
          await removeLab();
          await engine.labs.start(LAB);
          await allRunning();
        }
      }
      const line = `round ${String(i + 1).padStart(2)}${warm ? ' (warm-up)' : '          '}  podlab ${round.podlab!.toFixed(0).padStart(5)}ms   floor ${round.floor!.toFixed(0).padStart(5)}ms   ratio ${(round.podlab! / round.floor!).toFixed(2)}×`;
      rows.push(line);
      process.stderr.write(warm ? 'w' : '.');
    }
  } finally {
    process.stderr.write('\n');
    await engine.labs.stop(LAB).catch(() => undefined);
    await removeLab().catch(() => undefined);
    await engine.close();
    rmSync(stateDir, { recursive: true, force: true });
  }

  const pods = loaded.pods.length;
  const ctrs = expected.reduce((n, e) => n + e.containers, 0);
  console.log(`\nLab reset: ${pods} Pods, ${ctrs} containers (+ ${pods} infras, 1 emptyDir), timed until every container runs again.`);
  console.log(`Medians of ${RUNS} runs (after 2 warm-up rounds), one process run; floor = the same removals and Plan payloads through dockerode.\n`);
  for (const line of rows) console.log(line);
  const ours = median(r.podlab);
  const theirs = median(r.floor);
  const ratio = pairedRatio(r.podlab, r.floor);
  const verdict = ratio <= GOAL_RATIO && ours <= GOAL_MS ? 'met' : 'MISSED';
  console.log(`\n${'measure'.padEnd(40)} ${'podlab'.padStart(9)}   ${'baseline'.padEnd(22)} ${'ms'.padStart(8)}   ratio   target`);
  console.log(`${'lab reset (engine.labs.reset)'.padEnd(40)} ${ours.toFixed(0).padStart(7)}ms   ${'raw dockerode floor'.padEnd(22)} ${theirs.toFixed(0).padStart(6)}ms   ${ratio.toFixed(2)}×   ≤ ${GOAL_RATIO.toFixed(2)} and ≤ ${GOAL_MS} ms ${verdict}`);
  console.log('\nwhere the time goes (medians):');
  console.log(`  podlab: remove ${median(r.pRemove).toFixed(0)}ms, apply ${median(r.pApply).toFixed(0)}ms, wait after reset returned ${median(r.pWait).toFixed(0)}ms`);
  console.log(`  floor:  remove ${median(r.fRemove).toFixed(0)}ms, create+start until running ${median(r.fCreate).toFixed(0)}ms`);
}

await main();
