// `npm run bench:ui`: the window's terminals as a learner meets them — Debian's Chromium on the
// page of a real `podlab serve --port 0`, a container shell opened from the deck's New terminal
// menu — measured three ways:
//   (a) `seq 1 2000000` typed into the visible terminal: MB/s from the Enter keydown until the
//       last line is painted, against the same command's session consumed in this process by a
//       headless xterm (the engine-side rate, as bench:terminals and bench:transport measure it),
//       back to back in each round; ratio = median of per-round ratios;
//   (b) keystroke echo, keydown to the character painted, in one tab while another tab floods;
//   (c) spawning `podlab serve` to the first painted lab card of the library (#/labs), or the
//       window's header while the built renderer has no lab cards.
// Times of (a) and (b) are read in the page (the keydown's timeStamp, xterm's render event), so
// the DevTools protocol's own delays are not counted.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../electron/engine/base/config.js';
import { Engine } from '../../electron/engine/engine.js';
import { parsePodManifests } from '../../electron/engine/pods/manifest/parse.js';
import { launchChromium, watchProblems } from '../e2e/browser.js';
import { hookedUrl, TerminalPage } from '../e2e/terminal-page.js';
import { KEY_GAP_MS } from './keystrokes.js';
import { ServeProcess, type Served } from './serve-process.js';
import { median, pairedRatio, percentile, timed } from './stats.js';
import { inProcess, type OpenViewed } from './viewed-session.js';
import { ApiClient } from './ws-client.js';

/** A number the environment may set (BENCH_RUNS=1 for a quick look), else the bench's own. */
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RUNS = setting('BENCH_RUNS', 5);
const LINES = setting('BENCH_LINES', 2_000_000);
const KEYS = setting('BENCH_KEYS', 100);
const PAINT_RUNS = setting('BENCH_PAINT_RUNS', 7);
const TOOLBOX = process.env.PODLAB_TOOLBOX_IMAGE ?? 'podlab/toolbox:1';
const GOALS = { ratio: 0.9, echoP95Ms: 30, firstPaintMs: 1500 };

