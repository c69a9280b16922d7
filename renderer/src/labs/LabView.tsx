// One lab: before it runs, what it is and a Start button; while it runs, the step beside its
// terminals and the live panel of its Pods (or the scheduler drawing); reset, stop and finish.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CheckReport, LabProgressEvent, LabStatus, PodlabErrorJSON, PodStatus } from '../../../electron/contract/api.js';
import { useEvent, useTransport } from '../app/transport-context.js';
import { ErrorBanner } from '../ErrorBanner.js';
import { defineStrings, pick, useLang, useStrings } from '../i18n/lang.js';
import { PodPanel } from '../pods/PodPanel.js';
import { SchedFigure } from '../sched/SchedFigure.js';
import { closeScopeSessions, TerminalDeck, type TerminalDeckHandle, type TerminalTabSpec } from '../terminals/TerminalDeck.js';
import { asErrorJSON } from '../transport.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { InlineMarkdown } from './InlineMarkdown.js';
import { latestBySubject, ProgressList } from './ProgressList.js';
import type { RunRequest } from './StepMarkdown.js';
import { StepPane } from './StepPane.js';
import './labs.css';

const strings = defineStrings({
  en: {
    back: '← All labs',
    loading: 'Reading the lab…',
    minutes: (n: number) => `about ${n} minutes`,
    start: 'Start the lab',
    starting: 'Starting…',
    whatYouDo: 'What you will do',
    reset: 'Reset lab',
    resetEnv: 'Reset environment only',
    stop: 'Stop lab',
    resetTitle: 'Reset the lab?',
    resetText: 'The lab’s Pods and the containers you made are removed and built again from scratch, and you start again at step 1.',
    resetEnvTitle: 'Reset the environment?',
    resetEnvText: 'The lab’s Pods and the containers you made are removed and built again from scratch. Your progress through the steps is kept.',
    resetConfirm: 'Reset',
    cancel: 'Cancel',
    finishedTitle: 'Lab finished',
    finishedText: 'Well done: every step of this lab is done and its Pods are removed.',
    again: 'Do it again',
    library: 'Back to the labs',
    noPods: 'This lab’s Pods appear here once they run.',
    progress: (passed: number, n: number) => `${passed}/${n} steps done`,
    workspace: 'Lab workspace',
  },
  zh: {
    back: '← 全部实验',
    loading: '正在读取实验…',
    minutes: (n: number) => `大约 ${n} 分钟`,
    start: '开始实验',
    starting: '正在启动…',
    whatYouDo: '你将会做什么',
    reset: '重置实验',
    resetEnv: '只重置环境',
    stop: '停止实验',
    resetTitle: '重置这个实验？',
    resetText: '实验的 Pod 和你创建的容器都会被删除并重新创建，你会从第 1 步重新开始。',
    resetEnvTitle: '重置实验环境？',
    resetEnvText: '实验的 Pod 和你创建的容器都会被删除并重新创建，你的步骤进度会保留。',
    resetConfirm: '重置',
    cancel: '取消',
    finishedTitle: '实验完成',
    finishedText: '做得好：这个实验的每一步都完成了，它的 Pod 也已删除。',
    again: '再做一遍',
    library: '返回实验列表',
    noPods: '实验的 Pod 运行起来后会显示在这里。',
    progress: (passed: number, n: number) => `已完成 ${passed}/${n} 步`,
    workspace: '实验工作区',
  },
});

type WorkKind = 'start' | 'reset' | 'resetEnv' | 'stop';

