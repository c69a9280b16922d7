// Progress of long work (image builds and pulls) on the terminal: bars when stderr is a TTY,
// one line per phase otherwise (CI logs, pipes).
import type { ImageProgress } from '../engine/model.js';

export interface ProgressPrinter {
  onProgress: (p: ImageProgress) => void;
  stop: () => void;
}

export async function imageProgressPrinter(stream: NodeJS.WriteStream = process.stderr): Promise<ProgressPrinter> {
  if (!stream.isTTY) {
    const last = new Map<string, string>();
    return {
      onProgress: (p) => {
        if (p.phase === 'done' && !last.has(p.image)) return; // nothing long happened: stay quiet
        const line = `${p.image}: ${p.phase}${p.message ? ` — ${p.message}` : ''}`;
        if (last.get(p.image) === `${p.phase}${p.message ?? ''}`) return;
        last.set(p.image, `${p.phase}${p.message ?? ''}`);
        stream.write(`${line}\n`);
      },
      stop: () => undefined,
    };
  }
  const { default: cliProgress } = await import('cli-progress'); // only terminals draw bars
  const multi = new cliProgress.MultiBar(
    { stream, format: ' {bar} {percentage}% | {image} {phase} {message}', hideCursor: true, clearOnComplete: false, barsize: 24 },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, import('cli-progress').SingleBar>();
  return {
    onProgress: (p) => {
      let bar = bars.get(p.image);
      if (!bar && p.phase === 'done') return; // already present: no bar for it
      const total = p.total && p.total > 0 ? p.total : 1;
      const current = p.phase === 'done' ? total : Math.min(p.current ?? 0, total);
      const payload = { image: p.image, phase: p.phase, message: p.message ?? '' };
      if (!bar) {
        bar = multi.create(total, current, payload);
        bars.set(p.image, bar);
      } else {
        bar.setTotal(total);
        bar.update(current, payload);
      }
    },
    stop: () => multi.stop(),
  };
}
