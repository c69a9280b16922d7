// Every Pod on the engine, outside any lab: the table, and for the chosen Pod its panel and
// terminals into its containers (or a host shell).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DoctorReport, PodlabErrorJSON, PodStatus } from '../../../electron/contract/api.js';
import { DoctorSummary } from '../DoctorSummary.js';
import { ErrorBanner } from '../ErrorBanner.js';
import { defineStrings, useStrings } from '../i18n/lang.js';
import { PodPanel } from '../pods/PodPanel.js';
import { PodTable, podKey } from '../PodTable.js';
import { TerminalDeck, type TerminalDeckHandle } from '../terminals/TerminalDeck.js';
import { asErrorJSON } from '../transport.js';
import { navigate } from './route.js';
import { useEvent, useTransport } from './transport-context.js';

const strings = defineStrings({
  en: { choose: 'Choose a Pod in the table to see its processes, namespaces and events.' },
  zh: { choose: '在表格中选择一个 Pod，查看它的进程、Namespace 和事件。' },
});

export function PodsPage({ pod }: { pod?: string }) {
  const t = useStrings(strings);
  const transport = useTransport();
  const pods = useEvent('pods.changed');
  const health = useEvent('engine.changed');
  const [error, setError] = useState<PodlabErrorJSON | null>(null);
  const [removing, setRemoving] = useState<ReadonlySet<string>>(new Set());
  const deck = useRef<TerminalDeckHandle>(null);
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [checking, setChecking] = useState(true);
  // The doctor runs once per visit and on request: it explains the engine, it is not a monitor.
  // `checking` starts true, so the first run sets state only when its answer comes.
  const runDoctor = useCallback(() => {
    transport
      .invoke('doctor')
      .then(setReport, (err: unknown) => setError(asErrorJSON(err)))
      .finally(() => setChecking(false));
  }, [transport]);
  const checkDoctor = useCallback(() => {
    setChecking(true);
    runDoctor();
  }, [runDoctor]);
  useEffect(runDoctor, [runDoctor]);

  const remove = useCallback(
    async (p: PodStatus) => {
      const key = podKey(p);
      setRemoving((s) => new Set(s).add(key));
      try {
        await transport.invoke('pods.remove', { name: p.name, namespace: p.namespace });
      } catch (err) {
        setError(asErrorJSON(err));
      } finally {
        setRemoving((s) => {
          const next = new Set(s);
          next.delete(key);
          return next;
        });
      }
    },
    [transport],
  );

  const chosen = pods?.find((p) => p.name === pod);
  const openTerminal = (p: PodStatus, container: string) =>
    deck.current?.open({
      key: `${p.name}/${container}`,
      label: `${p.name}/${container}`,
      target: { kind: 'container', pod: p.name, namespace: p.namespace, container, autoReconnect: true },
      closable: true,
    });

  return (
    <div className="pods-page">
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      <DoctorSummary report={report} checking={checking} onRecheck={checkDoctor} />
      <PodTable
        pods={pods ?? null}
        unavailable={health?.connected === false}
        removing={removing}
        onRemove={(p) => void remove(p)}
        {...(chosen ? { selected: podKey(chosen) } : {})}
        onSelect={(p) => navigate({ page: 'pods', pod: p.name })}
      />
      <div className="pods-page-detail">
        {chosen ? <PodPanel pods={[chosen]} onOpenTerminal={openTerminal} /> : <p className="muted">{t.choose}</p>}
        <TerminalDeck scope="pods" tabs={[]} ref={deck} />
      </div>
    </div>
  );
}
