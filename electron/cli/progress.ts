// Progress of long work (image builds and pulls) on the terminal: bars when stderr is a TTY,
// one line per phase otherwise (CI logs, pipes).
import cliProgress from 'cli-progress';
import type { ImageProgress } from '../engine/images/progress.js';

export function imageProgressPrinter(stream: NodeJS.WriteStream = process.stderr): { onProgress: (p: ImageProgress) => void; stop: () => void } {
  if (!stream.isTTY) {
    const last = new Map<string, string>();
    return {
      onProgress: (p) => {
        const line = `${p.image}: ${p.phase}${p.message ? ` — ${p.message}` : ''}`;
        if (last.get(p.image) === `${p.phase}${p.message ?? ''}`) return;
        last.set(p.image, `${p.phase}${p.message ?? ''}`);
        stream.write(`${line}\n`);
      },
      stop: () => undefined,
    };
  }
  const multi = new cliProgress.MultiBar(
    { stream, format: ' {bar} {percentage}% | {image} {phase} {message}', hideCursor: true, clearOnComplete: false, barsize: 24 },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    onProgress: (p) => {
      let bar = bars.get(p.image);
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
