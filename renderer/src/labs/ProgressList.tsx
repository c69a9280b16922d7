// Long lab work made visible: the lab's phase, a bar per image being built or pulled, and each
// Pod's step — the latest event of each, as the engine reports them while it works.
import type { LabProgressEvent } from '../../../electron/contract/api.js';
import { defineStrings, useStrings } from '../i18n/lang.js';

const strings = defineStrings({
  en: {
    phase: { removing: 'Removing the lab’s Pods and containers…', applying: 'Creating the lab’s Pods…', ready: 'Ready.', stopped: 'Stopped.' },
    image: { compile: 'compiling', collect: 'collecting files', build: 'building', pull: 'pulling', done: 'ready' },
    pod: { replacing: 'replacing', creating: 'creating', created: 'created', unchanged: 'unchanged' },
    grace: (pod: string, container: string) => `${pod}: waiting for ${container} to stop…`,
    label: 'Progress',
  },
  zh: {
    phase: { removing: '正在删除实验的 Pod 和容器…', applying: '正在创建实验的 Pod…', ready: '就绪。', stopped: '已停止。' },
    image: { compile: '正在编译', collect: '正在收集文件', build: '正在构建', pull: '正在拉取', done: '就绪' },
    pod: { replacing: '正在替换', creating: '正在创建', created: '已创建', unchanged: '未改变' },
    grace: (pod: string, container: string) => `${pod}：等待 ${container} 停止…`,
    label: '进度',
  },
});

/** The latest event per subject (lab phase, image, Pod), in the order the subjects appeared. */
export function latestBySubject(events: LabProgressEvent[]): Map<string, LabProgressEvent> {
  const latest = new Map<string, LabProgressEvent>();
  for (const e of events) {
    const key = e.kind === 'lab' ? 'lab' : e.kind === 'images' ? `image:${e.progress.image}` : e.kind === 'pod' ? `pod:${e.pod}` : `grace:${e.pod}/${e.container}`;
    latest.set(key, e);
  }
  return latest;
}

export function ProgressList({ events }: { events: LabProgressEvent[] }) {
  const t = useStrings(strings);
  const rows = [...latestBySubject(events)];
  return (
    <ul className="progress-list" aria-label={t.label} aria-live="polite" data-testid="lab-progress">
      {rows.map(([key, e]) => {
        if (e.kind === 'lab') return <li key={key}>{t.phase[e.phase] ?? e.phase}</li>;
        if (e.kind === 'images') {
          const p = e.progress;
          const known = p.total !== undefined && p.total > 0;
          return (
            <li key={key} className="progress-image">
              <span>
                <code>{p.image}</code> {t.image[p.phase] ?? p.phase}
                {p.message ? ` — ${p.message}` : ''}
              </span>
              {p.phase !== 'done' && (known ? <progress max={p.total} value={p.current ?? 0} /> : <progress />)}
            </li>
          );
        }
        if (e.kind === 'pod') {
          return (
            <li key={key}>
              Pod <code>{e.pod}</code> {t.pod[e.step] ?? e.step}
            </li>
          );
        }
        // The engine's own sentence says how long and why (the grace period of the container's stop).
        return <li key={key}>{e.phase === 'waiting' ? t.grace(e.pod, e.container) : e.message}</li>;
      })}
    </ul>
  );
}
