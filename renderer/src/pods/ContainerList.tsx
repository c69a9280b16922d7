// A Pod's containers in the panel: the infra (POD) first, init containers and sidecars, then the app
// containers, with state, readiness and restarts, and a button that opens a terminal in a running one.
import type { PodStatus } from '../../../electron/contract/api.js';
import { defineStrings, useStrings } from '../i18n/lang.js';
import { containerRows, type ContainerRow } from './pod-rows.js';

const strings = defineStrings({
  en: {
    caption: 'Containers of the Pod',
    container: 'Container',
    state: 'State',
    ready: 'Ready',
    restarts: 'Restarts',
    actions: 'Actions',
    yes: 'yes',
    no: 'no',
    role: { infra: 'infra', init: 'init', sidecar: 'sidecar', container: '' },
    exit: (code: number) => `exit ${code}`,
    terminal: 'Terminal',
    terminalLabel: (c: string) => `Open a terminal in container ${c}`,
  },
  zh: {
    caption: 'Pod 的容器',
    container: '容器',
    state: '状态',
    ready: '就绪',
    restarts: '重启',
    actions: '操作',
    yes: '是',
    no: '否',
    role: { infra: 'Infra', init: 'Init', sidecar: 'sidecar', container: '' },
    exit: (code: number) => `退出码 ${code}`,
    terminal: '终端',
    terminalLabel: (c: string) => `在容器 ${c} 中打开终端`,
  },
});

function stateTone(r: ContainerRow): string {
  if (r.state === 'running') return 'ok';
  if (r.state === 'terminated') return r.exitCode === 0 ? 'done' : 'bad';
  return /BackOff|Error/.test(r.reason ?? '') ? 'bad' : 'pending';
}

export function ContainerList({ status, onOpenTerminal }: { status: PodStatus; onOpenTerminal?: (pod: PodStatus, container: string) => void }) {
  const t = useStrings(strings);
  const head: { label: string; num?: boolean; hidden?: boolean }[] = [
    { label: t.container },
    { label: t.state },
    { label: t.ready },
    { label: t.restarts, num: true },
    ...(onOpenTerminal ? [{ label: t.actions, hidden: true }] : []),
  ];
  return (
    <table className="pod-containers">
      <caption className="visually-hidden">{t.caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col" key={h.label} className={h.num ? 'num' : undefined}>
              {h.hidden ? <span className="visually-hidden">{h.label}</span> : h.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {containerRows(status).map((r) => (
          <tr key={r.name} data-container={r.name}>
            <th scope="row">
              <code>{r.name}</code>
              {t.role[r.role] && <span className="muted pod-role"> {t.role[r.role]}</span>}
            </th>
            <td>
              <span className={`status status-${stateTone(r)}`}>{r.reason ?? r.state}</span>
              {r.exitCode !== undefined && <span className="muted"> ({t.exit(r.exitCode)})</span>}
            </td>
            <td>{r.ready === undefined ? '—' : r.ready ? t.yes : t.no}</td>
            <td className="num">{r.restarts ?? '—'}</td>
            {onOpenTerminal && (
              <td className="pod-actions">
                {r.canExec && (
                  <button type="button" onClick={() => onOpenTerminal(status, r.name)} aria-label={t.terminalLabel(r.name)}>
                    {t.terminal}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
