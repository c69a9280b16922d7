// A container's resources.limits and memory quantities (also an emptyDir's sizeLimit), read to
// the exact nano-CPUs and bytes Docker takes, refusing values below what Docker and CFS accept.
import { RESOURCES, RESOURCE_LIMITS } from './fields.js';
import { cpuToNanoCpus, memoryToBytes } from './quantity.js';
import type { Field, ManifestReader } from './reader.js';
import type { ContainerSpec } from './spec.js';

/** Docker refuses smaller memory limits ("Minimum memory limit allowed is 6MB"). */
const DOCKER_MIN_MEMORY_BYTES = 6 * 1024 * 1024;
/** CFS quota cannot go below 1 ms per 100 ms period: 0.01 CPU (the kubelet clamps to this too). */
const MIN_NANO_CPUS = 10_000_000;

export function readLimits(r: ManifestReader, field: Field): ContainerSpec['resources']['limits'] {
  const resources = r.mapping(field, RESOURCES);
  const limits = r.mapping(resources.get('limits'), RESOURCE_LIMITS);
  const out: ContainerSpec['resources']['limits'] = {};

  const cpuField = limits.get('cpu');
  const cpuText = r.quantityText(cpuField);
  if (cpuText !== undefined) {
    const cpu = cpuToNanoCpus(cpuText);
    if (!cpu.ok) r.problem(cpuField, cpu.reason);
    else if (cpu.value < MIN_NANO_CPUS) r.problem(cpuField, `cpu limit ${cpuText} is below the minimum of 10m (0.01 CPU) a Linux CFS quota allows`);
    else out.nanoCpus = cpu.value;
  }

  const memoryField = limits.get('memory');
  const memoryText = r.quantityText(memoryField);
  if (memoryText !== undefined) {
    const bytes = readMemory(r, memoryField, memoryText);
    if (bytes !== undefined && bytes < DOCKER_MIN_MEMORY_BYTES) {
      r.problem(memoryField, `memory limit ${memoryText} is ${bytes} bytes; Docker's minimum is 6Mi`);
    } else if (bytes !== undefined) out.memoryBytes = bytes;
  }
  return out;
}

/** A memory quantity (`text`, as written at `field`) in bytes; undefined when it is wrong. */
export function readMemory(r: ManifestReader, field: Field, text: string): number | undefined {
  const bytes = memoryToBytes(text);
  if (!bytes.ok) {
    r.problem(field, bytes.reason);
    return undefined;
  }
  // `128m` is 0.128 bytes: `m` is milli. Almost always meant as Mi.
  if (text.endsWith('m')) {
    r.problem(field, `${text} means ${text.slice(0, -1)} thousandths of a byte (\`m\` is milli); did you mean ${text.slice(0, -1)}Mi?`);
    return undefined;
  }
  return bytes.value;
}
