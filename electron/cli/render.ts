// Text views for the terminal: kubectl-like tables and `describe`; `--json` skips them for printJson.
import type { Writable } from 'node:stream';
import type { ContainerState, ContainerStatus, PodDescription, PodStatus } from '../engine/model.js';

/** What `--json` prints: the value as indented JSON, one document on stdout. */
export function printJson(io: { out: Writable }, v: unknown): void {
  io.out.write(`${JSON.stringify(v, null, 2)}\n`);
}

/** The width of each column: its widest cell. */
export function columnWidths(head: string[], rows: string[][]): number[] {
  return head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
}

/** One row of left-aligned columns separated by three spaces, as kubectl prints them. */
export function tableRow(r: string[], widths: number[]): string {
  return r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('   ').trimEnd();
}

export function table(head: string[], rows: string[][]): string {
  const widths = columnWidths(head, rows);
  return [head, ...rows].map((r) => tableRow(r, widths)).join('\n');
}

/** kubectl's short ages: 45s, 3m, 2h, 5d. */
export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export const NO_PODS = 'No Pods. Create one with `podlab pod apply -f FILE`.';

/** The columns of `pod ls`; AGE is the one that changes by itself (`pod ls -w` ignores it). */
export const POD_COLUMNS = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'SANDBOX', 'GROUP'];
export const AGE_COLUMN = POD_COLUMNS.indexOf('AGE');

export function podRow(p: PodStatus): string[] {
  return [
    p.namespace === 'default' ? p.name : `${p.namespace}/${p.name}`,
    p.ready,
    p.display,
    // kubectl ≥ 1.29: `3 (45s ago)` once a container restarted.
    p.lastRestartAt ? `${p.restarts} (${age(p.lastRestartAt)} ago)` : String(p.restarts),
    age(p.createdAt),
    p.hostNetwork ? '<host>' : (p.podIP ?? '<none>'),
    String(p.sandboxAttempt),
    p.group,
  ];
}

export function podTable(pods: PodStatus[]): string {
  return pods.length ? table(POD_COLUMNS, pods.map(podRow)) : NO_PODS;
}

function stateLines(label: string, st: ContainerState, indent: string): string[] {
  if ('running' in st) return [`${indent}${label}:  Running`, `${indent}  Started:  ${st.running.startedAt}`];
  if ('waiting' in st) return [`${indent}${label}:  Waiting`, `${indent}  Reason:   ${st.waiting.reason}`, ...(st.waiting.message ? [`${indent}  Message:  ${st.waiting.message}`] : [])];
  const t = st.terminated;
  return [
    `${indent}${label}:  Terminated`,
    `${indent}  Reason:     ${t.reason}`,
    `${indent}  Exit Code:  ${t.exitCode}`,
    ...(t.startedAt ? [`${indent}  Started:    ${t.startedAt}`] : []),
    ...(t.finishedAt ? [`${indent}  Finished:   ${t.finishedAt}`] : []),
  ];
}

function containerBlock(c: ContainerStatus, d: PodDescription): string[] {
  const spec = [...d.spec.spec.initContainers, ...d.spec.spec.containers].find((x) => x.name === c.name);
  const lines = [`  ${c.name}:${c.role === 'sidecar' ? '  (sidecar: restartPolicy Always)' : ''}`];
  if (c.dockerName) lines.push(`    Container:      ${c.dockerName} (${(c.containerId ?? '').slice(0, 12)})`);
  lines.push(`    Image:          ${c.image}`);
  if (spec?.command) lines.push(`    Command:        ${JSON.stringify(spec.command)}`);
  if (spec?.args) lines.push(`    Args:           ${JSON.stringify(spec.args)}`);
  const ports = spec?.ports.map((p) => `${p.containerPort}/${p.protocol}${p.hostPort ? ` → host ${p.hostIP || '0.0.0.0'}:${p.hostPort}` : ''}`);
  if (ports?.length) lines.push(`    Ports:          ${ports.join(', ')}`);
  lines.push(...stateLines('State', c.state, '    '));
  if (c.lastState) lines.push(...stateLines('Last State', c.lastState, '    '));
  lines.push(`    Ready:          ${c.ready ? 'True' : 'False'}`, `    Restart Count:  ${c.restartCount}`);
  const mounts = spec?.volumeMounts.map((m) => `${m.mountPath} from ${m.name}${m.readOnly ? ' (ro)' : ' (rw)'}`);
  if (mounts?.length) lines.push(`    Mounts:         ${mounts.join(', ')}`);
  return lines;
}

export function describeText(d: PodDescription): string {
  const s = d.status;
  const sp = d.spec.spec;
  const out = [
    `Name:          ${s.name}`,
    `Namespace:     ${s.namespace}`,
    `UID:           ${s.uid}`,
    `Group:         ${s.group}`,
    `Created:       ${s.createdAt}`,
    `Status:        ${s.phase}${s.display !== s.phase ? ` (${s.display})` : ''}`,
    `IP:            ${s.hostNetwork ? '<host network>' : (s.podIP ?? '<none>')}`,
    `Sandbox:       ${s.sandbox ? `${s.sandbox.dockerName} (${s.sandbox.state})` : '<none>'}`,
    `  Attempt:     ${s.sandboxAttempt}  — ${s.sandboxReason}`,
    `Namespaces:    net, ipc shared with the infra${sp.shareProcessNamespace ? ', pid shared (pause is PID 1)' : ', pid private per container'}; uts copied, not shared (Docker cannot join UTS)`,
    `Restart Policy: ${sp.restartPolicy}   Grace Period: ${sp.terminationGracePeriodSeconds}s`,
  ];
  if (s.initContainerStatuses.length) out.push('Init Containers:', ...s.initContainerStatuses.flatMap((c) => containerBlock(c, d)));
  out.push('Containers:', ...s.containerStatuses.flatMap((c) => containerBlock(c, d)));
  out.push('Conditions:', table(['  Type', 'Status'], s.conditions.map((c) => [`  ${c.type}`, c.status])));
  if (sp.volumes.length) {
    out.push('Volumes:', ...sp.volumes.map((v) => `  ${v.name}:  emptyDir${v.emptyDir.medium === 'Memory' ? ' (Memory: one tmpfs for the Pod)' : ''}`));
    if (d.volumes.length) out.push(`  Docker volumes: ${d.volumes.join(', ')}`);
  }
  out.push('Docker containers:', table(['  NAME', 'STATE', 'ATTEMPT'], d.docker.map((c) => [`  ${c.name}`, c.state + (c.exitCode !== undefined && c.state !== 'running' ? ` (${c.exitCode})` : ''), String(c.attempt)])));
  if (!d.events.length) out.push('Events:        <none>');
  else {
    out.push(
      'Events:',
      table(
        ['  Type', 'Reason', 'Age', 'From', 'Message'],
        d.events.map((e) => [`  ${e.type}`, e.reason, age(e.time), e.object === 'pod' ? 'pod' : `container/${e.object}`, e.message]),
      ),
    );
  }
  return out.join('\n');
}
