// `podlab doctor`'s text: the endpoint, the engine, Podlab's images, and each problem with its
// next action. The report itself (electron/engine/doctor.ts) is the same data the window shows.
import type { DoctorReport } from '../engine/doctor.js';

/** Decimal units, like `docker images`. */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

function securitySummary(options: string[]): string {
  if (!options.length) return 'none';
  return options
    .map((o) => {
      const fields = Object.fromEntries(o.split(',').map((kv) => kv.split('=') as [string, string]));
      const name = fields.name ?? o;
      return fields.profile ? `${name} (profile ${fields.profile})` : name;
    })
    .join(', ');
}

const MARK = { error: '✗', warning: '!', info: 'i' } as const;

export function formatDoctor(report: DoctorReport): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`${label.padEnd(16)}${value}`);

  if (report.endpoint) row('Docker endpoint', `${report.endpoint.url} (${report.endpointSource ?? report.endpoint.source})`);
  else row('Docker endpoint', 'unresolved');

  const e = report.engine;
  if (!e) {
    row('Engine', 'not reachable');
  } else {
    const flavor = e.platformName ?? 'Docker Engine';
    row('Engine', `${flavor} ${e.serverVersion}, API ${e.apiVersion}${e.minApiVersion ? ` (min ${e.minApiVersion})` : ''}`);
    row('Platform', [`${e.os}/${e.arch}`, e.kernelVersion && `kernel ${e.kernelVersion}`, e.operatingSystem].filter(Boolean).join(', '));
    row('Storage driver', e.storageDriver ?? 'unknown');
    row('Cgroups', `${e.cgroupVersion ? `v${e.cgroupVersion}` : 'unknown version'}, driver ${e.cgroupDriver ?? 'unknown'}`);
    row('Security', securitySummary(e.securityOptions));
    row('Runs in a VM', e.vm ? `yes, ${e.vm.kind} (${e.vm.evidence})` : 'no');
    for (const w of e.warnings) row('Engine warning', w);
    lines.push('Images');
    const refWidth = Math.max(0, ...report.images.map((i) => i.ref.length)) + 2;
    for (const img of report.images) {
      const state = img.present ? `present${img.sizeBytes !== undefined ? ` (${formatBytes(img.sizeBytes)})` : ''}` : 'missing';
      lines.push(`  ${img.role.padEnd(9)}${img.ref.padEnd(refWidth)}${state}`);
    }
  }

  if (report.problems.length) {
    lines.push('Problems');
    for (const p of report.problems) {
      lines.push(`  ${MARK[p.severity]} ${p.message}`);
      if (p.hint) lines.push(`    → ${p.hint}`);
    }
  } else {
    lines.push('No problems found.');
  }
  return lines.join('\n');
}
