// One document as a Pod object: kind and apiVersion first (another kind gets a hint instead of
// field noise), then metadata (name, namespace, labels, annotations); the spec is read-spec.ts's.
import { isMap } from 'yaml';
import { METADATA, POD_OBJECT } from './fields.js';
import { dnsLabelProblem, dnsSubdomainProblem, labelValueProblem, qualifiedNameProblem } from './formats.js';
import { formattedString } from './read-helpers.js';
import { readPodSpec } from './read-spec.js';
import { type Field, type ManifestReader, describe, nameOf } from './reader.js';
import type { PodSpec } from './spec.js';

export interface ReadPod {
  pod: PodSpec;
  /** Where metadata.name is, for cross-document checks. */
  name: Field;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

export function readPod(r: ManifestReader): ReadPod | undefined {
  const root = r.root();
  if (!isMap(root.node)) {
    r.problem(root, `expected a Pod (a mapping with apiVersion, kind, metadata and spec), found ${describe(root.node)}`);
    return undefined;
  }

  // The kind decides which fields exist: another kind's fields would only produce noise.
  const kindField = r.peek(root, 'kind');
  const kind = r.string(kindField);
  if (kind === undefined && kindField.node !== undefined) return undefined;
  if (kind !== undefined && kind !== 'Pod') {
    r.problem(kindField, `only kind: Pod is supported, found kind: ${kind}`, kindHint(kind));
    return undefined;
  }

  const top = r.mapping(root, POD_OBJECT);
  r.required(top.get('kind'), root, '`kind` is required', 'write kind: Pod');
  const apiVersionField = top.get('apiVersion');
  if (r.required(apiVersionField, root, '`apiVersion` is required', 'write apiVersion: v1')) {
    const apiVersion = r.string(apiVersionField);
    if (apiVersion !== undefined && apiVersion !== 'v1') {
      r.problem(apiVersionField, `a Pod's apiVersion is v1, found ${JSON.stringify(apiVersion)}`, 'write apiVersion: v1');
    }
  }

  const meta = readMetadata(r, root, top.get('metadata'));
  const specField = top.get('spec');
  if (!r.required(specField, root, '`spec` is required', 'add spec.containers with at least one container')) return undefined;
  const spec = readPodSpec(r, specField);
  return { pod: { apiVersion: 'v1', kind: 'Pod', metadata: meta.metadata, spec }, name: meta.name };
}

function kindHint(kind: string): string {
  if (kind === 'List') return 'put each Pod in its own YAML document, separated by a line `---`';
  if (WORKLOAD_KINDS.has(kind)) return `Podlab runs bare Pods: copy the ${kind}'s Pod template (spec.template.metadata and spec.template.spec) into a kind: Pod manifest`;
  if (kind === 'CronJob') return 'Podlab runs bare Pods: copy spec.jobTemplate.spec.template into a kind: Pod manifest';
  return 'Podlab runs Pods only; remove this document';
}

function readMetadata(r: ManifestReader, root: Field, metaField: Field): { metadata: PodSpec['metadata']; name: Field } {
  const meta = r.mapping(metaField, METADATA);
  const nameField = meta.get('name');
  const generateName = meta.get('generateName');
  let name = '';
  if (nameField.node !== undefined) {
    const value = r.string(nameField);
    name = value ?? '';
    const problem = value === undefined ? undefined : dnsSubdomainProblem(value, 63);
    if (problem) r.problem(nameField, `Pod name ${JSON.stringify(value)} is not valid (it becomes the hostname): ${problem}`);
    if (generateName.node !== undefined) r.warnAtKey(generateName, '`generateName` is not applied by Podlab: metadata.name is set');
  } else if (generateName.node !== undefined) {
    r.problemAtKey(generateName, '`generateName` is not supported by Podlab: it needs a fixed metadata.name', 'replace generateName with name');
  } else {
    r.required(nameField, metaField.node !== undefined ? metaField : root, '`metadata.name` is required', 'add metadata.name, e.g. name: web');
  }

  const namespaceField = meta.get('namespace');
  const namespace = formattedString(r, namespaceField, 'namespace', dnsLabelProblem) ?? 'default';

  const labels = readStringMap(r, meta.get('labels'), 'label', 'a label needs a value', labelValueProblem);
  const annotations = readStringMap(r, meta.get('annotations'), 'annotation', 'an annotation needs a value');
  return { metadata: { name, namespace, labels, annotations }, name: nameField };
}

/** Labels or annotations: qualified-name keys with string values (`valueProblem` checks them). */
function readStringMap(
  r: ManifestReader,
  field: Field,
  noun: string,
  needsValue: string,
  valueProblem: (value: string) => string | undefined = () => undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of r.entries(field)) {
    const key = nameOf(entry);
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) r.problemAtKey(entry, `${noun} key ${JSON.stringify(key)} is not valid: ${keyProblem}`);
    if (entry.node === undefined) {
      r.problemAtKey(entry, needsValue, 'write "" for an empty value');
      continue;
    }
    const value = formattedString(r, entry, `${noun} value`, valueProblem);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
