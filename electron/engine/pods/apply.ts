// `apply`: validate against the engine, make sure every image is here, then build the Pod —
// volumes, infra, first containers — and hand it to the sync loop. Idempotent: the same manifest
// again is "unchanged"; a changed one is refused (Pods are immutable) unless `force` replaces it.
// Anything that fails on the way is rolled back, so a broken apply leaves nothing half-built.
import { randomUUID } from 'node:crypto';
import { PodlabError } from '../base/errors.js';
import { ensureImages, type WantedImage } from '../images/ensure.js';
import type { ImageProgress } from '../images/progress.js';
import { observePods, type ObservedPod } from './sync/observe.js';
import { checkEngineSupport, specHash } from './sync/plan.js';
import { removePodNow } from './remove.js';
import type { GraceProgress } from './grace.js';
import { recordEvent, type PodRuntime } from './runtime.js';
import { firstSteps } from './sync/sync-plan.js';
import { createSandbox } from './sync/sync-run.js';
import type { ParsedPod, PodSpec } from './manifest/spec.js';
import { describeChanges, specChanges } from './manifest/spec-diff.js';

export interface ApplyOptions {
  /** Group label (a lab id); `pod rm --group` removes a whole group. */
  group?: string;
  /** Replace a Pod of the same name whose spec differs. */
  force?: boolean;
  onProgress?: (p: ApplyProgress) => void;
  /** Called once a Pod's sandbox and first containers exist: the supervisor takes it from there. */
  onCreated?: (uid: string) => void;
}

export type ApplyProgress =
  | { kind: 'images'; progress: ImageProgress }
  | { kind: 'pod'; pod: string; step: 'replacing' | 'creating' | 'created' | 'unchanged' }
  /** `--force` removes the old Pod first: its grace-period waits, as `pod rm` reports them. */
  | GraceProgress;

export interface ApplyResult {
  name: string;
  namespace: string;
  uid: string;
  outcome: 'created' | 'unchanged' | 'replaced';
  warnings: string[];
}

export const DEFAULT_GROUP = 'default';

function key(p: PodSpec): string {
  return `${p.metadata.namespace}/${p.metadata.name}`;
}

/** A fresh, not yet existing Pod in the observed shape, so the sync code can build it. */
function newPod(spec: PodSpec, group: string): ObservedPod {
  return {
    uid: randomUUID(),
    name: spec.metadata.name,
    namespace: spec.metadata.namespace,
    group,
    spec,
    specHash: specHash(spec),
    createdAt: new Date().toISOString(),
    sandboxes: [],
    containers: [],
  };
}

