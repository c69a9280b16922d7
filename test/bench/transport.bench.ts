// `npm run bench:transport`: terminal output over the browser transport — `seq 1 2000000` in a
// container session streamed over the WebSocket of a real `podlab serve` process to a headless
// xterm that acknowledges as a view does — against the same session consumed in process (ratio =
// median of per-round ratios); then keystroke echo over the WebSocket while another session floods.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../electron/engine/base/config.js';
import { Engine } from '../../electron/engine/engine.js';
import { ACK_UNIT } from '../../electron/engine/model.js';
import { parsePodManifests } from '../../electron/engine/pods/manifest/parse.js';
import { ServeProcess } from './serve-process.js';
import { median, pairedRatio, percentile } from './stats.js';
import { measureEcho } from './transport-echo.js';
import { inProcess, overWebSocket, type OpenViewed } from './viewed-session.js';
import { ApiClient } from './ws-client.js';
import type { XtermView } from './xterm-view.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LINES = Number(process.env.BENCH_LINES ?? 2_000_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 300);
const TOOLBOX = process.env.PODLAB_TOOLBOX_IMAGE ?? 'podlab/toolbox:1';
const GOAL_RATIO = 0.9;
const GOAL_P50_MS = 10;
const GOAL_P95_MS = 30;

const POD = `bench-transport-${process.pid}`;
/** Waits for Enter, then floods: the clock starts once the view is attached, on either path. */
const SEQ_COMMAND = ['sh', '-c', `read _ && exec seq 1 ${LINES}`];

interface Run {
  ms: number;
  /** Output bytes the view parsed between Enter and the exit. */
  bytes: number;
  /** Messages that carried them: WebSocket frames, or the session's data events in process. */
  chunks: number;
  acks: number;
  /** CPU of the bench process (in process: the session, its replay screen and the view). */
  clientCpuMs: number;
  /** WebSocket only: CPU of the `podlab serve` process. */
  serverCpuMs?: number;
  /** In process only: how often flow control paused the source. */
  pauses?: number;
}

/** Enter starts the flood; the clock stops once the exit has arrived and xterm has parsed every byte. */
async function timeFlood(view: XtermView, exited: Promise<void>, enter: () => void): Promise<Run> {
  const [bytes0, chunks0, acks0] = [view.bytes, view.chunks, view.acks];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  enter();
  await exited;
  await view.drained();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, bytes: view.bytes - bytes0, chunks: view.chunks - chunks0, acks: view.acks - acks0, clientCpuMs: (cpu.user + cpu.system) / 1000 };
}

/** One flood on either path: Enter, then `seq` until it exits and the view has parsed it all. */
async function measureFlood(open: OpenViewed): Promise<Run> {
  const session = await open(SEQ_COMMAND);
  try {
    const run = await timeFlood(session.view, session.exited, () => session.input('\r'));
    return session.pauses ? { ...run, pauses: session.pauses() } : run;
  } finally {
    await session.close();
  }
}

/** The same over the WebSocket, with the CPU the server spent meanwhile. */
async function measureFloodOverWs(open: OpenViewed, server: ServeProcess): Promise<Run> {
  const cpu0 = server.cpuMs();
  const run = await measureFlood(open);
  const cpu1 = server.cpuMs();
  return cpu0 !== undefined && cpu1 !== undefined ? { ...run, serverCpuMs: cpu1 - cpu0 } : run;
}

/** The source's own rate: the same command through `docker exec -t` into /dev/null (no view, no flow control). */
function dockerCliMs(containerId: string): number {
  const t = performance.now();
  const r = spawnSync('docker', ['exec', '-t', containerId, 'seq', '1', String(LINES)], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`docker exec -t ${containerId} seq exited with ${String(r.status)}`);
  return performance.now() - t;
}

const rate = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const mbps = (r: Run) => rate(r.bytes, r.ms);
const med = (runs: Run[], f: (r: Run) => number | undefined) => median(runs.map((r) => f(r) ?? NaN));
const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');