export function LabView({ id }: { id: string }) {
  const t = useStrings(strings);
  const { lang } = useLang();
  const transport = useTransport();
  const [status, setStatus] = useState<LabStatus | null>(null);
  const [error, setError] = useState<PodlabErrorJSON | null>(null);
  const [work, setWork] = useState<{ kind: WorkKind; events: LabProgressEvent[] } | null>(null);
  const [confirm, setConfirm] = useState<'reset' | 'resetEnv' | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [reports, setReports] = useState<ReadonlyMap<number, CheckReport>>(new Map());
  const [checking, setChecking] = useState(false);
  const pods = useEvent('pods.changed');
  const deck = useRef<TerminalDeckHandle>(null);
  const scope = `lab:${id}`;

  // The step shown stays put when its check passes (the learner sees "done" and moves on with
  // Next); it starts at the lab's current step.
  const pinStep = (next: LabStatus) => setViewing((v) => v ?? next.current);
  const refresh = useCallback(
    () =>
      transport.invoke('labs.status', { id }).then(
        (next) => {
          setStatus(next);
          pinStep(next);
        },
        (err: unknown) => setError(asErrorJSON(err)),
      ),
    [transport, id],
  );
  useEffect(() => void refresh(), [refresh]);

  // The lab's own checks run by themselves (labs.changed); a pass moves the lab's current step.
  useEffect(
    () =>
      transport.on('labs.changed', (report) => {
        if (report.lab !== id) return;
        setReports((m) => new Map(m).set(report.index, report));
        if (report.pass) void refresh();
      }),
    [transport, id, refresh],
  );

  const index = Math.min(viewing ?? status?.current ?? 0, Math.max(0, (status?.steps.length ?? 1) - 1));
  const go = useCallback((i: number) => setViewing((v) => (status && i >= 0 && i < status.steps.length ? i : v)), [status]);

  const runWork = async (kind: WorkKind, call: (onProgress: (p: unknown) => void) => Promise<LabStatus>): Promise<LabStatus | undefined> => {
    setWork({ kind, events: [] });
    setError(null);
    try {
      const next = await call((p) =>
        // Only the latest event per subject matters: a pull's thousand byte counts stay one row.
        setWork((w) => w && { ...w, events: [...latestBySubject([...w.events, p as LabProgressEvent]).values()] }),
      );
      setStatus(next);
      pinStep(next);
      return next;
    } catch (err) {
      setError(asErrorJSON(err));
      return undefined;
    } finally {
      setWork(null);
    }
  };

  const start = () => void runWork('start', (onProgress) => transport.call('labs.start', { id }, { onProgress }));
  const reset = async (keepProgress: boolean) => {
    setConfirm(null);
    const next = await runWork(keepProgress ? 'resetEnv' : 'reset', (onProgress) => transport.call('labs.reset', { id, keepProgress }, { onProgress }));
    if (next) {
      setReports(new Map());
      if (!keepProgress) setViewing(0);
    }
  };
  const stop = async (finish: boolean) => {
    const next = await runWork('stop', (onProgress) => transport.call('labs.stop', { id, finish }, { onProgress }));
    if (next) await closeScopeSessions(transport, scope);
  };
  const check = () => {
    setChecking(true);
    transport
      .invoke('labs.check', { id, step: index })
      .then(
        (r) => {
          setReports((m) => new Map(m).set(r.index, r));
          if (r.pass) void refresh();
        },
        (err: unknown) => setError(asErrorJSON(err)),
      )
      .finally(() => setChecking(false));
  };
  const run = useCallback((r: RunRequest) => deck.current?.run(r.terminal, r.code, { interrupt: r.interrupt }), []);

  // Alt+←/→ between steps, Ctrl+` to the terminal — but never steal keys a terminal is reading.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inTerminal = e.target instanceof Element && e.target.closest('.xterm');
      if (e.ctrlKey && e.key === '`') {
        e.preventDefault();
        deck.current?.focus();
      } else if (e.altKey && !inTerminal && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
        e.preventDefault();
        go(index + (e.key === 'ArrowRight' ? 1 : -1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, index]);

  const terminalsKey = JSON.stringify(status?.terminals ?? []);
  const tabs = useMemo<TerminalTabSpec[]>(
    () => (JSON.parse(terminalsKey) as LabStatus['terminals']).map((term) => ({ key: term.name, label: term.name, target: term.target, closable: false })),
    [terminalsKey],
  );
  const labPods = useMemo(() => (pods ?? []).filter((p) => p.group === id), [pods, id]);
  const openTerminal = useCallback(
    (pod: PodStatus, container: string) =>
      deck.current?.open({
        key: `${pod.name}/${container}`,
        label: `${pod.name}/${container}`,
        target: { kind: 'container', pod: pod.name, namespace: pod.namespace, container, autoReconnect: true },
        closable: true,
      }),
    [],
  );

  if (!status) {
    return (
      <div className="lab-view">
        <a href="#/labs">{t.back}</a>
        {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : <p className="muted">{t.loading}</p>}
      </div>
    );
  }

  const passed = status.steps.filter((s) => s.passed).length;
  const banner = error && <ErrorBanner error={error} onDismiss={() => setError(null)} />;

  if (!status.running) {
    const finished = status.finishedAt !== undefined;
    return (
      <article className="lab-intro" aria-labelledby="lab-title">
        <a href="#/labs">{t.back}</a>
        <h1 id="lab-title">{finished ? `${t.finishedTitle}: ${pick(status.title, lang)}` : pick(status.title, lang)}</h1>
        <p className="muted">{t.minutes(status.minutes)}</p>
        {finished ? <p>{t.finishedText}</p> : <InlineMarkdown text={pick(status.summary, lang)} />}
        {banner}
        <h2>{t.whatYouDo}</h2>
        <ol className="intro-steps">
          {status.steps.map((s) => (
            <li key={s.id} className={s.passed ? 'passed' : ''}>
              {s.passed ? '✓ ' : ''}
              {pick(s.title, lang)}
            </li>
          ))}
        </ol>
        {work && <ProgressList events={work.events} />}
        <div className="intro-actions">
          {finished ? (
            <>
              <button type="button" className="primary" onClick={() => void reset(false)} disabled={!!work}>
                {t.again}
              </button>
              <a href="#/labs">{t.library}</a>
            </>
          ) : (
            <button type="button" className="primary" onClick={start} disabled={!!work} data-testid="start-lab">
              {work ? t.starting : t.start}
            </button>
          )}
        </div>
      </article>
    );
  }

  const step = status.steps[index];
  const figures = step?.figures ?? [];
  return (
    <div className="lab-view" aria-label={t.workspace}>
      <div className="lab-toolbar">
        <a href="#/labs">{t.back}</a>
        <h1>{pick(status.title, lang)}</h1>
        <progress max={status.steps.length} value={passed} aria-label={t.progress(passed, status.steps.length)} />
        <span className="muted">{t.progress(passed, status.steps.length)}</span>
        <span className="toolbar-gap" />
        <button type="button" onClick={() => setConfirm('reset')} disabled={!!work} data-testid="reset-lab">
          {t.reset}
        </button>
        <button type="button" onClick={() => setConfirm('resetEnv')} disabled={!!work}>
          {t.resetEnv}
        </button>
        <button type="button" onClick={() => void stop(false)} disabled={!!work}>
          {t.stop}
        </button>
      </div>
      {banner}
      {work && <ProgressList events={work.events} />}
      <div className="lab-workspace">
        <StepPane
          status={status}
          index={index}
          report={reports.get(index)}
          checking={checking}
          onCheck={check}
          onGo={go}
          onFinish={() => void stop(true)}
          onRun={run}
        />
        <div className="lab-side">
          <TerminalDeck scope={scope} tabs={tabs} ref={deck} />
          <div className="lab-panel">
            {figures.length > 0 ? (
              figures.map((f) => <SchedFigure key={`${f.scenario}/${f.mode}`} lab={id} scenario={f.scenario} mode={f.mode} />)
            ) : labPods.length > 0 ? (
              <PodPanel pods={labPods} onOpenTerminal={openTerminal} />
            ) : (
              <p className="muted">{t.noPods}</p>
            )}
          </div>
        </div>
      </div>
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === 'resetEnv' ? t.resetEnvTitle : t.resetTitle}
        confirm={t.resetConfirm}
        cancel={t.cancel}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void reset(confirm === 'resetEnv')}
      >
        <p>{confirm === 'resetEnv' ? t.resetEnvText : t.resetText}</p>
      </ConfirmDialog>
    </div>
  );
}
