// Every lab of the labs folder: title, summary, minutes and the learner's progress; a broken lab
// stays listed with its problems (file:line field), so a typo in one lab hides no other.
import { useEffect, useState } from 'react';
import type { LabSummary, PodlabErrorJSON } from '../../../electron/contract/api.js';
import { navigate } from '../app/route.js';
import { useEvent, useTransport } from '../app/transport-context.js';
import { ErrorBanner } from '../ErrorBanner.js';
import { defineStrings, pick, useLang, useStrings } from '../i18n/lang.js';
import { asErrorJSON } from '../transport.js';
import { errorWhere } from './error-where.js';
import { InlineMarkdown } from './InlineMarkdown.js';
import './labs.css';

const strings = defineStrings({
  en: {
    title: 'Labs',
    intro: 'Each lab builds real Pods on your Docker engine. Read a step, type in the terminal beside it, and watch the Pod change.',
    loading: 'Reading the labs…',
    none: 'No labs found in the labs folder.',
    minutes: (n: number) => `${n} min`,
    steps: (n: number) => `${n} steps`,
    progress: (passed: number, steps: number) => `${passed} of ${steps} steps done`,
    running: 'Running',
    finished: 'Finished',
    start: 'Start',
    resume: 'Continue',
    open: 'Open',
    broken: 'This lab cannot be loaded',
  },
  zh: {
    title: '实验',
    intro: '每个实验都会在你的 Docker 引擎上创建真实的 Pod。读一步说明，在旁边的终端里输入命令，看着 Pod 随之变化。',
    loading: '正在读取实验…',
    none: '实验目录里没有找到实验。',
    minutes: (n: number) => `${n} 分钟`,
    steps: (n: number) => `${n} 步`,
    progress: (passed: number, steps: number) => `已完成 ${passed} / ${steps} 步`,
    running: '进行中',
    finished: '已完成',
    start: '开始',
    resume: '继续',
    open: '打开',
    broken: '这个实验无法加载',
  },
});

export function LabLibrary() {
  const t = useStrings(strings);
  const transport = useTransport();
  const [labs, setLabs] = useState<LabSummary[] | null>(null);
  const [error, setError] = useState<PodlabErrorJSON | null>(null);
  // A check passing elsewhere (another window, the CLI) moves progress: read the list again then.
  const report = useEvent('labs.changed');

  useEffect(() => {
    let live = true;
    transport.invoke('labs.list').then(
      (list) => live && setLabs(list),
      (err: unknown) => live && setError(asErrorJSON(err)),
    );
    return () => {
      live = false;
    };
  }, [transport, report]);

  return (
    <section className="library" aria-labelledby="library-title">
      <h1 id="library-title">{t.title}</h1>
      <p className="muted library-intro">{t.intro}</p>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {labs === null ? (
        !error && <p className="muted">{t.loading}</p>
      ) : labs.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <ul className="lab-cards">
          {labs.map((lab) => (
            <li key={lab.id}>{lab.ok ? <LabCard lab={lab} /> : <BrokenLab lab={lab} />}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function LabCard({ lab }: { lab: LabSummary }) {
  const t = useStrings(strings);
  const { lang } = useLang();
  const { progress } = lab;
  const action = progress.finished ? t.open : progress.running || progress.passed > 0 ? t.resume : t.start;
  const headingId = `lab-${lab.id}-title`;
  return (
    <article className="lab-card" data-testid={`lab-card-${lab.id}`} aria-labelledby={headingId}>
      <header>
        <h2 id={headingId}>{lab.title ? pick(lab.title, lang) : lab.id}</h2>
        <span className="muted">
          {t.minutes(lab.minutes ?? 0)} · {t.steps(lab.steps)}
        </span>
      </header>
      {lab.summary && (
        <div className="lab-summary">
          <InlineMarkdown text={pick(lab.summary, lang)} />
        </div>
      )}
      <footer>
        <progress max={lab.steps} value={progress.passed} aria-label={t.progress(progress.passed, lab.steps)} />
        <span className="muted">{t.progress(progress.passed, lab.steps)}</span>
        {progress.finished ? <span className="badge badge-ok">{t.finished}</span> : progress.running && <span className="badge">{t.running}</span>}
        <button type="button" className="primary" onClick={() => navigate({ page: 'lab', id: lab.id })} aria-describedby={headingId}>
          {action}
        </button>
      </footer>
    </article>
  );
}

function BrokenLab({ lab }: { lab: LabSummary }) {
  const t = useStrings(strings);
  return (
    <article className="lab-card lab-broken" data-testid={`lab-card-${lab.id}`}>
      <header>
        <h2>{lab.id}</h2>
        <span className="badge badge-bad">{t.broken}</span>
      </header>
      <ul className="problems">
        {(lab.errors ?? []).map((e, i) => (
          <li key={i} className="problem error">
            <span className="where">{errorWhere(e) || lab.file}</span> {e.message}
            {e.hint && <span className="hint"> → {e.hint}</span>}
          </li>
        ))}
      </ul>
    </article>
  );
}