async function main(): Promise<void> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-bench-transport-'));
  const engine = await Engine.connect(loadConfig(process.env, { stateDir }));
  let server: ServeProcess | undefined;
  let api: ApiClient | undefined;
  let cleaning: Promise<void> | undefined;
  // The Pod and the server go whatever happens: an error, or Ctrl-C halfway through.
  const cleanup = () =>
    (cleaning ??= (async () => {
      await api?.close().catch(() => undefined);
      await server?.stop();
      await engine.remove({ all: true, group: POD }, { graceSeconds: 0 }).catch(() => undefined);
      await engine.close();
      rmSync(stateDir, { recursive: true, force: true });
    })());
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    // One idle container; every session of the bench execs into it (JSON is YAML too).
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: POD }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'shell', image: TOOLBOX, command: ['sleep', '100000'] }] } };
    const [applied] = await engine.apply(parsePodManifests(JSON.stringify(pod), 'bench-transport.json'), { group: POD });
    await engine.wait([applied?.uid as string], 60_000);
    const ctr = (await engine.list({ group: POD }))[0]?.containerStatuses[0]?.containerId as string;
    // The server shares the state directory, so it sees the same Pod (the home label follows it).
    server = await ServeProcess.start(stateDir);
    api = await ApiClient.connect(server.served);
    const ws = overWebSocket(api, server.served, POD);
    const local = inProcess(engine.terminalHost, POD);

    // 1. Throughput: in process and over the WebSocket back to back, alternating which goes first;
    //    then the docker CLI alone, the floor both stand on.
    const locals: Run[] = [];
    const remotes: Run[] = [];
    const cli: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const first = i % 2 ? undefined : await measureFlood(local);
      const r = await measureFloodOverWs(ws, server);
      const l = first ?? (await measureFlood(local));
      const c = dockerCliMs(ctr);
      if (l.bytes !== r.bytes) throw new Error(`the views parsed different output: ${l.bytes} bytes in process, ${r.bytes} over the WebSocket`);
      if (i === 0) continue; // warm-up
      locals.push(l);
      remotes.push(r);
      cli.push(c);
      process.stderr.write(
        `round ${i}: in process ${mbps(l).toFixed(2)} MB/s (${l.chunks} chunks, ${l.pauses ?? 0} pauses, CPU ${l.clientCpuMs.toFixed(0)} ms), ` +
          `WebSocket ${mbps(r).toFixed(2)} MB/s (${r.chunks} frames, CPU ${r.serverCpuMs?.toFixed(0) ?? '?'} ms server + ${r.clientCpuMs.toFixed(0)} ms client), ` +
          `docker exec -t ${rate(r.bytes, c).toFixed(2)} MB/s\n`,
      );
    }
    const ratio = pairedRatio(locals.map((r) => r.ms), remotes.map((r) => r.ms)); // t_local / t_ws = rate_ws / rate_local

    // 2. Echo over the WebSocket, quiet and during a flood in another session of the same container.
    const echo = await measureEcho(ws, KEYS);
    const echoLocal = await measureEcho(local, KEYS);

    const left = await api.call('terminals.list', {});
    const counts = engine.terminalHost.counts();
    if (left.length || Object.values(counts).some((n) => n !== 0)) throw new Error(`leaked terminal sessions: ${left.length} in the server, ${JSON.stringify(counts)} in process`);

    const bytes = median(remotes.map((r) => r.bytes));
    const [lm, rm, cm] = [med(locals, (r) => r.ms), med(remotes, (r) => r.ms), median(cli)];
    const [p50, p95] = [percentile(echo.flood, 50), percentile(echo.flood, 95)];
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const row = (what: string, ours: string, base: string, theirs: string, ratioText: string, goal: string) =>
      console.log(`${what.padEnd(36)} ${ours.padStart(8)}   ${base.padEnd(26)} ${theirs.padStart(8)}   ${ratioText.padEnd(6)}  ${goal}`);
    console.log(`\nTerminal output: seq 1 ${LINES} (${(bytes / 1e6).toFixed(1)} MB through a TTY) into a headless xterm acking every ${ACK_UNIT} bytes from its write callback.`);
    console.log(`podlab serve ${server.served.origin} (build ${api.hello.build}); medians of ${RUNS} rounds after a warm-up; echo over ${echo.flood.length} keystrokes.\n`);
    row('measure', 'podlab', 'baseline', 'value', 'ratio', 'goal');
    row('seq → WebSocket → xterm, MB/s', rate(bytes, rm).toFixed(2), 'same session, in process', rate(bytes, lm).toFixed(2), `${ratio.toFixed(2)}×`, `≥ ${GOAL_RATIO}× ${verdict(ratio >= GOAL_RATIO)}`);
    const [l50, l95] = [percentile(echoLocal.flood, 50), percentile(echoLocal.flood, 95)];
    row('echo p50 during a flood, ms', p50.toFixed(1), 'same, in process', l50.toFixed(1), `${(p50 / l50).toFixed(2)}×`, `≤ ${GOAL_P50_MS} ms ${verdict(p50 <= GOAL_P50_MS)}`);
    row('echo p95 during a flood, ms', p95.toFixed(1), 'same, in process', l95.toFixed(1), `${(p95 / l95).toFixed(2)}×`, `≤ ${GOAL_P95_MS} ms ${verdict(p95 <= GOAL_P95_MS)}`);
    console.log(`\nper round, MB/s: WebSocket ${list(remotes.map(mbps))}; in process ${list(locals.map(mbps))}; docker exec -t ${list(cli.map((ms) => rate(bytes, ms)))}`);
    console.log('\nwhere the time goes (medians per round):');
    console.log(
      `  the source: \`docker exec -t … seq\` into /dev/null alone takes ${cm.toFixed(0)} ms (${rate(bytes, cm).toFixed(2)} MB/s); ` +
        `the WebSocket path takes ${(rm / cm).toFixed(2)}× that, the in-process path ${(lm / cm).toFixed(2)}×`,
    );
    console.log(`  in process: ${lm.toFixed(0)} ms, ${med(locals, (r) => r.clientCpuMs).toFixed(0)} ms CPU in one thread (session, replay screen, view); ${med(locals, (r) => r.chunks).toFixed(0)} chunks, ${med(locals, (r) => r.pauses).toFixed(0)} flow pauses`);
    console.log(
      `  WebSocket:  ${rm.toFixed(0)} ms, ${med(remotes, (r) => r.serverCpuMs).toFixed(0)} ms CPU in podlab serve (session, replay screen, ws) + ${med(remotes, (r) => r.clientCpuMs).toFixed(0)} ms in the client (ws, view); ` +
        `${med(remotes, (r) => r.chunks).toFixed(0)} frames of ${(bytes / med(remotes, (r) => r.chunks) / 1000).toFixed(1)} kB mean, ${med(remotes, (r) => r.acks)} acks`,
    );
    for (const [what, e] of [['WebSocket', echo], ['in process', echoLocal]] as const) {
      console.log(
        `  echo ${what}: quiet p50 ${percentile(e.idle, 50).toFixed(1)} / p95 ${percentile(e.idle, 95).toFixed(1)} ms; flood p50 ${percentile(e.flood, 50).toFixed(1)} / p95 ${percentile(e.flood, 95).toFixed(1)} / max ${Math.max(...e.flood).toFixed(1)} ms ` +
          `with ${rate(e.floodBytes, e.floodMs).toFixed(2)} MB/s viewed meanwhile; the bench's event loop late by p50 ${e.loopDelayP50.toFixed(1)} / p99 ${e.loopDelayP99.toFixed(1)} ms`,
      );
    }
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
