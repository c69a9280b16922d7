// The first window: the engine's health (doctor) and the Pods, kept current by `pods.changed`.
import { useCallback, useEffect, useState } from 'react';
import type { DoctorReport, PodlabErrorJSON, PodStatus } from '../../electron/contract/api.js';
import { DoctorSummary } from './DoctorSummary.js';
import { ErrorBanner } from './ErrorBanner.js';
import { PodTable, podKey } from './PodTable.js';
import { asErrorJSON, type Transport } from './transport.js';

/** Where a shown error came from: a listing error goes away by itself once Pods arrive again. */
interface ShownError {
  source: 'list' | 'doctor' | 'action';
  error: PodlabErrorJSON;
}

export function App({ transport }: { transport: Transport }) {
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [pods, setPods] = useState<PodStatus[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [removing, setRemoving] = useState<ReadonlySet<string>>(new Set());
  const [listFailed, setListFailed] = useState(false);

  const [checking, setChecking] = useState(true);

  // `checking` starts true, so the first check sets state only when its answer comes.
  const checkDoctor = useCallback(() => {
    transport
      .invoke('doctor')
      .then(setReport, (err: unknown) => setError({ source: 'doctor', error: asErrorJSON(err) }))
      .finally(() => setChecking(false));
  }, [transport]);
  const recheck = useCallback(() => {
    setChecking(true);
    checkDoctor();
  }, [checkDoctor]);

  useEffect(() => {
    let live = true;
    const off = transport.on('pods.changed', (next) => {
      setPods(next);
      setListFailed(false);
      setError((e) => (e?.source === 'list' ? null : e));
    });
    transport.invoke('pods.list').then(
      // An event may already have brought a newer list.
      (first) => live && setPods((current) => current ?? first),
      (err: unknown) => {
        if (!live) return;
        setListFailed(true);
        setError({ source: 'list', error: asErrorJSON(err) });
      },
    );
    return () => {
      live = false;
      off();
    };
  }, [transport]);

  useEffect(checkDoctor, [checkDoctor]);

  const remove = useCallback(
    async (pod: PodStatus) => {
      const key = podKey(pod);
      setRemoving((s) => new Set(s).add(key));
      try {
        await transport.invoke('pods.remove', { name: pod.name, namespace: pod.namespace });
      } catch (err) {
        setError({ source: 'action', error: asErrorJSON(err) });
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

  return (
    <main className="app">
      <header className="app-header">
        <h1>Podlab</h1>
      </header>
      {error && <ErrorBanner error={error.error} onDismiss={() => setError(null)} />}
      <DoctorSummary report={report} checking={checking} onRecheck={recheck} />
      <PodTable pods={pods} unavailable={listFailed} removing={removing} onRemove={(pod) => void remove(pod)} />
    </main>
  );
}
