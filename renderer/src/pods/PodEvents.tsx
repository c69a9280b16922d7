// A Pod's events, as `podlab pod describe` lists them (oldest first, the last ones shown). Read with
// pods.describe when the panel opens and again whenever the Pod's status changes (pods.changed):
// driven by events, never by a timer.
import { useEffect, useState } from 'react';
import type { PodDescription, PodlabErrorJSON } from '../../../electron/contract/api.js';
import { useTransport } from '../app/transport-context.js';
import { defineStrings, useStrings } from '../i18n/lang.js';
import { asErrorJSON } from '../transport.js';

type PodEvent = PodDescription['events'][number];

/** The newest events shown until the learner asks for all. */
const SHOWN = 12;

const strings = defineStrings({
  en: {
    loading: 'Reading the events…',
    none: 'No events yet.',
    failed: 'The events could not be read:',
    all: (n: number) => `Show all ${n} events`,
    fewer: 'Show the last ones only',
    caption: 'Events of the Pod, oldest first',
    time: 'Time',
    type: 'Type',
    reason: 'Reason',
    object: 'Object',
    message: 'Message',
  },
  zh: {
    loading: '正在读取事件…',
    none: '还没有事件。',
    failed: '无法读取事件：',
    all: (n: number) => `显示全部 ${n} 个事件`,
    fewer: '只显示最近的事件',
    caption: 'Pod 的事件，从旧到新',
    time: '时间',
    type: '类型',
    reason: '原因',
    object: '对象',
    message: '消息',
  },
});

function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function PodEvents({ name, namespace, version }: { name: string; namespace: string; /** Changes when the Pod's status does: time to read again. */ version: string }) {
  const t = useStrings(strings);
  const transport = useTransport();
  const [events, setEvents] = useState<PodEvent[] | null>(null);
  const [error, setError] = useState<PodlabErrorJSON | null>(null);
  const [showAll, setShowAll] = useState(false);

  useEffect(() => {
    let current = true;
    transport.invoke('pods.describe', { name, namespace }).then(
      (d) => {
        if (!current) return;
        setEvents(d.events);
        setError(null);
      },
      (err: unknown) => {
        // A Pod removed meanwhile: the last events read stay, with the reason they stopped.
        if (current) setError(asErrorJSON(err));
      },
    );
    return () => {
      current = false;
    };
  }, [transport, name, namespace, version]);

  if (events === null && error === null) return <p className="muted">{t.loading}</p>;
  const list = events ?? [];
  const shown = showAll ? list : list.slice(-SHOWN);
  return (
    <div className="pod-events">
      {error && (
        <p className="bad" role="status">
          {t.failed} {error.message}
        </p>
      )}
      {list.length === 0 && !error && <p className="muted">{t.none}</p>}
      {list.length > 0 && (
        <table>
          <caption className="visually-hidden">{t.caption}</caption>
          <thead>
            <tr>
              {[t.time, t.type, t.reason, t.object, t.message].map((h) => (
                <th scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((e, i) => (
              <tr key={`${e.time}-${i}`} className={e.type === 'Warning' ? 'pod-event-warning' : undefined}>
                <td>
                  <time dateTime={e.time} title={e.time}>
                    {clock(e.time)}
                  </time>
                </td>
                <td>{e.type}</td>
                <td>{e.reason}</td>
                <td>
                  <code>{e.object}</code>
                </td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.length > SHOWN && (
        <button type="button" className="link" onClick={() => setShowAll((v) => !v)}>
          {showAll ? t.fewer : t.all(list.length)}
        </button>
      )}
    </div>
  );
}
