// `podlab images build | ls`: Podlab's own images (pause, toolbox), built or listed through the
// contract (the supervisor's process when one answers, else this one), with progress on stderr
// while a build runs.
import type { Result } from '../contract/api.js';
import { usageError, type Options } from './args.js';
import { contractApi, type Api } from './api.js';
import type { Io } from './main.js';
import { printJson, table } from './render.js';

const ROLES = ['pause', 'toolbox'] as const;

export async function imagesCmd(io: Io, sub: 'build' | 'ls', o: Options): Promise<number> {
  const only = o.only ?? [];
  const unknown = only.find((r) => !(ROLES as readonly string[]).includes(r));
  if (sub === 'build' && unknown !== undefined) return usageError(`--only takes pause or toolbox, not "${unknown}"`, 'e.g. `podlab images build --only pause`');
  const api = await contractApi();
  try {
    return sub === 'build' ? await imagesBuild(io, o, api) : await imagesLs(io, o, api);
  } finally {
    await api.close();
  }
}

async function imagesBuild(io: Io, o: Options, api: Api): Promise<number> {
  const { imageProgressPrinter } = await import('./progress.js');
  const printer = await imageProgressPrinter(io.err);
  const mode = o.offline ? 'offline' : o.online ? 'online' : 'auto';
  const only = o.only as (typeof ROLES)[number][] | undefined;
  try {
    const built = await api.call<Result<'images.build'>>('images.build', { mode, ...(only ? { only } : {}) }, { onProgress: (p) => ('kind' in p && p.kind === 'images' ? printer.onProgress(p.progress) : undefined) });
    printer.stop();
    if (o.json) printJson(io, built);
    else for (const b of built) io.out.write(`built ${b.image} (${b.role}, ${b.mode}) ${b.id.replace('sha256:', '').slice(0, 12)}\n`);
  } finally {
    printer.stop();
  }
  return 0;
}

async function imagesLs(io: Io, o: Options, api: Api): Promise<number> {
  const images = await api.call<Result<'images.list'>>('images.list', {});
  if (o.json) printJson(io, images);
  else {
    io.out.write(`${table(['IMAGE', 'PRESENT', 'ID', 'SIZE'], images.map((i) => [i.name, i.present ? 'yes' : 'no', (i.id ?? '').replace('sha256:', '').slice(0, 12), i.sizeBytes ? `${(i.sizeBytes / 1048576).toFixed(1)}MB` : '']))}\n`);
  }
  return 0;
}
