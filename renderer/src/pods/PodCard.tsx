// One Pod in the panel: STATUS as kubectl prints it with the phase, ready, restarts and the sandbox
// attempt (a rebuilt sandbox is marked), the containers, the process tree, the namespace matrix and
// the events. Memoized on the text of its status and snapshot: a change elsewhere costs it nothing.
import { memo, type ReactNode } from 'react';
import type { PodSnapshot, PodStatus } from '../../../electron/contract/api.js';
import { defineStrings, useStrings } from '../i18n/lang.js';
import { ContainerList } from './ContainerList.js';
import { NamespaceMatrix } from './NamespaceMatrix.js';
import { PodEvents } from './PodEvents.js';
import { ProcessTree } from './ProcessTree.js';
import { sandboxRebuilt, statusTone } from './pod-rows.js';

const strings = defineStrings({
  en: {
    pod: (name: string) => `Pod ${name}`,
    phase: 'Phase',
    ready: 'Ready',
    restarts: 'Restarts',
    attempt: 'Sandbox attempt',
    rebuilt: 'sandbox rebuilt',
    rebuiltWhy: (reason: string) => `The infra container died and the whole Pod was built again (${reason}): a new network namespace, init containers run again.`,
    ip: 'IP',
    hostNetwork: 'host network',
    containers: 'Containers',
    processes: 'Processes',
    processesNote: 'as pstree -g -t draws them: name(PGID), threads in {braces}',
    namespaces: 'Namespaces',
    events: 'Events',
    waiting: 'Reading the processes…',
    noSnapshot: 'No processes yet: the Pod has no running sandbox.',
  },
  zh: {
    pod: (name: string) => `Pod ${name}`,
    phase: '阶段',
    ready: '就绪',
    restarts: '重启',
    attempt: '沙箱次数',
    rebuilt: '沙箱已重建',
    rebuiltWhy: (reason: string) => `Infra 容器退出后，整个 Pod 被重新创建（${reason}）：新的 Network Namespace，Init 容器重新运行。`,
    ip: 'IP',
    hostNetwork: '宿主机网络',
    containers: '容器',
    processes: '进程',
    processesNote: '与 pstree -g -t 的画法相同：名称(PGID)，线程在 {花括号} 里',
    namespaces: 'Namespace',
    events: '事件',
    waiting: '正在读取进程…',
    noSnapshot: '还没有进程：这个 Pod 没有运行中的沙箱。',
  },
});

export interface PodCardProps {
  status: PodStatus;
  /** Changes exactly when `status` does (its JSON text). */
  statusKey: string;
  snapshot: PodSnapshot | undefined;
  /** Changes exactly when `snapshot` does; 'waiting' before the first inspect event. */
  snapshotKey: string;
  /** Stable across renders (PodPanel makes it so). */
  onOpenTerminal?: (pod: PodStatus, container: string) => void;
}

function PodCardView({ status, statusKey, snapshot, snapshotKey, onOpenTerminal }: PodCardProps) {
  const t = useStrings(strings);
  const id = `pod-${status.uid}`;
  const rebuilt = sandboxRebuilt(status);
  const facts: [string, ReactNode, string?][] = [
    [t.phase, status.phase],
    [t.ready, status.ready],
    [t.restarts, status.restarts],
    [
      t.attempt,
      <>
        {status.sandboxAttempt}
        {rebuilt && <span className="badge badge-warn pod-rebuilt">{t.rebuilt}</span>}
      </>,
      'sandbox-attempt',
    ],
    [t.ip, <code>{status.hostNetwork ? t.hostNetwork : (status.podIP ?? '—')}</code>],
  ];
  return (
    <section className="panel pod-card" aria-labelledby={`${id}-title`} data-pod={status.name}>
      <header className="pod-card-header">
        <h2 id={`${id}-title`}>
          {t.pod(status.name)}
          {status.namespace !== 'default' && <span className="muted"> ({status.namespace})</span>}
        </h2>
        <span className={`status status-${statusTone(status)} pod-display`} data-testid="pod-display">
          {status.display}
        </span>
      </header>
      <dl className="pod-facts">
        {facts.map(([term, value, testId]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      {rebuilt && <p className="pod-rebuilt-note">{t.rebuiltWhy(status.sandboxReason)}</p>}

      <h3>{t.containers}</h3>
      <ContainerList status={status} {...(onOpenTerminal ? { onOpenTerminal } : {})} />

      <h3>
        {t.processes} <span className="muted pod-h3-note">{t.processesNote}</span>
      </h3>
      {snapshot ? (
        <ProcessTree snapshot={snapshot} snapshotKey={snapshotKey} />
      ) : (
        <p className="muted">{snapshotKey === 'waiting' ? t.waiting : t.noSnapshot}</p>
      )}

      <h3>{t.namespaces}</h3>
      {snapshot ? (
        <NamespaceMatrix snapshot={snapshot} snapshotKey={snapshotKey} hostNetwork={status.hostNetwork} />
      ) : (
        <p className="muted">{snapshotKey === 'waiting' ? t.waiting : t.noSnapshot}</p>
      )}

      <h3>{t.events}</h3>
      <PodEvents name={status.name} namespace={status.namespace} version={statusKey} />
    </section>
  );
}

export const PodCard = memo(
  PodCardView,
  (a, b) => a.statusKey === b.statusKey && a.snapshotKey === b.snapshotKey && a.onOpenTerminal === b.onOpenTerminal,
);
