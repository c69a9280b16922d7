// Turns a (method, params) request from any transport into an engine call: the params are
// validated against the contract first, so a transport never hands unchecked input to the engine.
import path from 'node:path';
import type { z } from 'zod';
import type { DoctorReport } from '../engine/doctor.js';
import { listLabs, parseManifestSet, simulateScenario, validateLabs, type Engine } from '../engine/engine.js';
import { loadConfig } from '../engine/base/config.js';
import { PodlabError } from '../engine/base/errors.js';
import type { ApplyProgress, LabProgressEvent, RemoveProgress, SelfTestProgress, SessionTarget } from '../engine/model.js';
import { isMethod, methods, type Method, type OutputChunk, type Result, type ValidParams } from './api.js';
import { podsExec, podsLogs } from './output-calls.js';

/** The part of the Engine facade the contract reaches; tests pass a fake object. */
export type EngineApi = Pick<Engine, 'apply' | 'plan' | 'list' | 'describe' | 'remove' | 'wait' | 'inspect' | 'labs' | 'testLab' | 'terminalHost' | 'chooseContainer' | 'logs' | 'exec' | 'buildImages' | 'listImages'>;

export interface EngineProvider {
  /** The connected engine; rejects with ENGINE_UNREACHABLE when no engine answers. */
  engine(): Promise<EngineApi>;
  /** Needs no connected engine: it is what explains why there is none. */
  doctor(): Promise<DoctorReport>;
}

/** What a transport can offer a long request besides its params: a way to report progress. */
export interface CallContext {
  /** Image pulls and Pod steps of `apply`; grace-period waits of `rm` (and of `apply --force`); a lab's phases and self-test steps; image builds (as apply's); the output of logs and exec. */
  onProgress?: (progress: ApplyProgress | RemoveProgress | LabProgressEvent | SelfTestProgress | OutputChunk) => void;
  /** Aborted when the caller gives up (a followed log closed, a socket gone): long work stops early. */
  signal?: AbortSignal;
}

export type Dispatch = ((method: string, params: unknown, ctx?: CallContext) => Promise<unknown>) & {
  /** The terminal host whose sessions a transport attaches viewers to (pipeSession); createDispatcher's dispatchers have it. */
  terminals?: () => Promise<EngineApi['terminalHost']>;
};

type Handlers = { [M in Method]: (params: ValidParams<M>, provider: EngineProvider, ctx: CallContext) => Promise<Result<M>> };

