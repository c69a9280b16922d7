// `npm run bench:inspect`: one snapshot of 10 Pods × 3 containers (pause + 2) — every process and
// every namespace inode — against what a script does without Podlab, in the same run: `docker top`
// per container through the CLI, and per-container `top` calls through the Engine API (in
// parallel). Each round measures all three back to back; ratios are medians of per-round ratios.
// Engine calls per refresh are counted on the wire.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../electron/engine/base/config.js';
import { median, pairedRatio, timed } from './stats.js';
import { Engine } from '../../electron/engine/engine.js';
import { parsePodManifests } from '../../electron/engine/pods/manifest/parse.js';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const PODS = Number(process.env.BENCH_PODS ?? 10);
const TOOLBOX = process.env.PODLAB_TOOLBOX_IMAGE ?? 'podlab/toolbox:1';

async function main(): Promise<void> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-bench-inspect-'));
  const engine = await Engine.connect(loadConfig(process.env, { stateDir }));
  const docker = engine.docker;
  const group = 'bench-inspect';
  // Count every request dockerode sends for this engine.
  let calls = 0;
  const modem = docker.modem as unknown as { dial: (...a: unknown[]) => unknown };
  const dial = modem.dial.bind(modem);
  modem.dial = (...a: unknown[]) => {
    calls++;
    return dial(...a);
  };
  try {
    const yaml = Array.from(
      { length: PODS },
      (_, i) => `apiVersion: v1
kind: Pod
metadata: {name: inspect-${i}}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: a, image: ${TOOLBOX}, command: [sh, -c, 'sleep 100000 | cat']}
  - {name: b, image: ${TOOLBOX}, command: [sleep, '100000']}
`,
    ).join('---\n');
    await engine.apply(parsePodManifests(yaml, 'bench-inspect.yaml'), { group });
    const pods = await engine.list({ group });
    const ids = pods.flatMap((p) => [p.sandbox?.id as string, ...p.containerStatuses.map((c) => c.containerId as string)]);
    process.stderr.write(`${pods.length} Pods, ${ids.length} containers\n`);

    const r = { podlab: [] as number[], cliTop: [] as number[], apiTop: [] as number[], podlabCalls: [] as number[] };
    let processes = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const warm = i < 2;
      const order = i % 3;
      const steps: (() => Promise<void>)[] = [
        async () => {
          const before = calls;
          const t = await timed(async () => {
            const snap = await engine.inspect();
            processes = snap.pods.flatMap((p) => p.containers.flatMap((c) => c.processes)).length;
          });
          if (!warm) {
            r.podlab.push(t);
            r.podlabCalls.push(calls - before);
          }
        },
        async () => {
          const t = await timed(async () => {
            for (const id of ids) await run('docker', ['top', id]);
          });
          if (!warm) r.cliTop.push(t);
        },
        async () => {
          const t = await timed(() => Promise.all(ids.map((id) => docker.getContainer(id).top())));
          if (!warm) r.apiTop.push(t);
        },
      ];
      for (let k = 0; k < 3; k++) await steps[(k + order) % 3]!();
      process.stderr.write(warm ? 'w' : '.');
    }
    process.stderr.write('\n');
    const ratio = pairedRatio;
    console.log(`\n${PODS} Pods × 3 containers (${ids.length} containers, ${processes} processes); medians of ${RUNS} rounds, one process run.`);
    console.log(`Podlab's snapshot also reads 8 namespace inodes per process; docker top reads none.\n`);
    console.log(`${'measure'.padEnd(46)} ${'ms'.padStart(7)}   engine calls`);
    console.log(`${'podlab snapshot (all Pods, warm helper)'.padEnd(46)} ${median(r.podlab).toFixed(0).padStart(7)}   ${median(r.podlabCalls)}`);
    console.log(`${'`docker top` per container (CLI, sequential)'.padEnd(46)} ${median(r.cliTop).toFixed(0).padStart(7)}   ${ids.length}`);
    console.log(`${'per-container top (Engine API, in parallel)'.padEnd(46)} ${median(r.apiTop).toFixed(0).padStart(7)}   ${ids.length}`);
    const vsCli = ratio(r.podlab, r.cliTop);
    console.log(`\nratio podlab / docker top CLI:  ${vsCli.toFixed(3)}×  (target ≤ 0.30: ${vsCli <= 0.3 ? 'met' : 'MISSED'})`);
    console.log(`ratio podlab / per-container API: ${ratio(r.podlab, r.apiTop).toFixed(3)}×`);
    console.log(`engine calls per refresh: ${median(r.podlabCalls)} for ${pods.length} Pods (O(1): one container list; the helper answers over its attached stream)`);
  } finally {
    await engine.remove({ all: true, group }, { graceSeconds: 0 }).catch(() => undefined);
    await engine.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
