// The request contract at the edge: unknown methods and bad params become USAGE errors before any
// engine is reached, good params reach the engine as the engine expects them, and every outcome
// travels as a Reply with the error's code and hint intact.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, isEventChannel, isMethod, methods } from '../../electron/contract/api.js';
import { createDispatcher, type EngineApi, type EngineProvider } from '../../electron/contract/dispatch.js';
import { errorToJSON, settle } from '../../electron/contract/reply.js';
import type { DoctorReport } from '../../electron/engine/doctor.js';
import { PodlabError } from '../../electron/engine/base/errors.js';
import type { ParsedPod } from '../../electron/engine/pods/manifest/spec.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../labs/examples/two-containers.yaml');

const DOCTOR: DoctorReport = { ok: true, reachable: true, endpoint: null, engine: null, images: [], problems: [] };

function fakeEngine() {
  return {
    list: vi.fn(async (_sel?: unknown) => [{ name: 'web' }]),
    describe: vi.fn(async (name: string, _namespace?: string) => ({ name })),
    apply: vi.fn(async (pods: ParsedPod[], _opts?: unknown) => pods.map((p) => ({ name: p.pod.metadata.name, namespace: 'default', uid: 'u1', outcome: 'created', warnings: [] }))),
    plan: vi.fn((pod: ParsedPod, group?: string) => ({ pod: pod.pod.metadata.name, group })),
    remove: vi.fn(async (_sel: unknown, _opts?: unknown) => [{ name: 'web', namespace: 'default', uid: 'u1' }]),
    labs: {
      start: vi.fn(async (id: string, _onProgress?: unknown) => ({ id })),
      check: vi.fn(async (id: string, step?: string | number) => ({ lab: id, step })),
      reset: vi.fn(async (id: string, _opts?: unknown) => ({ id })),
    },
    testLab: vi.fn(async (id: string, _opts?: unknown) => ({ lab: id, ok: true })),
  };
}

function setup(connect: () => Promise<unknown> = async () => undefined) {
  const engine = fakeEngine();
  const provider = {
    engine: vi.fn(async () => {
      await connect();
      return engine as unknown as EngineApi;
    }),
    doctor: vi.fn(async () => DOCTOR),
  } satisfies EngineProvider;
  return { engine, provider, dispatch: createDispatcher(provider) };
}

