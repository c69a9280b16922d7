// `podlab lab …`: list, validate, start, status, check, reset, stop and self-test labs. Everything
// goes through the contract (the supervisor's process when one answers, else this one); a lab that
// built Pods here starts the supervisor daemon, as `pod apply` does.
import path from 'node:path';
import type { CallContext } from '../contract/dispatch.js';
import type { CheckReport, LabStatus, LabSummary, SelfTestReport } from '../engine/model.js';
import { loadConfig } from '../engine/base/config.js';
import { chooseLang, type Lang } from '../engine/base/lang.js';
import { ensureSupervisorDaemon } from '../engine/daemon.js';
import { num, usageError, type Options } from './args.js';
import { connect, contractApi, type Api } from './api.js';
import { CLI_ENTRY } from './cmd-apply.js';
import type { Io } from './main.js';
import { printJson } from './render.js';
import { checkText, labList, labStatusText, selfTestTable, validation } from './render-lab.js';

export type LabVerb = 'ls' | 'validate' | 'start' | 'status' | 'check' | 'reset' | 'stop' | 'test';

/** Lab phases on stderr while start and reset work (image pulls show as apply's do). */
function phases(io: Io, lang: Lang): CallContext {
  const words = { removing: { en: 'removing', zh: '正在删除' }, applying: { en: 'creating Pods', zh: '正在创建 Pod' }, ready: { en: 'ready', zh: '就绪' }, stopped: { en: 'stopped', zh: '已停止' } };
  return { onProgress: (p) => (p.kind === 'lab' ? io.err.write(`lab ${p.lab}: ${words[p.phase][lang]}\n`) : undefined) };
}

export async function labCmd(io: Io, sub: LabVerb, args: string[], o: Options): Promise<number> {
  const lang = chooseLang(o.lang);
  if (sub === 'validate') {
    const dirs = args.map((d) => path.resolve(d));
    const { validateLabs } = await import('../engine/engine.js');
    const labs = validateLabs(dirs.length ? dirs : [loadConfig().labsDir]);
    if (o.json) printJson(io, labs);
    else io.out.write(`${validation(labs)}\n`);
    return labs.every((l) => l.ok) ? 0 : 1;
  }
  if (sub !== 'ls' && !(sub === 'test' && o.all) && !args[0]) return usageError(`say which lab to ${sub}`, 'e.g. `podlab lab start process-groups`; `podlab lab ls` lists them');
  const id = args[0] ?? '';
  const api = await contractApi();
  try {
    switch (sub) {
      case 'ls': {
        const labs = await api.call<LabSummary[]>('labs.list', {});
        if (o.json) printJson(io, labs);
        else io.out.write(`${labList(labs, lang)}\n`);
        return 0;
      }
      case 'start':
      case 'reset': {
        const params = sub === 'reset' && o['keep-progress'] ? { id, keepProgress: true } : { id };
        const s = await api.call<LabStatus>(`labs.${sub}`, params, phases(io, lang));
        await supervise(api);
        if (o.json) printJson(io, s);
        else io.out.write(`${labStatusText(s, lang)}\n`);
        return 0;
      }
      case 'status':
      case 'stop': {
        const s = await api.call<LabStatus>(`labs.${sub}`, { id }, sub === 'stop' ? phases(io, lang) : {});
        if (o.json) printJson(io, s);
        else io.out.write(`${labStatusText(s, lang)}\n`);
        return 0;
      }
      case 'check': {
        const r = await api.call<CheckReport>('labs.check', { id, ...(args[1] !== undefined ? { step: args[1] } : {}) });
        if (o.json) printJson(io, r);
        else io.out.write(`${checkText(r, lang)}\n`);
        return r.pass ? 0 : 1;
      }
      case 'test':
        return await testCmd(io, api, o.all ? (await api.call<LabSummary[]>('labs.list', {})).map((l) => l.id) : args, o, lang);
    }
  } finally {
    await api.close();
  }
}

/** Someone must restart what a lab's steps kill: without a supervisor answering, start the daemon. */
async function supervise(api: Api): Promise<void> {
  if (!api.remote && process.env.PODLAB_NO_SUPERVISOR !== '1') await ensureSupervisorDaemon(loadConfig().stateDir, CLI_ENTRY);
}

async function testCmd(io: Io, api: Api, ids: string[], o: Options, lang: Lang): Promise<number> {
  const timeoutSeconds = num(o.timeout, 'timeout');
  const progress: CallContext = { onProgress: (p) => (p.kind === 'self-test' && p.row ? io.err.write(`${p.lab} / ${p.step}: ${p.row.ok ? 'ok' : 'FAILED'} (${p.row.seconds}s)\n`) : undefined) };
  const reports: SelfTestReport[] = [];
  if (api.remote) {
    for (const id of ids) reports.push(await api.call<SelfTestReport>('labs.test', { id, ...(timeoutSeconds ? { timeoutSeconds } : {}) }, progress));
  } else {
    // No supervisor answers: this process supervises the labs' Pods while it tests them (a step may
    // kill a container and wait for its restart) and answers the `podlab` its solves run, and lets
    // go at the end.
    const engine = await connect();
    const { superviseHere } = await import('./cmd-supervisor.js');
    const held = await superviseHere(engine);
    try {
      for (const id of ids) reports.push(await engine.testLab(id, { ...(timeoutSeconds ? { timeoutMs: timeoutSeconds * 1000 } : {}), ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) }));
    } finally {
      await held?.stop();
      await engine.close();
    }
  }
  if (o.json) printJson(io, reports);
  else io.out.write(`${selfTestTable(reports, lang)}\n`);
  return reports.length && reports.every((r) => r.ok) ? 0 : 1;
}
