// Grace-period waits on the terminal (`pod rm`, `apply --force`): what is waited for and why, with
// a countdown — lines redrawn in place on a TTY, plain lines otherwise. Always on stderr, so
// `--json` keeps stdout clean.
import { clearScreenDown, cursorTo, moveCursor } from 'node:readline';
import type { GraceProgress } from '../engine/model.js';

type Waiting = Extract<GraceProgress, { phase: 'waiting' }>;
type Ended = Extract<GraceProgress, { phase: 'ended' }>;

export interface GracePrinter {
  onProgress: (p: GraceProgress) => void;
  stop: () => void;
}

/** What ends the wait at once, for this command: e.g. "`--grace 0` ends it now". */
export type GraceHint = (p: GraceProgress) => string | undefined;

/** The line of a wait: still counting (`secondsLeft`), or ended. */
export function graceLine(w: Waiting, hint: string | undefined, now: { secondsLeft?: number; ended?: Ended } = {}): string {
  const head = `pod/${w.pod}: ${w.message}`;
  if (now.ended) return `${head} → ${now.ended.message}`;
  const left = now.secondsLeft !== undefined ? ` (${now.secondsLeft} s left)` : '';
  return `${head}${left}${hint ? `; ${hint}` : ''}`;
}

interface Line {
  waiting: Waiting;
  deadline: number;
  ended?: Ended;
}

const key = (p: GraceProgress) => `${p.namespace}/${p.pod}/${p.container}`;

export function gracePrinter(stream: NodeJS.WriteStream, hint: GraceHint = () => undefined): GracePrinter {
  if (!stream.isTTY) {
    return {
      onProgress: (p) => {
        const text = p.phase === 'waiting' ? graceLine(p, hint(p)) : `pod/${p.pod}: ${p.message}`;
        stream.write(`${text}\n`);
      },
      stop: () => undefined,
    };
  }
  // The block of lines drawn last, redrawn whole each second while a wait counts down.
  let block = new Map<string, Line>();
  let rows = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    const now = Date.now();
    if (rows) moveCursor(stream, 0, -rows);
    cursorTo(stream, 0);
    clearScreenDown(stream);
    rows = 0;
    for (const l of block.values()) {
      const text = graceLine(l.waiting, hint(l.waiting), l.ended ? { ended: l.ended } : { secondsLeft: Math.max(0, Math.ceil((l.deadline - now) / 1000)) });
      stream.write(`${text}\n`);
      // A line wider than the terminal wraps: count the rows it took, to move back up over them.
      rows += Math.max(1, Math.ceil(text.length / (stream.columns || 80)));
    }
    if ([...block.values()].every((l) => l.ended)) {
      // All done: leave the lines as they are; a later wait starts a block of its own below.
      clearInterval(timer);
      timer = undefined;
      block = new Map();
      rows = 0;
    }
  };
  return {
    onProgress: (p) => {
      if (p.phase === 'waiting') block.set(key(p), { waiting: p, deadline: Date.now() + p.graceSeconds * 1000 });
      else {
        const l = block.get(key(p));
        if (!l) {
          stream.write(`pod/${p.pod}: ${p.message}\n`);
          return;
        }
        l.ended = p;
      }
      draw();
      if (!timer && block.size) {
        timer = setInterval(draw, 1000);
        timer.unref();
      }
    },
    stop: () => {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