const handlers: Handlers = {
  doctor: (_params, provider) => provider.doctor(),
  'pods.list': async (p, provider) => (await provider.engine()).list(p.group ? { group: p.group } : {}),
  'pods.describe': async (p, provider) => (await provider.engine()).describe(p.name, p.namespace),
  'pods.apply': async (p, provider, ctx) => {
    // Parse every file before connecting: a broken manifest is reported even without an engine,
    // and one broken file of several means nothing is applied.
    const parsed = parseManifestSet(p.manifests);
    const engine = await provider.engine();
    const pods = await engine.apply(parsed, {
      ...(p.group ? { group: p.group } : {}),
      ...(p.force ? { force: true } : {}),
      ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}),
    });
    return { pods, manifestWarnings: parsed.flatMap((pod) => pod.warnings.map((w) => w.toJSON())) };
  },
  'pods.plan': async (p, provider) => {
    const parsed = parseManifestSet(p.manifests);
    const engine = await provider.engine();
    return parsed.map((pod) => engine.plan(pod, p.group));
  },
  'inspect.snapshot': async (p, provider) => {
    const engine = await provider.engine();
    return engine.inspect(p.name ? { name: p.name, namespace: p.namespace ?? 'default' } : {});
  },
  'pods.wait': async (p, provider) => (await provider.engine()).wait(p.uids, p.timeoutSeconds * 1000),
  'pods.remove': async (p, provider, ctx) => {
    const engine = await provider.engine();
    const opts = { ...(p.graceSeconds !== undefined ? { graceSeconds: p.graceSeconds } : {}), ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}) };
    // The schema lets through exactly one of a name and all: true.
    if (p.all || p.name === undefined) return engine.remove({ all: true, ...(p.group ? { group: p.group } : {}) }, opts);
    return engine.remove({ name: p.name, namespace: p.namespace ?? 'default' }, opts);
  },
  // Listing and validating labs reads files only: no engine needed.
  'labs.list': () => {
    const config = loadConfig();
    return listLabs(config.labsDir, config.stateDir);
  },
  'labs.validate': (p) => Promise.resolve(validateLabs(p.dirs?.length ? p.dirs : [loadConfig().labsDir])),
  'labs.start': async (p, provider, ctx) => (await provider.engine()).labs.start(p.id, ctx.onProgress),
  'labs.status': async (p, provider) => (await provider.engine()).labs.status(p.id),
  'labs.check': async (p, provider) => (await provider.engine()).labs.check(p.id, p.step),
  'labs.reset': async (p, provider, ctx) =>
    (await provider.engine()).labs.reset(p.id, { ...(p.keepProgress ? { keepProgress: true } : {}), ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}) }),
  'labs.stop': async (p, provider, ctx) => (await provider.engine()).labs.stop(p.id, { ...(p.finish ? { finish: true } : {}), ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}) }),
  'labs.test': async (p, provider, ctx) =>
    (await provider.engine()).testLab(p.id, { ...(p.timeoutSeconds ? { timeoutMs: p.timeoutSeconds * 1000 } : {}), ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}) }),
  'sched.simulate': (p) => simulateScenario(path.join(loadConfig().labsDir, p.lab, p.scenario), p.mode),
  // Parsed JSON carries no undefined-valued keys, so the optional fields are absent, as SessionTarget wants.
  'terminals.open': async (p, provider) => (await provider.engine()).terminalHost.open(p.target as SessionTarget, { cols: p.cols, rows: p.rows }),
  'terminals.list': async (_p, provider) => (await provider.engine()).terminalHost.list(),
  'terminals.close': async (p, provider) => {
    const host = (await provider.engine()).terminalHost;
    const known = host.list().some((s) => s.id === p.id);
    await host.close(p.id);
    return { closed: known };
  },
  'terminals.stats': async (p, provider) => (await provider.engine()).terminalHost.stats(p.id),
  'images.list': async (_p, provider) => (await provider.engine()).listImages(),
  'images.build': async (p, provider, ctx) => {
    const { onProgress } = ctx;
    const opts = { ...(p.mode ? { mode: p.mode } : {}), ...(p.only ? { only: p.only } : {}) };
    return (await provider.engine()).buildImages({ ...opts, ...(onProgress ? { onProgress: (progress) => onProgress({ kind: 'images', progress }) } : {}) });
  },
  'pods.chooseContainer': async (p, provider) => (await provider.engine()).chooseContainer(p.name, p.namespace ?? 'default', p.container),
  'pods.logs': podsLogs,
  'pods.exec': podsExec,
};

/** `field: message; field: message` — zod's issues in the words a caller can act on. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`).join('; ');
}

async function call<M extends Method>(method: M, params: unknown, provider: EngineProvider, ctx: CallContext): Promise<Result<M>> {
  const checked = methods[method].safeParse(params ?? {});
  if (!checked.success) {
    throw new PodlabError('USAGE', `invalid params for ${method}: ${describeIssues(checked.error)}`, {
      hint: 'this request does not match the Podlab API contract (electron/contract/api.ts)',
    });
  }
  const handler: Handlers[M] = handlers[method];
  return handler(checked.data as ValidParams<M>, provider, ctx);
}

export function createDispatcher(provider: EngineProvider): Dispatch {
  const dispatch: Dispatch = async (method, params, ctx = {}) => {
    if (!isMethod(method)) {
      throw new PodlabError('USAGE', `unknown method "${String(method)}"`, { hint: `use one of: ${Object.keys(methods).join(', ')}` });
    }
    return call(method, params, provider, ctx);
  };
  dispatch.terminals = async () => (await provider.engine()).terminalHost;
  return dispatch;
}