export async function applyPods(rt: PodRuntime, parsed: ParsedPod[], opts: ApplyOptions = {}): Promise<ApplyResult[]> {
  const group = opts.group ?? DEFAULT_GROUP;
  const seen = new Set<string>();
  for (const p of parsed) {
    if (seen.has(key(p.pod))) {
      throw new PodlabError('MANIFEST_INVALID', `Pod "${key(p.pod)}" appears twice`, {
        location: { file: p.source.file, line: p.source.line, field: 'metadata.name' },
        hint: 'give each Pod its own name',
      });
    }
    seen.add(key(p.pod));
    checkEngineSupport(p.pod, rt.apiVersion, p.source.file);
  }

  // Every image before any container: a missing image must not leave half a Pod behind. Checked
  // while we look at what exists (both only read), so an apply costs no extra round trip.
  const wanted: WantedImage[] = [{ image: rt.config.pauseImage, pullPolicy: 'IfNotPresent', field: 'pause image' }];
  for (const p of parsed) {
    for (const c of [...p.pod.spec.initContainers, ...p.pod.spec.containers]) {
      wanted.push({ image: c.image, pullPolicy: c.imagePullPolicy, field: `${p.source.file}: ${p.pod.metadata.name}/${c.name}.image` });
    }
  }
  const pulled = new Set<string>();
  const only = parsed.length === 1 ? parsed[0]?.pod.metadata : undefined;
  const [existing, images] = await Promise.all([
    // What exists already decides, per Pod: unchanged, conflict, or replace.
    observePods(rt, only ? { name: only.name, namespace: only.namespace } : {}, false),
    ensureImages(
      rt.docker,
      wanted,
      (progress) => {
        if (progress.phase === 'pull') pulled.add(progress.image);
        opts.onProgress?.({ kind: 'images', progress });
      },
      { config: rt.config },
    ),
  ]);
  const byKey = new Map(existing.map((e) => [`${e.namespace}/${e.name}`, e]));
  const todo: { parsed: ParsedPod; replace?: ObservedPod }[] = [];
  const results: ApplyResult[] = [];
  for (const p of parsed) {
    const old = byKey.get(key(p.pod));
    const warnings = p.warnings.map((w) => w.message);
    // The stored spec may list the same fields in another order (hash differs, nothing changed).
    const changes = old && old.specHash !== specHash(p.pod) ? specChanges(old.spec, p.pod) : [];
    if (old && !changes.length) {
      results.push({ name: p.pod.metadata.name, namespace: p.pod.metadata.namespace, uid: old.uid, outcome: 'unchanged', warnings });
      opts.onProgress?.({ kind: 'pod', pod: p.pod.metadata.name, step: 'unchanged' });
      continue;
    }
    if (old && !opts.force) {
      throw new PodlabError('POD_CONFLICT', `Pod "${key(p.pod)}" already exists with a different spec (${changes.length} field${changes.length === 1 ? '' : 's'} changed)`, {
        location: { file: p.source.file, line: p.source.line },
        hint: `Pods cannot be changed in place: run \`podlab pod rm ${p.pod.metadata.name}\` first, or apply with --force to replace it`,
        // Each changed field, as `spec.containers[0].image: podlab/toolbox:1 → busybox`.
        details: describeChanges(changes).map((line) => new PodlabError('POD_CONFLICT', line)),
      });
    }
    todo.push({ parsed: p, ...(old ? { replace: old } : {}) });
  }
  if (!todo.length) return results;

  await Promise.all(
    todo.map(async ({ parsed: p, replace }) => {
      if (replace) {
        opts.onProgress?.({ kind: 'pod', pod: p.pod.metadata.name, step: 'replacing' });
        await removePodNow(rt, replace, opts.onProgress ? { onProgress: opts.onProgress } : {});
      }
      opts.onProgress?.({ kind: 'pod', pod: p.pod.metadata.name, step: 'creating' });
      const pod = newPod(p.pod, group);
      // In the order it happens: the Pod is accepted (kubectl's Scheduled), its images are here, then
      // the sandbox and the containers come up (their events come from createSandbox).
      recordEvent(rt, pod.uid, { type: 'Normal', reason: 'Applied', object: 'pod', message: `Applied from ${p.source.file}` });
      // As the kubelet reports it: each container's image, pulled now or already here.
      for (const c of [...p.pod.spec.initContainers, ...p.pod.spec.containers]) {
        recordEvent(rt, pod.uid, {
          type: 'Normal',
          reason: 'Pulled',
          object: c.name,
          message: pulled.has(c.image) ? `Successfully pulled image "${c.image}"` : `Container image "${c.image}" already present on machine`,
        });
      }
      try {
        await createSandbox(rt, pod, 0, 'Created', firstSteps(pod));
      } catch (err) {
        await rollback(rt, pod);
        throw err;
      }
      // The next init containers, sidecars and restarts are the supervisor's: one actor per Pod.
      opts.onCreated?.(pod.uid);
      opts.onProgress?.({ kind: 'pod', pod: p.pod.metadata.name, step: 'created' });
      results.push({
        name: p.pod.metadata.name,
        namespace: p.pod.metadata.namespace,
        uid: pod.uid,
        outcome: replace ? 'replaced' : 'created',
        warnings: [...p.warnings.map((w) => w.message), ...images.warnings],
      });
    }),
  );
  await rt.records.flush();
  return results;
}

/** Removes whatever a failed apply created for this Pod (found by its uid label). */
async function rollback(rt: PodRuntime, pod: ObservedPod): Promise<void> {
  await rt.records.markDeleting(pod.uid);
  const [built] = await observePods(rt, { uid: pod.uid }, false);
  await removePodNow(rt, built ?? pod, { graceSeconds: 0 });
}
