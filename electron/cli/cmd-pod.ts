// `podlab pod …`: apply, plan, ls, describe, rm, ps, ns and infra go through the contract (the
// supervisor's process when one answers, else this one); logs too, followed until Ctrl-C (cmd-logs.ts).
import type { CallContext } from '../contract/dispatch.js';
import type { PodDescription, PodStatus, RemoveResult, Snapshot } from '../engine/model.js';
import { PodlabError } from '../engine/base/errors.js';
import { num, usageError, type Options } from './args.js';
import { contractApi, type Api } from './api.js';
import { applyCmd, planCmd } from './cmd-apply.js';
import { logsCmd } from './cmd-logs.js';
import type { Io } from './main.js';
import { readManifests } from './manifest-files.js';
import { describeText, podTable, printJson } from './render.js';
import { gracePrinter } from './render-grace.js';
import { renderInspect } from './render-inspect.js';

export type PodVerb = 'apply' | 'plan' | 'ls' | 'describe' | 'logs' | 'rm' | 'ps' | 'ns' | 'infra';

/** What a verb that needs a Pod name says when it has none. */
const NEEDS_NAME: Partial<Record<PodVerb, string>> = { describe: 'describe', ns: 'show the namespaces of', infra: 'name the infra container of', rm: 'remove', ps: 'list the processes of' };

export async function podCmd(io: Io, sub: PodVerb, names: string[], o: Options): Promise<number> {
  const ns = o.namespace ?? 'default';
  if (sub === 'logs') return logsCmd(io, names, o, ns);
  const verb = NEEDS_NAME[sub];
  if (verb && !names.length && !((sub === 'rm' || sub === 'ps') && o.all)) {
    return usageError(`say which Pod to ${verb}`, sub === 'rm' || sub === 'ps' ? 'give a Pod name, or --all' : `e.g. \`podlab pod ${sub} web\``);
  }
  // Every manifest is read before the request: a missing file fails before anything is sent.
  const manifests = sub === 'apply' || sub === 'plan' ? await readManifests(o.file ?? [], !!o.recursive) : [];
  const api = await contractApi();
  try {
    switch (sub) {
      case 'apply':
        return await applyCmd(io, api, manifests, o);
      case 'plan':
        return await planCmd(io, api, manifests, o);
      case 'ls': {
        if (o.watch) return await (await import('./cmd-pod-watch.js')).watchPods(io, api, o);
        const pods = await api.call<PodStatus[]>('pods.list', o.group ? { group: o.group } : {});
        if (o.json) printJson(io, pods);
        else io.out.write(`${podTable(pods)}\n`);
        return 0;
      }
      case 'ps':
      case 'ns': {
        const snap = await api.call<Snapshot>('inspect.snapshot', o.all && sub === 'ps' ? {} : { name: names[0], namespace: ns });
        io.out.write(`${renderInspect(sub, snap, o)}\n`);
        return 0;
      }
      case 'describe': {
        const d = await api.call<PodDescription>('pods.describe', { name: names[0], namespace: ns });
        if (o.json) printJson(io, d);
        else io.out.write(`${describeText(d)}\n`);
        return 0;
      }
      case 'infra':
        return await infraCmd(io, api, names[0] as string, ns);
      case 'rm':
        return await removeCmd(io, api, names, o, ns);
    }
  } finally {
    await api.close();
  }
}

/** Just the Docker name of the Pod's infra container, for `docker kill $(podlab pod infra web)`. */
async function infraCmd(io: Io, api: Api, name: string, ns: string): Promise<number> {
  const { status } = await api.call<PodDescription>('pods.describe', { name, namespace: ns });
  if (!status.sandbox) {
    throw new PodlabError('POD_FAILED', `Pod "${name}" has no infra container right now`, { hint: `see why with \`podlab pod describe ${name}\`` });
  }
  io.out.write(`${status.sandbox.dockerName}\n`);
  return 0;
}

async function removeCmd(io: Io, api: Api, names: string[], o: Options, ns: string): Promise<number> {
  const grace = num(o.grace, 'grace');
  const graceOpt = grace !== undefined ? { graceSeconds: grace } : {};
  // What each grace-period wait is for, counting down on stderr (render-grace.ts).
  const waits = gracePrinter(io.err, () => '`--grace 0` ends it now');
  const ctx: CallContext = { onProgress: (p) => (p.kind === 'grace' ? waits.onProgress(p) : undefined) };
  let removed: RemoveResult[];
  try {
    removed = o.all
      ? await api.call<RemoveResult[]>('pods.remove', { all: true, ...(o.group ? { group: o.group } : {}), ...graceOpt }, ctx)
      : (await Promise.all(names.map((n) => api.call<RemoveResult[]>('pods.remove', { name: n, namespace: ns, ...graceOpt }, ctx)))).flat();
  } finally {
    waits.stop();
  }
  if (o.json) printJson(io, removed);
  else if (!removed.length) io.out.write('No Pods to remove.\n');
  else for (const r of removed) io.out.write(`pod/${r.name} removed\n`);
  return 0;
}