async function rejection(p: Promise<unknown>): Promise<PodlabError> {
  const err: unknown = await p.then(
    () => expect.unreachable('the call should have failed'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PodlabError);
  return err as PodlabError;
}

describe('unknown methods', () => {
  it.each(['pods.nope', '', 'toString', '__proto__', 'constructor', 'Doctor'])('%j is a USAGE error naming the method', async (method) => {
    const { dispatch, provider } = setup();
    const err = await rejection(dispatch(method, {}));
    expect(err.code).toBe('USAGE');
    expect(err.message).toBe(`unknown method "${method}"`);
    expect(err.hint).toContain('pods.list');
    expect(provider.engine).not.toHaveBeenCalled();
  });

  it('isMethod knows exactly the contract methods', () => {
    expect(Object.keys(methods).sort()).toEqual([
      'doctor',
      'images.build',
      'images.list',
      'inspect.snapshot',
      'labs.check',
      'labs.list',
      'labs.reset',
      'labs.start',
      'labs.status',
      'labs.stop',
      'labs.test',
      'labs.validate',
      'pods.apply',
      'pods.chooseContainer',
      'pods.describe',
      'pods.exec',
      'pods.list',
      'pods.logs',
      'pods.plan',
      'pods.remove',
      'pods.wait',
      'sched.simulate',
      'terminals.close',
      'terminals.list',
      'terminals.open',
      'terminals.stats',
    ]);
    expect(isMethod('pods.list')).toBe(true);
    expect(isMethod('hasOwnProperty')).toBe(false);
    expect(isMethod(42)).toBe(false);
  });
});

describe('bad params', () => {
  it.each([
    ['pods.describe', {}, 'name: '],
    ['pods.describe', { name: '' }, 'name: Too small'],
    ['pods.describe', { name: 7 }, 'name: Invalid input: expected string, received number'],
    ['pods.describe', { name: 'web', extra: 1 }, 'Unrecognized key: "extra"'],
    ['pods.list', { group: 'has space' }, 'group: a group is 1-63 letters'],
    ['pods.list', 'web', 'params: Invalid input: expected object, received string'],
    ['doctor', { verbose: true }, 'Unrecognized key: "verbose"'],
    ['pods.apply', { manifests: [{ yaml: 'x' }] }, 'manifests.0.file: '],
    ['pods.apply', { manifests: [] }, 'manifests: Too small'],
    ['pods.apply', { yaml: 'x', file: 'a.yaml' }, 'manifests: '],
    ['pods.apply', { manifests: [{ yaml: 'x', file: 'a.yaml' }], force: 'yes' }, 'force: Invalid input: expected boolean'],
    ['pods.apply', { manifests: [{ yaml: 'x'.repeat(3 << 20), file: 'a.yaml' }, { yaml: 'x'.repeat(2 << 20), file: 'b.yaml' }] }, 'manifests: the manifests add up to more than 4 MiB'],
    ['pods.plan', { manifests: [{ yaml: 'x', file: 'a.yaml' }], force: true }, 'Unrecognized key: "force"'],
    ['pods.remove', {}, 'give either a Pod name or all: true'],
    ['pods.remove', { name: 'web', all: true }, 'give either a Pod name or all: true'],
    ['pods.remove', { all: false }, 'all: Invalid input: expected true'],
    ['pods.remove', { name: 'web', group: 'lab1' }, 'group: a group narrows all: true'],
    ['pods.remove', { name: 'web', graceSeconds: -1 }, 'graceSeconds: Too small'],
    ['pods.logs', { name: 'web', container: 'app', allContainers: true }, 'container: give a container or allContainers, not both'],
    ['pods.logs', { name: 'web', tail: -1 }, 'tail: Too small'],
    ['pods.exec', { pod: 'web', command: [] }, 'command: Too small'],
    ['images.build', { only: ['sidecar'] }, 'only.0: Invalid option'],
  ])('%s %j → USAGE mentioning %j, engine untouched', async (method, params, fragment) => {
    const { dispatch, provider } = setup();
    const err = await rejection(dispatch(method, params));
    expect(err.code).toBe('USAGE');
    expect(err.message).toContain(`invalid params for ${method}: `);
    expect(err.message).toContain(fragment);
    expect(provider.engine).not.toHaveBeenCalled();
    expect(provider.doctor).not.toHaveBeenCalled();
  });
});

describe('good params reach the engine', () => {
  it('doctor needs no engine connection', async () => {
    const { dispatch, provider } = setup(async () => {
      throw new PodlabError('ENGINE_UNREACHABLE', 'no engine');
    });
    expect(await dispatch('doctor', undefined)).toBe(DOCTOR);
    expect(provider.doctor).toHaveBeenCalledOnce();
    expect(provider.engine).not.toHaveBeenCalled();
  });

  it('pods.list with and without a group', async () => {
    const { dispatch, engine } = setup();
    expect(await dispatch('pods.list', undefined)).toEqual([{ name: 'web' }]);
    await dispatch('pods.list', { group: 'lab-1' });
    expect(engine.list.mock.calls).toEqual([[{}], [{ group: 'lab-1' }]]);
  });

  it('pods.describe passes name and namespace', async () => {
    const { dispatch, engine } = setup();
    await dispatch('pods.describe', { name: 'web' });
    await dispatch('pods.describe', { name: 'web', namespace: 'lab' });
    expect(engine.describe.mock.calls).toEqual([
      ['web', undefined],
      ['web', 'lab'],
    ]);
  });

  it('pods.apply parses the YAML text and applies the Pods with group and force', async () => {
    const { dispatch, engine } = setup();
    const yaml = readFileSync(EXAMPLE, 'utf8');
    const res = await dispatch('pods.apply', { manifests: [{ yaml, file: 'two-containers.yaml' }], group: 'lab-1', force: true });
    expect(engine.apply).toHaveBeenCalledOnce();
    const [pods, opts] = engine.apply.mock.calls[0] ?? [[], undefined];
    expect(pods.map((p) => [p.pod.metadata.name, p.pod.spec.containers.map((c) => c.name), p.source.file])).toEqual([
      ['two-containers', ['web', 'client'], 'two-containers.yaml'],
    ]);
    expect(opts).toEqual({ group: 'lab-1', force: true });
    expect(res).toEqual({ pods: [expect.objectContaining({ name: 'two-containers', outcome: 'created' })], manifestWarnings: [] });
  });

  it('pods.apply returns the manifest warnings as error JSON with their location', async () => {
    const { dispatch, engine } = setup();
    const yaml = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: probed}',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: podlab/toolbox:1',
      '      readinessProbe: {exec: {command: ["true"]}}',
    ].join('\n');
    const res = (await dispatch('pods.apply', { manifests: [{ yaml, file: 'probed.yaml' }] })) as { manifestWarnings: { location?: { file?: string; line?: number } }[] };
    expect(engine.apply.mock.calls[0]?.[1]).toEqual({});
    expect(res.manifestWarnings.length).toBeGreaterThan(0);
    expect(res.manifestWarnings[0]?.location).toMatchObject({ file: 'probed.yaml', line: 8 });
  });

  it('a broken manifest is MANIFEST_INVALID with its location, and no engine is connected', async () => {
    const { dispatch, provider } = setup();
    const err = await rejection(dispatch('pods.apply', { manifests: [{ yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {contianers: []}\n', file: 'bad.yaml' }] }));
    expect(err.code).toBe('MANIFEST_INVALID');
    expect([err.location?.file, ...err.details.map((d) => d.location?.file)]).toContain('bad.yaml');
    expect(provider.engine).not.toHaveBeenCalled();
  });

  it('pods.apply takes several files as one request: one engine call with the Pods of all of them', async () => {
    const { dispatch, engine } = setup();
    const yaml = readFileSync(EXAMPLE, 'utf8');
    await dispatch('pods.apply', { manifests: [{ yaml, file: 'a.yaml' }, { yaml: yaml.replace('name: two-containers', 'name: other'), file: 'b.yaml' }] });
    expect(engine.apply).toHaveBeenCalledOnce();
    expect(engine.apply.mock.calls[0]?.[0].map((p) => [p.pod.metadata.name, p.source.file])).toEqual([
      ['two-containers', 'a.yaml'],
      ['other', 'b.yaml'],
    ]);
  });

  it('a broken second file: MANIFEST_INVALID naming it, and nothing reaches the engine', async () => {
    const { dispatch, provider } = setup();
    const good = readFileSync(EXAMPLE, 'utf8');
    const err = await rejection(dispatch('pods.apply', { manifests: [{ yaml: good, file: 'good.yaml' }, { yaml: 'kind: Pod\nmetadata: {name: x}\n', file: 'bad.yaml' }] }));
    expect(err.code).toBe('MANIFEST_INVALID');
    expect(err.message).toContain('bad.yaml');
    expect(provider.engine).not.toHaveBeenCalled();
  });

  it('pods.plan plans every Pod of the text for the group', async () => {
    const { dispatch, engine } = setup();
    const res = await dispatch('pods.plan', { manifests: [{ yaml: readFileSync(EXAMPLE, 'utf8'), file: 'two-containers.yaml' }], group: 'lab-1' });
    expect(res).toEqual([{ pod: 'two-containers', group: 'lab-1' }]);
    expect(engine.plan).toHaveBeenCalledOnce();
  });

  it('pods.remove: a named Pod (namespace default) or all of a group, with grace', async () => {
    const { dispatch, engine } = setup();
    await dispatch('pods.remove', { name: 'web' });
    await dispatch('pods.remove', { name: 'web', namespace: 'lab', graceSeconds: 0 });
    await dispatch('pods.remove', { all: true, group: 'lab-1' });
    await dispatch('pods.remove', { all: true });
    expect(engine.remove.mock.calls).toEqual([
      [{ name: 'web', namespace: 'default' }, {}],
      [{ name: 'web', namespace: 'lab' }, { graceSeconds: 0 }],
      [{ all: true, group: 'lab-1' }, {}],
      [{ all: true }, {}],
    ]);
  });

  it("the provider's connection error reaches the caller unchanged", async () => {
    const unreachable = new PodlabError('ENGINE_UNREACHABLE', 'no Docker engine at unix:///nope.sock', { hint: 'start Docker' });
    const { dispatch } = setup(async () => {
      throw unreachable;
    });
    expect(await rejection(dispatch('pods.list', {}))).toBe(unreachable);
  });
});

describe('labs through the contract', () => {
  it('refuses a lab id that is no folder name before any engine is reached', async () => {
    const { dispatch, provider } = setup();
    const err = await rejection(dispatch('labs.start', { id: '../etc' }));
    expect(err.code).toBe('USAGE');
    expect(err.message).toContain('id: a lab id is its folder name');
    expect(provider.engine).not.toHaveBeenCalled();
  });

  it('lists and validates labs without an engine', async () => {
    const { dispatch, provider } = setup();
    const labs = (await dispatch('labs.validate', { dirs: [path.resolve(import.meta.dirname, '../fixtures/labs')] })) as { id: string; ok: boolean }[];
    expect(labs.map((l) => [l.id, l.ok])).toContainEqual(['it-labs-typo', false]);
    expect(provider.engine).not.toHaveBeenCalled();
  });

  it('draws a lab scenario with the simulator, without an engine and without leaving the lab folder', async () => {
    const { dispatch, provider } = setup();
    const outcome = (await dispatch('sched.simulate', { lab: 'gang-scheduling', scenario: 'rsyslog.yaml', mode: 'containers' })) as { unplaced: string[]; placed: Record<string, string> };
    // The article's outcome: one by one, imuxsock cannot follow main to node-2.
    expect(outcome.unplaced).toEqual(['imuxsock']);
    expect(outcome.placed).toEqual({ main: 'node-2', imklog: 'node-2' });
    const pod = (await dispatch('sched.simulate', { lab: 'gang-scheduling', scenario: 'rsyslog.yaml', mode: 'pod' })) as { unplaced: string[] };
    expect(pod.unplaced).toEqual([]);
    const err = await rejection(dispatch('sched.simulate', { lab: 'gang-scheduling', scenario: '../../etc/passwd.yaml', mode: 'pod' }));
    expect(err.code).toBe('USAGE');
    expect(err.message).toContain("a scenario is a YAML file name in the lab's folder");
    expect(provider.engine).not.toHaveBeenCalled();
  });

  it('start, check, reset and test reach the engine with their options and the progress listener', async () => {
    const { dispatch, engine } = setup();
    const onProgress = vi.fn();
    await dispatch('labs.start', { id: 'process-groups' }, { onProgress });
    expect(engine.labs.start).toHaveBeenCalledWith('process-groups', onProgress);
    await dispatch('labs.check', { id: 'process-groups', step: 'pipeline' });
    expect(engine.labs.check).toHaveBeenCalledWith('process-groups', 'pipeline');
    await dispatch('labs.reset', { id: 'process-groups', keepProgress: true }, { onProgress });
    expect(engine.labs.reset).toHaveBeenCalledWith('process-groups', { keepProgress: true, onProgress });
    await dispatch('labs.test', { id: 'process-groups', timeoutSeconds: 5 });
    expect(engine.testLab).toHaveBeenCalledWith('process-groups', { timeoutMs: 5000 });
  });
});

describe('replies', () => {
  it('settle wraps a result', async () => {
    expect(await settle(async () => [1, 2])).toEqual({ ok: true, result: [1, 2] });
  });

  it('settle keeps a PodlabError as JSON: code, message, hint, location, details', async () => {
    const err = new PodlabError('MANIFEST_INVALID', 'bad manifest', {
      hint: 'fix the fields',
      location: { file: 'a.yaml', line: 3 },
      details: [new PodlabError('MANIFEST_INVALID', 'spec.containers is required')],
    });
    const reply = await settle(() => Promise.reject(err));
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'MANIFEST_INVALID',
        message: 'bad manifest',
        hint: 'fix the fields',
        location: { file: 'a.yaml', line: 3 },
        details: [{ code: 'MANIFEST_INVALID', message: 'spec.containers is required' }],
      },
    });
    // What a transport does to it: the JSON survives unchanged.
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
  });

  it('anything else becomes INTERNAL with its message', async () => {
    expect(errorToJSON(new TypeError('x is undefined'))).toMatchObject({ code: 'INTERNAL', message: 'x is undefined' });
    expect(errorToJSON('plain string')).toMatchObject({ code: 'INTERNAL', message: 'plain string' });
  });

  it('a dispatch USAGE error arrives as a Reply a renderer can show', async () => {
    const { dispatch } = setup();
    const reply = await settle(() => dispatch('pods.describe', {}));
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatchObject({ code: 'USAGE', hint: expect.stringContaining('contract') });
  });
});

describe('event channels', () => {
  it('only the contract channels are accepted', () => {
    expect(EVENT_CHANNELS).toEqual(['pods.changed', 'inspect.changed', 'labs.changed', 'engine.changed']);
    expect(isEventChannel('inspect.changed')).toBe(true);
    expect(isEventChannel('pods.changed')).toBe(true);
    expect(isEventChannel('podlab:invoke')).toBe(false);
    expect(isEventChannel(undefined)).toBe(false);
  });
});

describe('logs, exec and images through the contract', () => {
  function outputEngine() {
    const engine = {
      logs: vi.fn(async (_name: string, _container: string | undefined, out: Writable, err: Writable, opts?: { signal?: AbortSignal }) => {
        out.write(Buffer.from([0xe4, 0xb8])); // half of 中: never decoded on the way
        err.write(Buffer.from('oops\n'));
        if (opts?.signal) await new Promise((resolve) => opts.signal?.addEventListener('abort', resolve, { once: true }));
      }),
      exec: vi.fn(async (_pod: string, _command: string[], out: Writable, _err: Writable, _opts?: unknown) => {
        out.write(Buffer.from('out\n'));
        return 7;
      }),
      buildImages: vi.fn(async (opts?: { onProgress?: (p: unknown) => void }) => {
        opts?.onProgress?.({ image: 'podlab/pause:3.10', phase: 'compile' });
        return [{ role: 'pause', image: 'podlab/pause:3.10', id: 'sha256:1', mode: 'offline' }];
      }),
      chooseContainer: vi.fn(async (_pod: string, _namespace?: string, container?: string) => ({ name: container ?? 'web', notice: 'Defaulted container "web" out of: web, side' })),
    };
    const provider: EngineProvider = { engine: async () => engine as unknown as EngineApi, doctor: async () => DOCTOR };
    return { engine, dispatch: createDispatcher(provider) };
  }

  it("pods.logs: the output as base64 chunks by stream, options passed on, ended by the caller's signal", async () => {
    const { engine, dispatch } = outputEngine();
    const progress: unknown[] = [];
    const stop = new AbortController();
    const reply = dispatch('pods.logs', { name: 'web', container: 'app', follow: true, tail: 0, prefix: true }, { onProgress: (p) => progress.push(p), signal: stop.signal });
    await vi.waitFor(() => expect(progress).toHaveLength(2));
    stop.abort();
    expect(await reply).toEqual({ cancelled: true });
    expect(progress).toEqual([
      { kind: 'output', stream: 'stdout', base64: Buffer.from([0xe4, 0xb8]).toString('base64') },
      { kind: 'output', stream: 'stderr', base64: Buffer.from('oops\n').toString('base64') },
    ]);
    expect(engine.logs.mock.calls[0]?.[4]).toEqual({ namespace: 'default', follow: true, tail: 0, prefix: true, signal: stop.signal });
    expect(engine.logs.mock.calls[0]?.slice(0, 2)).toEqual(['web', 'app']);
  });

  it('pods.exec: the exit code as the reply, the output as progress', async () => {
    const { engine, dispatch } = outputEngine();
    const progress: unknown[] = [];
    expect(await dispatch('pods.exec', { pod: 'web', namespace: 'lab', command: ['sh', '-c', 'exit 7'] }, { onProgress: (p) => progress.push(p) })).toEqual({ exitCode: 7 });
    expect(progress).toEqual([{ kind: 'output', stream: 'stdout', base64: Buffer.from('out\n').toString('base64') }]);
    expect(engine.exec.mock.calls[0]?.[4]).toEqual({ namespace: 'lab' });
  });

  it("images.build: mode and roles passed on, the build's progress as apply's image progress", async () => {
    const { engine, dispatch } = outputEngine();
    const progress: unknown[] = [];
    await dispatch('images.build', { mode: 'offline', only: ['pause'] }, { onProgress: (p) => progress.push(p) });
    expect(engine.buildImages.mock.calls[0]?.[0]).toMatchObject({ mode: 'offline', only: ['pause'] });
    expect(progress).toEqual([{ kind: 'images', progress: { image: 'podlab/pause:3.10', phase: 'compile' } }]);
  });

  it('pods.chooseContainer: namespace default, the notice comes back', async () => {
    const { engine, dispatch } = outputEngine();
    expect(await dispatch('pods.chooseContainer', { name: 'web' })).toEqual({ name: 'web', notice: 'Defaulted container "web" out of: web, side' });
    expect(engine.chooseContainer.mock.calls[0]).toEqual(['web', 'default', undefined]);
  });
});
