// `podlab pod apply` and `pod plan`: every manifest the -f options name (files, directories, stdin)
// goes to the contract as one request, so all are checked before any Pod is created; apply then
// starts the supervisor daemon when no supervisor answers, and waits with --wait.
import { fileURLToPath } from 'node:url';
import type { PodsApplyResult } from '../contract/api.js';
import { errorFromJSON } from '../contract/socket-client.js';
import type { ManifestText, PodPlan, WaitOutcome } from '../engine/model.js';
import { loadConfig } from '../engine/base/config.js';
import { formatError } from '../engine/base/errors.js';
import { ensureSupervisorDaemon } from '../engine/daemon.js';
import { num, type Options } from './args.js';
import type { Api } from './api.js';
import type { Io } from './main.js';
import { gracePrinter } from './render-grace.js';
import { printJson } from './render.js';

/** The script that started this CLI (bin/podlab.js): the supervisor daemon is started the same way. */
export const CLI_ENTRY = process.argv[1] ?? fileURLToPath(new URL('../../../bin/podlab.js', import.meta.url));

export async function planCmd(io: Io, api: Api, manifests: ManifestText[], o: Options): Promise<number> {
  printJson(io, await api.call<PodPlan[]>('pods.plan', { manifests, ...(o.group ? { group: o.group } : {}) }));
  return 0;
}

export async function applyCmd(io: Io, api: Api, manifests: ManifestText[], o: Options): Promise<number> {
  const { imageProgressPrinter } = await import('./progress.js');
  const printer = await imageProgressPrinter(io.err);
  // --force removes a changed Pod first: its grace-period waits, explained (render-grace.ts).
  const waits = gracePrinter(io.err, (p) => `\`podlab pod rm ${p.pod}${p.namespace === 'default' ? '' : ` -n ${p.namespace}`} --grace 0\` ends it now`);
  let res: PodsApplyResult;
  try {
    res = await api.call<PodsApplyResult>(
      'pods.apply',
      { manifests, ...(o.group ? { group: o.group } : {}), ...(o.force ? { force: true } : {}) },
      { onProgress: (p) => (p.kind === 'images' ? printer.onProgress(p.progress) : p.kind === 'grace' ? waits.onProgress(p) : undefined) },
    );
  } finally {
    printer.stop();
    waits.stop();
  }
  for (const w of res.manifestWarnings) io.err.write(`warning: ${formatError(errorFromJSON(w))}\n`);
  // Someone must run the next init container and restart what crashes: without a supervisor
  // process answering, start the daemon (it goes away once no Pod is left).
  if (!api.remote && process.env.PODLAB_NO_SUPERVISOR !== '1' && res.pods.some((r) => r.outcome !== 'unchanged')) {
    await ensureSupervisorDaemon(loadConfig().stateDir, CLI_ENTRY);
  }
  let code = 0;
  if (o.wait && res.pods.length) {
    const waited = await api.call<WaitOutcome[]>('pods.wait', { uids: res.pods.map((r) => r.uid), timeoutSeconds: num(o.timeout, 'timeout') ?? 120 });
    for (const w of waited) {
      if (w.ok) continue;
      io.err.write(`pod/${w.status?.name ?? w.uid} ${w.reason}\n`);
      code = 1;
    }
  }
  if (o.json) printJson(io, res.pods);
  else {
    for (const r of res.pods) {
      io.out.write(`pod/${r.name} ${r.outcome}\n`);
      for (const w of r.warnings) io.err.write(`warning: ${w}\n`);
    }
  }
  return code;
}
