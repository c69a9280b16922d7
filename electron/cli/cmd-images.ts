// `podlab images build | ls`: Podlab's own images (pause, toolbox), built or listed by the Engine in
// this process, with progress on stderr while a build runs.
import type { Options } from './args.js';
import { connect } from './api.js';
import type { Io } from './main.js';
import { printJson, table } from './render.js';

export function imagesCmd(io: Io, sub: 'build' | 'ls', o: Options): Promise<number> {
  return sub === 'build' ? imagesBuild(io, o) : imagesLs(io, o);
}

async function imagesBuild(io: Io, o: Options): Promise<number> {
  const engine = await connect();
  const { imageProgressPrinter } = await import('./progress.js');
  const printer = await imageProgressPrinter(io.err);
  const mode = o.offline ? 'offline' : o.online ? 'online' : 'auto';
  const only = o.only as ('pause' | 'toolbox')[] | undefined;
  try {
    const built = await engine.buildImages({ mode, onProgress: printer.onProgress, ...(only ? { only } : {}) });
    printer.stop();
    if (o.json) printJson(io, built);
    else for (const b of built) io.out.write(`built ${b.image} (${b.role}, ${b.mode}) ${b.id.replace('sha256:', '').slice(0, 12)}\n`);
  } finally {
    printer.stop();
  }
  return 0;
}

async function imagesLs(io: Io, o: Options): Promise<number> {
  const engine = await connect();
  const images = await engine.listImages();
  if (o.json) printJson(io, images);
  else {
    io.out.write(`${table(['IMAGE', 'PRESENT', 'ID', 'SIZE'], images.map((i) => [i.name, i.present ? 'yes' : 'no', (i.id ?? '').replace('sha256:', '').slice(0, 12), i.sizeBytes ? `${(i.sizeBytes / 1048576).toFixed(1)}MB` : '']))}\n`);
  }
  return 0;
}
