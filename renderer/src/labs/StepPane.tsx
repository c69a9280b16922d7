// One step of a running lab: its text with runnable blocks, the live check state (checks run by
// themselves; Check runs them now), hints one at a time, the solution on request, and the way on.
import { useState } from 'react';
import type { CheckReport, LabStatus } from '../../../electron/contract/api.js';
import { defineStrings, pick, useLang, useStrings } from '../i18n/lang.js';
import { CodeBlock } from './CodeBlock.js';
import { StepMarkdown, type RunRequest } from './StepMarkdown.js';

const strings = defineStrings({
  en: {
    stepOf: (i: number, n: number) => `Step ${i} of ${n}`,
    steps: 'Steps',
    passed: 'Done',
    checking: 'Checks run by themselves as you work.',
    notYet: 'Not done yet',
    done: 'This step is done.',
    check: 'Check',
    checkingNow: 'Checking…',
    hint: 'Show a hint',
    nextHint: 'Another hint',
    hintOf: (i: number, n: number) => `Hint ${i} of ${n}`,
    solution: 'Reveal the solution',
    solutionTitle: 'Solution',
    solutionIn: (terminal: string) => `in terminal ${terminal}`,
    prev: 'Previous',
    next: 'Next step',
    finish: 'Finish the lab',
    current: 'current step',
    shortcuts: 'Alt+← / Alt+→ move between steps; Ctrl+` focuses the terminal.',
  },
  zh: {
    stepOf: (i: number, n: number) => `第 ${i} 步，共 ${n} 步`,
    steps: '步骤',
    passed: '已完成',
    checking: '你操作时，检查会自动运行。',
    notYet: '还没有完成',
    done: '这一步完成了。',
    check: '检查',
    checkingNow: '正在检查…',
    hint: '显示提示',
    nextHint: '再来一个提示',
    hintOf: (i: number, n: number) => `提示 ${i} / ${n}`,
    solution: '显示答案',
    solutionTitle: '答案',
    solutionIn: (terminal: string) => `在终端 ${terminal} 中`,
    prev: '上一步',
    next: '下一步',
    finish: '完成实验',
    current: '当前步骤',
    shortcuts: 'Alt+← / Alt+→ 切换步骤；Ctrl+` 聚焦终端。',
  },
});

interface Props {
  status: LabStatus;
  index: number;
  report: CheckReport | undefined;
  checking: boolean;
  onCheck: () => void;
  onGo: (index: number) => void;
  onFinish: () => void;
  onRun: (run: RunRequest) => void;
}

export function StepPane({ status, index, report, checking, onCheck, onGo, onFinish, onRun }: Props) {
  const t = useStrings(strings);
  const { lang } = useLang();
  const step = status.steps[index];
  const [hints, setHints] = useState<Record<string, number>>({});
  const [solutions, setSolutions] = useState<Record<string, boolean>>({});
  if (!step) return null;
  const shownHints = hints[step.id] ?? 0;
  const last = index === status.steps.length - 1;
  const passed = step.passed || (report?.pass ?? false);

  return (
    <section className="step-pane" aria-labelledby="step-title">
      <nav className="step-dots" aria-label={t.steps}>
        <ol>
          {status.steps.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                className={`step-dot${s.passed ? ' passed' : ''}${i === index ? ' viewing' : ''}`}
                aria-current={i === index ? 'step' : undefined}
                onClick={() => onGo(i)}
                title={`${i + 1}. ${pick(s.title, lang)}${s.passed ? ` — ${t.passed}` : ''}${i === status.current ? ` (${t.current})` : ''}`}
              >
                {s.passed ? '✓' : i + 1}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <p className="muted step-count">{t.stepOf(index + 1, status.steps.length)}</p>
      <h2 id="step-title" data-testid="step-title">
        {pick(step.title, lang)}
      </h2>
      <StepMarkdown text={pick(step.text, lang)} defaultTerminal={step.terminal} onRun={onRun} />

      <div className={`check-state ${passed ? 'pass' : 'pending'}`} data-testid="check-state" data-pass={passed} role="status" aria-live="polite">
        {passed ? (
          <p>
            <strong>✓ {t.done}</strong>
          </p>
        ) : (
          <>
            <p>
              <strong>{t.notYet}</strong> <span className="muted">{t.checking}</span>
            </p>
            {report && report.index === index && (
              <ul className="check-list">
                {report.checks.map((c, i) => (
                  <li key={i} className={c.pass ? 'ok' : 'bad'}>
                    {c.pass ? '✓' : '✗'} {pick(c.message, lang)}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        <button type="button" onClick={onCheck} disabled={checking}>
          {checking ? t.checkingNow : t.check}
        </button>
      </div>

      {shownHints > 0 && (
        <ol className="hints">
          {step.hints.slice(0, shownHints).map((h, i) => (
            <li key={i} aria-label={t.hintOf(i + 1, step.hints.length)}>
              <StepMarkdown text={pick(h, lang)} defaultTerminal={step.terminal} onRun={onRun} />
            </li>
          ))}
        </ol>
      )}
      <div className="step-help">
        {shownHints < step.hints.length && (
          <button type="button" onClick={() => setHints((h) => ({ ...h, [step.id]: shownHints + 1 }))}>
            {shownHints === 0 ? t.hint : t.nextHint} ({shownHints + 1}/{step.hints.length})
          </button>
        )}
        {!solutions[step.id] && (
          <button type="button" onClick={() => setSolutions((s) => ({ ...s, [step.id]: true }))}>
            {t.solution}
          </button>
        )}
      </div>
      {solutions[step.id] && (
        <div className="solution">
          <h3>{t.solutionTitle}</h3>
          {step.solve.map((s, i) => (
            <div key={i}>
              <p className="muted">{t.solutionIn(s.terminal)}</p>
              <CodeBlock code={s.run} terminal={s.terminal} run={() => onRun({ terminal: s.terminal, code: s.run, interrupt: false })} />
            </div>
          ))}
        </div>
      )}

      <div className="step-nav">
        <button type="button" onClick={() => onGo(index - 1)} disabled={index === 0} aria-keyshortcuts="Alt+ArrowLeft">
          ← {t.prev}
        </button>
        {last ? (
          <button type="button" className={passed ? 'primary' : ''} onClick={onFinish}>
            {t.finish}
          </button>
        ) : (
          <button type="button" className={passed ? 'primary' : ''} onClick={() => onGo(index + 1)} aria-keyshortcuts="Alt+ArrowRight" data-testid="next-step">
            {t.next} →
          </button>
        )}
      </div>
      <p className="muted shortcuts">{t.shortcuts}</p>
    </section>
  );
}
