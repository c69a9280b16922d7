// Keystroke echo: one character at a time into `cat` on a raw TTY (it writes each byte straight
// back, as a shell prompt echoes), timed until the echo reaches the viewer — first with the
// container quiet, then while another session of the same container floods.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { timeKeystrokes } from './keystrokes.js';
import type { OpenViewed, Viewed } from './viewed-session.js';

/** The flood must be under way (this many bytes viewed) before the keys are timed. */
const FLOOD_STARTED_BYTES = 1_000_000;
/** Keys typed before `stty raw` would come back twice (the TTY's echo, then cat's): wait for "ready". */
const ECHO_COMMAND = ['sh', '-c', 'stty raw -echo && printf ready && exec cat'];
const FLOOD_COMMAND = ['sh', '-c', 'while :; do seq 1 2000000; done'];

export interface EchoFigures {
  /** Round trips with nothing else running, ms. */
  idle: number[];
  /** Round trips while another session of the same container floods, ms. */
  flood: number[];
  /** Bytes the flood's view parsed meanwhile, and over how long. */
  floodBytes: number;
  floodMs: number;
  /** The bench process's event-loop delay during the flood (its xterms parse there), ms. */
  loopDelayP50: number;
  loopDelayP99: number;
}

export async function measureEcho(open: OpenViewed, keys: number): Promise<EchoFigures> {
  let wake: (() => void) | undefined;
  let text = '';
  const echo = await open(ECHO_COMMAND, (d) => {
    text += Buffer.from(d).toString('latin1');
    wake?.();
  });
  let flood: Viewed | undefined;
  try {
    while (!(echo.replay + text).includes('ready')) await new Promise<void>((r) => (wake = r));
    const type = (n: number) =>
      timeKeystrokes(
        n,
        () => echo.input('x'),
        () => new Promise<void>((r) => (wake = r)),
      );
    const idle = await type(Math.max(20, Math.round(keys / 3)));
    let started: (() => void) | undefined;
    const flowing = new Promise<void>((r) => (started = r));
    let floodBytes = 0;
    flood = await open(FLOOD_COMMAND, (d) => {
      floodBytes += d.length;
      if (floodBytes > FLOOD_STARTED_BYTES) started?.();
    });
    await flowing;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const before = flood.view.bytes;
    const t = performance.now();
    const during = await type(keys);
    const floodMs = performance.now() - t;
    loop.disable();
    return { idle, flood: during, floodBytes: flood.view.bytes - before, floodMs, loopDelayP50: loop.percentile(50) / 1e6, loopDelayP99: loop.percentile(99) / 1e6 };
  } finally {
    await flood?.close();
    await echo.close();
  }
}
