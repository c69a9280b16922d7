// `npm run bench:terminals`: output throughput of a container terminal session — `seq 1 2000000`
// through the session into a headless xterm that acknowledges as a view does — against
// `docker exec -t CTR seq 1 2000000 >/dev/null` through the docker CLI in the same run (ratio =
// median of per-round ratios); then keystroke echo latency in one session while another session of
// the same container floods.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import xtermHeadless from '@xterm/headless';
import { loadConfig } from '../../electron/engine/base/config.js';
import { Engine } from '../../electron/engine/engine.js';
import { parsePodManifests } from '../../electron/engine/pods/manifest/parse.js';
import { AckCounter } from '../../electron/engine/terminals/flow.js';
import { TerminalHost } from '../../electron/engine/terminals/host.js';
import type { SessionStream } from '../../electron/engine/terminals/session.js';
import { timeKeystrokes } from './keystrokes.js';
import { median, pairedRatio, timed } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LINES = Number(process.env.BENCH_LINES ?? 2_000_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 50);
const TOOLBOX = process.env.PODLAB_TOOLBOX_IMAGE ?? 'podlab/toolbox:1';
const SIZE = { cols: 120, rows: 40 };

/** A view: headless xterm fed bytes, acknowledging from its write callback. */
function view(stream: SessionStream, onData?: (d: Uint8Array) => void) {
  const term = new xtermHeadless.Terminal({ ...SIZE, scrollback: 1000, allowProposedApi: true });
  const acks = new AckCounter((n) => stream.ack(n));
  let bytes = 0;
  let exited: (() => void) | undefined;
  const done = new Promise<void>((r) => (exited = r));
  const off = stream.onEvent((e) => {
    if (e.type === 'data') {
      bytes += e.data.length;
      onData?.(e.data);
      term.write(e.data, () => acks.processed(e.data.length));
    } else if (e.type === 'exit') {
      // The exit event follows the last data; wait until the view has parsed it too.
      term.write('', () => exited?.());
    }
  });
  return {
    done,
    bytes: () => bytes,
    close: () => {
      off();
      stream.detach();
      term.dispose();
    },
  };
}

function cliSeq(containerId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // `script`-less: -t gives the process a TTY as ours has; the output goes to /dev/null.
    const p = spawn('docker', ['exec', '-t', containerId, 'seq', '1', String(LINES)], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker exec exited with ${code}`))));
  });
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

async function main(): Promise<void> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-bench-terminals-'));
  const engine = await Engine.connect(loadConfig(process.env, { stateDir }));
  const group = 'bench-terminals';
  const host = new TerminalHost(engine.rt);
  try {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: bench-term}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: shell, image: ${TOOLBOX}, command: [sleep, '100000']}
`;
    const [applied] = await engine.apply(parsePodManifests(yaml, 'bench-terminals.yaml'), { group });
    await engine.wait([applied?.uid as string], 60_000);
    const [status] = await engine.list({ group });
    const ctr = status?.containerStatuses[0]?.containerId as string;
    const target = { kind: 'container' as const, pod: 'bench-term', container: 'shell' };

    // 1. Throughput, ours and the CLI's back to back, alternating which goes first.
    const ours: number[] = [];
    const cli: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS + 1; i++) {
      const measureOurs = async () => {
        let v: ReturnType<typeof view> | undefined;
        const ms = await timed(async () => {
          const info = await host.open({ ...target, command: ['seq', '1', String(LINES)], reconnectable: false }, SIZE);
          v = view(host.attach(info.id));
          await v.done;
          await host.close(info.id);
        });
        bytes = v?.bytes() ?? 0;
        v?.close();
        return ms;
      };
      const steps = [measureOurs, () => timed(() => cliSeq(ctr))];
      const [a, b] = i % 2 ? [steps[1], steps[0]] : [steps[0], steps[1]];
      const ra = await (a as () => Promise<number>)();
      const rb = await (b as () => Promise<number>)();
      const [o, c] = i % 2 ? [rb, ra] : [ra, rb];
      if (i === 0) continue; // warm-up
      ours.push(o);
      cli.push(c);
      process.stderr.write(`round ${i}: session ${o.toFixed(0)} ms, docker CLI ${c.toFixed(0)} ms\n`);
    }
    const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
    const ratio = pairedRatio(cli, ours); // time_cli / time_ours = rate_ours / rate_cli

    // 2. Echo latency while another session of the same container floods.
    const flood = await host.open({ ...target, command: ['sh', '-c', `while :; do seq 1 ${LINES}; done`] }, SIZE);
    const floodView = view(host.attach(flood.id));
    const shell = await host.open(target, SIZE);
    let waiter: (() => void) | undefined;
    const shellStream = host.attach(shell.id);
    const shellView = view(shellStream, () => waiter?.());
    await new Promise((r) => setTimeout(r, 1000)); // the prompt is there, the flood is running
    const lat = await timeKeystrokes(
      KEYS,
      () => shellStream.write('x'),
      () => new Promise<void>((r) => (waiter = r)),
    );
    const floodBytes = floodView.bytes();
    floodView.close();
    shellView.close();
    await host.close(flood.id);
    await host.close(shell.id);

    const o = median(ours);
    const c = median(cli);
    console.log(`terminal throughput (seq 1 ${LINES}, ${(bytes / 1e6).toFixed(1)} MB, median of ${RUNS} rounds):`);
    console.log(`  session → headless xterm view: ${o.toFixed(0)} ms, ${mbps(o).toFixed(1)} MB/s`);
    console.log(`  docker exec -t (CLI) >/dev/null: ${c.toFixed(0)} ms, ${mbps(c).toFixed(1)} MB/s`);
    console.log(`  ratio (ours / CLI rate, median of per-round ratios): ${ratio.toFixed(2)}× (target ≥ 0.5×)`);
    console.log(`echo latency over ${KEYS} keystrokes while another session floods (${(floodBytes / 1e6).toFixed(0)} MB meanwhile):`);
    console.log(`  p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms (target p50 ≤ 30 ms)`);
    const counts = host.counts();
    if (Object.values(counts).some((n) => n !== 0)) throw new Error(`leaked terminal resources: ${JSON.stringify(counts)}`);
  } finally {
    await host.dispose();
    await engine.remove({ all: true, group }, { graceSeconds: 0 }).catch(() => undefined);
    await engine.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
