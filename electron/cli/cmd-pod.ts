// `podlab pod …`: apply, plan, ls, describe, rm, ps and ns go through the contract (the supervisor's
// process when one answers, else this one); logs streams from this process (cmd-logs.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PodsApplyResult } from '../contract/api.js';
import { errorFromJSON } from '../contract/socket-client.js';
import type { PodDescription, PodStatus, RemoveResult, Snapshot, WaitOutcome } from '../engine/model.js';
import { loadConfig } from '../engine/base/config.js';
import { PodlabError, formatError } from '../engine/base/errors.js';
import { ensureSupervisorDaemon } from '../engine/daemon.js';
import { num, usageError, type Options } from './args.js';
import { contractApi, type Api } from './api.js';
import { logsCmd } from './cmd-logs.js';
import type { Io } from './main.js';
import { describeText, podTable, printJson } from './render.js';
import { renderInspect } from './render-inspect.js';

/** The script that started this CLI (bin/podlab.js): the supervisor daemon is started the same way. */
const CLI_ENTRY = process.argv[1] ?? fileURLToPath(new URL('../../../bin/podlab.js', import.meta.url));

/** The `pod` verbs that go through the contract (logs streams from this process). */
const CONTRACT_VERBS = ['apply', 'plan', 'ls', 'list', 'describe', 'rm', 'delete', 'ps', 'ns'] as const;
type ContractVerb = (typeof CONTRACT_VERBS)[number];

function isContractVerb(sub: string | undefined): sub is ContractVerb {
  return (CONTRACT_VERBS as readonly (string | undefined)[]).includes(sub);
}

export async function podCmd(io: Io, sub: string | undefined, names: string[], o: Options): Promise<number> {
  const ns = o.namespace ?? 'default';
  if (sub === 'logs') return logsCmd(io, names, o, ns);
  if (!isContractVerb(sub)) {
    return usageError(`unknown pod command "${sub ?? ''}"`, 'use apply, plan, ls, describe, logs, ps, ns or rm');
  }
  if ((sub === 'describe' || sub === 'ns' || ((sub === 'rm' || sub === 'delete' || sub === 'ps') && !o.all)) && !names.length) {
    const verb = sub === 'rm' || sub === 'delete' ? 'remove' : sub === 'ps' ? 'list the processes of' : sub === 'ns' ? 'show the namespaces of' : 'describe';
    return usageError(`say which Pod to ${verb}`, sub === 'rm' || sub === 'delete' || sub === 'ps' ? `give a Pod name, or --all` : `e.g. \`podlab pod ${sub} web\``);
  }
  const file = sub === 'apply' || sub === 'plan' ? await oneFile(o) : '';
  const yaml = file ? await readText(file) : '';
  const api = await contractApi();
  try {
    switch (sub) {
      case 'apply':
        return await applyCmd(io, api, { yaml, file }, o);
      case 'plan':
        printJson(io, await api.call('pods.plan', { yaml, file, ...(o.group ? { group: o.group } : {}) }));
        return 0;
      case 'ls':
      case 'list': {
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
      case 'rm':
      case 'delete':
        return await removeCmd(io, api, names, o, ns);
    }
  } finally {
    await api.close();
  }
}

async function removeCmd(io: Io, api: Api, names: string[], o: Options, ns: string): Promise<number> {
  const grace = num(o.grace, 'grace');
  const graceOpt = grace !== undefined ? { graceSeconds: grace } : {};
  const removed = o.all
    ? await api.call<RemoveResult[]>('pods.remove', { all: true, ...(o.group ? { group: o.group } : {}), ...graceOpt })
    : (await Promise.all(names.map((n) => api.call<RemoveResult[]>('pods.remove', { name: n, namespace: ns, ...graceOpt })))).flat();
  if (o.json) printJson(io, removed);
  else if (!removed.length) io.out.write('No Pods to remove.\n');
  else for (const r of removed) io.out.write(`pod/${r.name} removed\n`);
  return 0;
}

async function applyCmd(io: Io, api: Api, manifest: { yaml: string; file: string }, o: Options): Promise<number> {
  const { imageProgressPrinter } = await import('./progress.js');
  const printer = await imageProgressPrinter(io.err);
  let res: PodsApplyResult;
  try {
    res = await api.call<PodsApplyResult>(
      'pods.apply',
      { ...manifest, ...(o.group ? { group: o.group } : {}), ...(o.force ? { force: true } : {}) },
      { onProgress: (p) => (p.kind === 'images' ? printer.onProgress(p.progress) : undefined) },
    );
  } finally {
    printer.stop();
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

function oneFile(o: Options): Promise<string> {
  const files = o.file ?? [];
  if (files.length !== 1) return usageError('give one manifest with -f FILE (it may hold several Pods, separated by ---)', 'e.g. `podlab pod apply -f labs/examples/two-containers.yaml`');
  return Promise.resolve(files[0] as string);
}

async function readText(file: string): Promise<string> {
  try {
    if (file !== '-') return readFileSync(file, 'utf8');
    return await new Promise<string>((resolve, reject) => {
      let text = '';
      process.stdin.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve(text)).on('error', reject);
    });
  } catch (err) {
    throw new PodlabError('USAGE', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, {
      hint: 'check the path given with -f',
    });
  }
}