const POD = `bench-ui-${process.pid}`;
const SHELL = `${POD}/shell`;
const FLOOD = `${POD}/flood`;
const PROMPT = /[$#] ?$/;
const VIEWPORT = { width: 1280, height: 800 };
/** Engine side: waits for Enter, then floods, as bench:transport does. */
const SEQ_COMMAND = ['sh', '-c', `read _ && exec seq 1 ${LINES}`];

declare global {
  interface Window {
    /** firstPaintProbe's answer: epoch ms (high resolution) of the selector's first paint. */
    __podlabFirstPaint?: number;
  }
}

const rate = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const list = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function pageUrl(served: Served): string {
  return `${served.origin}/?token=${encodeURIComponent(served.token)}`;
}

/** Opens a shell in one of the bench Pod's containers from the deck's menu; resolves at its prompt. */
async function openFromMenu(page: Page, terms: TerminalPage, container: string): Promise<void> {
  await page.getByRole('button', { name: 'New terminal' }).click();
  await page.getByRole('menuitem', { name: `${POD} / ${container}` }).click();
  await terms.painted(`${POD}/${container}`, PROMPT, 'cursor-row', 60_000);
}

/** Shows a tab and gives its terminal the keyboard (Ctrl+`, the deck's shortcut). */
async function showTab(page: Page, key: string): Promise<void> {
  await page.getByRole('tab', { name: key }).click();
  await page.keyboard.press('Control+Backquote');
}

/** (a) in the page: Enter's keydown until the row `LINES` is painted, ms. */
async function seqInPage(page: Page, terms: TerminalPage): Promise<number> {
  // A clear screen (one prompt row) first: the last round's rows must not match already.
  await page.keyboard.type('clear\r');
  await terms.painted(SHELL, /^[^\n]*[$#]\s*$/);
  await page.keyboard.type(`seq 1 ${LINES}`);
  const last = new RegExp(`^${LINES}$`, 'm');
  await terms.arm(SHELL, last, 'screen', 300_000);
  await page.keyboard.press('Enter');
  const paintedAt = await terms.armed();
  const ms = paintedAt - (await terms.lastKeydown());
  await terms.painted(SHELL, PROMPT, 'cursor-row');
  return ms;
}

/** (a) engine side: the same command's session in this process, Enter until the view parsed the exit. */
async function seqInProcess(open: OpenViewed): Promise<{ ms: number; bytes: number }> {
  const s = await open(SEQ_COMMAND);
  try {
    const before = s.view.bytes;
    const ms = await timed(async () => {
      s.input('\r');
      await s.exited;
      await s.view.drained();
    });
    return { ms, bytes: s.view.bytes - before };
  } finally {
    await s.close();
  }
}

/** Keys typed on one command line before it is emptied: it stays shorter than any window's width. */
const KEYS_PER_LINE = 30;

/** (b) keydown to painted, per keystroke of `x` on the shell's prompt line. */
async function echoInPage(page: Page, terms: TerminalPage, keys: number): Promise<number[]> {
  const lat: number[] = [];
  for (let i = 0; i < keys; i++) {
    const n = (i % KEYS_PER_LINE) + 1;
    if (n === 1) {
      await page.keyboard.press('Control+u'); // an empty command line
      await terms.painted(SHELL, PROMPT, 'cursor-row');
    }
    await terms.arm(SHELL, new RegExp(`(^|[^x])x{${n}}$`), 'cursor-row', 10_000);
    await page.keyboard.press('x');
    const paintedAt = await terms.armed();
    lat.push(paintedAt - (await terms.lastKeydown()));
    await sleep(KEY_GAP_MS);
  }
  await page.keyboard.press('Control+u');
  return lat;
}

/** Page-side instrumentation for (c), installed before the page's own scripts: when `selector` first paints. */
function firstPaintProbe(selector: string): string {
  return `(() => {
    const painted = () => requestAnimationFrame(() => {
      // After the frame's rendering steps: a message task runs once the frame has been produced.
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { window.__podlabFirstPaint = performance.timeOrigin + performance.now(); };
      ch.port2.postMessage(0);
    });
    const seen = new MutationObserver(() => {
      if (!document.querySelector(${JSON.stringify(selector)})) return;
      seen.disconnect();
      painted();
    });
    seen.observe(document, { childList: true, subtree: true });
  })();`;
}

/** The library's cards when the built renderer has them, else the window's header. */
function firstPaintSelector(): { selector: string; what: string } {
  // The bench runs from dist/test/bench: the checkout is the first folder above with bin/podlab.js.
  let root = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(root, 'bin', 'podlab.js')) && path.dirname(root) !== root) root = path.dirname(root);
  const assets = path.join(root, 'renderer', 'dist', 'assets');
  const js = existsSync(assets) ? readdirSync(assets).filter((f) => f.endsWith('.js')) : [];
  if (!js.length) throw new Error('renderer/dist has no build: run `npm run build:desktop`');
  const hasCards = js.some((f) => readFileSync(path.join(assets, f), 'utf8').includes('lab-card-'));
  return hasCards ? { selector: '[data-testid^="lab-card-"]', what: 'first lab card' } : { selector: '.shell-header', what: 'window header (no lab cards in this build)' };
}

/** (c) one cold start: spawn serve, open its URL in a fresh browser context, until the selector painted. */
async function firstPaint(browser: Browser, selector: string): Promise<number> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-bench-ui-paint-'));
  const context = await browser.newContext({ viewport: VIEWPORT });
  let server: ServeProcess | undefined;
  try {
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.addInitScript(firstPaintProbe(selector));
    const t0 = performance.timeOrigin + performance.now();
    server = await ServeProcess.start(stateDir);
    await page.goto(`${pageUrl(server.served)}#/labs`);
    const handle = await page.waitForFunction(() => window.__podlabFirstPaint, undefined, { timeout: 30_000 });
    const at = await handle.jsonValue();
    if (at === undefined) throw new Error('no first paint recorded');
    if (problems.length) throw new Error(`the page had problems:\n${problems.join('\n')}`);
    return at - t0;
  } finally {
    await context.close();
    await server?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'podlab-bench-ui-'));
  const engine = await Engine.connect(loadConfig(process.env, { stateDir }));
  let server: ServeProcess | undefined;
  let api: ApiClient | undefined;
  let browser: Browser | undefined;
  let cleaning: Promise<void> | undefined;
  // The Pod, the server and the browser go whatever happens: an error, or Ctrl-C halfway through.
  const cleanup = () =>
    (cleaning ??= (async () => {
      const client = api;
      if (client) {
        const left = await client.call('terminals.list', {}).catch(() => []);
        await Promise.all(left.map((s) => client.call('terminals.close', { id: s.id }).catch(() => undefined)));
        await client.close().catch(() => undefined);
      }
      await browser?.close();
      await server?.stop();
      await engine.remove({ all: true, group: POD }, { graceSeconds: 0 }).catch(() => undefined);
      await engine.close();
      rmSync(stateDir, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  try {
    // Two idle containers: the echo's shell, and the flood's.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: POD },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: ['shell', 'flood'].map((name) => ({ name, image: TOOLBOX, command: ['sleep', '100000'] })),
      },
    };
    const [applied] = await engine.apply(parsePodManifests(JSON.stringify(pod), 'bench-ui.json'), { group: POD });
    await engine.wait([applied?.uid as string], 60_000);
    // The server shares the state directory, so it sees the same Pod.
    server = await ServeProcess.start(stateDir);
    api = await ApiClient.connect(server.served);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: VIEWPORT });
    const problems = watchProblems(page);
    const terms = new TerminalPage(page);
    await page.goto(hookedUrl(pageUrl(server.served), '#/pods'));
    await openFromMenu(page, terms, 'shell');
    const renderer = await terms.renderer(SHELL);
    const build = api.hello.build;
    const local = inProcess(engine.terminalHost, POD);

    // (a) Throughput, page and in process back to back, alternating which goes first.
    const ui: number[] = [];
    const eng: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS + 1; i++) {
      const first = i % 2 ? undefined : await seqInProcess(local);
      const u = await seqInPage(page, terms);
      const e = first ?? (await seqInProcess(local));
      bytes = e.bytes;
      if (i === 0) continue; // warm-up
      ui.push(u);
      eng.push(e.ms);
      process.stderr.write(`round ${i}: page ${rate(bytes, u).toFixed(2)} MB/s (${u.toFixed(0)} ms), in process ${rate(bytes, e.ms).toFixed(2)} MB/s (${e.ms.toFixed(0)} ms)\n`);
    }
    const ratio = pairedRatio(eng, ui); // t_engine / t_page = rate_page / rate_engine

    process.stderr.write('echo, quiet…\n');
    // (b) Echo: quiet, then while the flood tab (hidden, still parsing) floods.
    const quiet = await echoInPage(page, terms, Math.max(20, Math.round(KEYS / 3)));
    await openFromMenu(page, terms, 'flood');
    await page.keyboard.type(`while :; do seq 1 ${LINES}; done\r`);
    const floodInfo = (await api.call('terminals.list', {})).find((s) => s.title === FLOOD);
    if (!floodInfo) throw new Error(`no session titled ${FLOOD}`);
    await sleep(1000); // the flood is under way
    process.stderr.write('echo during the flood…\n');
    await showTab(page, SHELL);
    const out0 = (await api.call('terminals.stats', { id: floodInfo.id })).bytesOut;
    const t0 = performance.now();
    const flood = await echoInPage(page, terms, KEYS);
    const floodMs = performance.now() - t0;
    const floodBytes = (await api.call('terminals.stats', { id: floodInfo.id })).bytesOut - out0;
    await showTab(page, FLOOD);
    await page.keyboard.press('Control+c');
    await terms.painted(FLOOD, PROMPT, 'cursor-row', 30_000);

    // The learner's tabs close their sessions; nothing may be left.
    for (const key of [FLOOD, SHELL]) await page.getByRole('button', { name: `Close ${key}` }).click();
    for (let tries = 0; (await api.call('terminals.list', {})).length && tries < 50; tries++) await sleep(100);
    const left = await api.call('terminals.list', {});
    if (left.length) throw new Error(`closing the tabs left ${left.length} sessions open`);
    if (problems.length) throw new Error(`the page had problems:\n${problems.join('\n')}`);
    await page.close();
    await api.close();
    api = undefined;
    await server.stop();
    server = undefined;

    process.stderr.write('first paint…\n');
    // (c) First paint, a fresh server and browser context each time.
    const { selector, what } = firstPaintSelector();
    const paints: number[] = [];
    for (let i = 0; i < PAINT_RUNS + 1; i++) {
      const ms = await firstPaint(browser, selector);
      if (i > 0) paints.push(ms); // the first warms the disk cache
    }

    const [um, em, fp] = [median(ui), median(eng), median(paints)];
    const [p50, p95] = [percentile(flood, 50), percentile(flood, 95)];
    const row = (m: string, ours: string, base: string, theirs: string, r: string, goal: string) =>
      console.log(`${m.padEnd(38)} ${ours.padStart(8)}   ${base.padEnd(30)} ${theirs.padStart(8)}   ${r.padEnd(6)}  ${goal}`);
    console.log(`\nThe window's terminals in Chromium (${renderer ?? '?'} renderer, ${VIEWPORT.width}×${VIEWPORT.height}) on podlab serve ${build}; medians of ${RUNS} rounds after a warm-up.`);
    console.log(`seq 1 ${LINES}: ${(bytes / 1e6).toFixed(1)} MB through a TTY; echo over ${flood.length} keystrokes, ${KEY_GAP_MS} ms apart.\n`);
    row('measure', 'window', 'baseline', 'value', 'ratio', 'goal');
    row('seq → painted last line, MB/s', rate(bytes, um).toFixed(2), 'same session rate, in process', rate(bytes, em).toFixed(2), `${ratio.toFixed(2)}×`, `≥ ${GOALS.ratio}× ${verdict(ratio >= GOALS.ratio)}`);
    row('echo p50 during a flood, ms', p50.toFixed(1), 'same, quiet', percentile(quiet, 50).toFixed(1), `${(p50 / percentile(quiet, 50)).toFixed(2)}×`, '');
    row('echo p95 during a flood, ms', p95.toFixed(1), 'same, quiet', percentile(quiet, 95).toFixed(1), `${(p95 / percentile(quiet, 95)).toFixed(2)}×`, `≤ ${GOALS.echoP95Ms} ms ${verdict(p95 <= GOALS.echoP95Ms)}`);
    row(`spawn serve → ${what}, ms`, fp.toFixed(0), '', '', '', `≤ ${GOALS.firstPaintMs} ms ${verdict(fp <= GOALS.firstPaintMs)}`);
    console.log(`\nper round: page MB/s ${list(ui.map((ms) => rate(bytes, ms)))}; in process MB/s ${list(eng.map((ms) => rate(bytes, ms)))}`);
    console.log(`echo during the flood: max ${Math.max(...flood).toFixed(1)} ms, with the hidden flood tab taking ${rate(floodBytes, floodMs).toFixed(2)} MB/s meanwhile`);
    console.log(`first paint per run, ms: ${list(paints)}`);
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
