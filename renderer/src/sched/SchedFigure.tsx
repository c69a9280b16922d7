// The gang-scheduling figure: a lab's scenario run through the simulator (sched.simulate), drawn as
// nodes with memory bars (capacity, used, free), the queue of units, and a replay of the steps one
// by one (play, step, reset): each unit lands on a node, or is stuck with its reason. In mode `pod`
// the containers bound by affinity move as one Pod. Plain DOM; motion only where the learner's
// system allows it (sched.css); every step is also text, in an ordered list read out as it grows.
import { useEffect, useId, useState, type CSSProperties } from 'react';
import type { PodlabErrorJSON, SchedOutcome, SchedUnit } from '../../../electron/contract/api.js';
import { useTransport } from '../app/transport-context.js';
import { defineStrings, useLang, useStrings } from '../i18n/lang.js';
import { asErrorJSON } from '../transport.js';
import { containerOrder, replay } from './replay.js';
import { gb, modeText, outcomeText, stepText, unitName, verdictText } from './step-text.js';
import './sched.css';

/** Time between two steps while playing. */
const STEP_MS = 1400;

const strings = defineStrings({
  en: {
    title: (scenario: string, mode: string) => `Scenario ${scenario}, mode ${mode}`,
    loading: 'Running the scheduler simulator…',
    failed: 'The simulator could not run this scenario:',
    play: 'Play',
    pause: 'Pause',
    step: 'Step',
    reset: 'Reset',
    progress: (done: number, total: number) => `Step ${done} of ${total}`,
    queue: 'Queue',
    queueEmpty: 'empty',
    nodes: 'Nodes',
    memory: (capacity: string, used: string, free: string) => `${capacity}: ${used} used, ${free} free`,
    onNode: (names: string) => (names ? `placed here: ${names}` : 'nothing placed here yet'),
    free: 'free',
    stuck: 'Stuck',
    steps: 'Steps',
    start: (n: number) => `Press Play or Step to replay ${n === 1 ? 'the one scheduling step' : `the ${n} scheduling steps`}.`,
  },
  zh: {
    title: (scenario: string, mode: string) => `场景 ${scenario}，模式 ${mode}`,
    loading: '正在运行调度模拟器…',
    failed: '模拟器无法运行这个场景：',
    play: '播放',
    pause: '暂停',
    step: '单步',
    reset: '重置',
    progress: (done: number, total: number) => `第 ${done} 步，共 ${total} 步`,
    queue: '待调度队列',
    queueEmpty: '空',
    nodes: '节点',
    memory: (capacity: string, used: string, free: string) => `${capacity}：已用 ${used}，可用 ${free}`,
    onNode: (names: string) => (names ? `已调度到这里：${names}` : '这里还没有调度任何容器'),
    free: '可用',
    stuck: '无法调度',
    steps: '调度步骤',
    start: (n: number) => `按“播放”或“单步”，重放这 ${n} 个调度步骤。`,
  },
});

export interface SchedFigureProps {
  lab: string;
  /** A scenario file of the lab's folder. */
  scenario: string;
  mode: 'containers' | 'pod';
}

export function SchedFigure(props: SchedFigureProps) {
  // Another scenario or mode is another figure: keyed, so it loads and replays from the start.
  return <SchedLoader key={`${props.lab}/${props.scenario}/${props.mode}`} {...props} />;
}

function SchedLoader({ lab, scenario, mode }: SchedFigureProps) {
  const t = useStrings(strings);
  const transport = useTransport();
  const [outcome, setOutcome] = useState<SchedOutcome | null>(null);
  const [error, setError] = useState<PodlabErrorJSON | null>(null);
  useEffect(() => {
    let current = true;
    transport.invoke('sched.simulate', { lab, scenario, mode }).then(
      (o) => current && setOutcome(o),
      (err: unknown) => current && setError(asErrorJSON(err)),
    );
    return () => {
      current = false;
    };
  }, [transport, lab, scenario, mode]);

  if (error) {
    return (
      <div className="sched sched-error" role="alert">
        <p>
          {t.failed} {error.message}
        </p>
        {error.hint && <p className="hint">→ {error.hint}</p>}
      </div>
    );
  }
  if (!outcome) return <p className="muted">{t.loading}</p>;
  return <SchedReplay outcome={outcome} />;
}

function SchedReplay({ outcome }: { outcome: SchedOutcome }) {
  const t = useStrings(strings);
  const { lang } = useLang();
  const id = useId();
  const total = outcome.steps.length;
  const [done, setDone] = useState(0);
  const [playing, setPlaying] = useState(false);
  // Playing stops by itself at the end; the state only says the learner asked for it.
  const running = playing && done < total;

  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setDone((d) => Math.min(total, d + 1)), STEP_MS);
    return () => clearTimeout(timer);
  }, [running, done, total]);

  const play = () => {
    if (running) return setPlaying(false);
    // The first step shows at once; at the end, Play starts over.
    setDone((d) => (d >= total ? 1 : d + 1));
    setPlaying(true);
  };
  const step = () => {
    setPlaying(false);
    setDone((d) => Math.min(total, d + 1));
  };
  const reset = () => {
    setPlaying(false);
    setDone(0);
  };

  const state = replay(outcome, done);
  const colours = containerOrder(outcome);
  // One of six theme colours (sched.css) per container, set as the --chip the chips and blocks paint with.
  const colour = (c: string): CSSProperties => ({ ['--chip' as string]: `var(--sched-c${colours.indexOf(c) % 6})` });
  const widest = Math.max(1, ...state.nodes.map((n) => n.capacity));

  return (
    <figure className="sched" aria-labelledby={`${id}-title`} data-mode={outcome.mode}>
      <figcaption>
        <strong id={`${id}-title`}>{t.title(outcome.scenario, outcome.mode)}</strong>
        <span className="sched-mode">{modeText(outcome, lang)}</span>
      </figcaption>

      <div className="sched-controls">
        <button type="button" className="primary" onClick={play} aria-pressed={running}>
          {running ? t.pause : t.play}
        </button>
        <button type="button" onClick={step} disabled={done >= total}>
          {t.step}
        </button>
        <button type="button" onClick={reset} disabled={done === 0}>
          {t.reset}
        </button>
        <span className="muted" data-testid="sched-progress">
          {t.progress(done, total)}
        </span>
        <span className="sched-queue">
          <span className="sched-label">{t.queue}</span>
          {state.queue.length ? state.queue.map((u) => <UnitChip key={u.name} unit={u} colour={colour} />) : <span className="muted">{t.queueEmpty}</span>}
        </span>
      </div>

      {/* The step just replayed, where the eye is; the full list below is the record. */}
      <p className={`sched-now${!state.current ? ' sched-now-idle' : state.current.outcome.placed ? '' : ' sched-now-stuck'}`} data-testid="sched-now">
        {state.current ? stepText(state.current, outcome.strategy, lang) : t.start(total)}
      </p>

      <ul className="sched-nodes" aria-label={t.nodes}>
        {state.nodes.map((n) => (
          <li key={n.name} className={`sched-node${n.landing ? ' sched-node-landing' : ''}`} data-node={n.name}>
            <strong className="sched-node-name">{n.name}</strong>
            <div className="sched-track" style={{ width: `${(n.capacity / widest) * 100}%` }} aria-hidden="true">
              {n.units.map((u) => (
                <div
                  key={u.unit.name}
                  className={`sched-block sched-block-${u.unit.kind}${n.landing && u.step === done - 1 ? ' sched-landed' : ''}`}
                  style={{ width: `${(u.unit.memory / n.capacity) * 100}%`, ...(u.unit.kind === 'container' ? colour(u.unit.name) : {}) }}
                  title={`${unitName(u.unit, lang)} · ${gb(u.unit.memory)}`}
                >
                  {u.unit.containers.map((c) => (
                    <span key={c} {...(u.unit.kind === 'pod' ? { className: 'sched-part', style: colour(c) } : {})}>
                      {c}
                    </span>
                  ))}
                </div>
              ))}
              {n.free > 0 && (
                <div className="sched-free" title={`${gb(n.free)} ${t.free}`}>
                  {gb(n.free)}
                </div>
              )}
            </div>
            <span className="sched-mem">{t.memory(gb(n.capacity), gb(n.used), gb(n.free))}</span>
            <span className="visually-hidden">{t.onNode(n.units.map((u) => unitName(u.unit, lang)).join(', '))}</span>
            {n.verdict && state.current && (
              <p className={`sched-verdict ${n.verdict.fits ? 'ok' : 'muted'}`}>
                {unitName(state.current.unit, lang)}: {verdictText(n.verdict, state.current.unit.memory, lang)}
              </p>
            )}
          </li>
        ))}
      </ul>

      {/* Units that never got a node, each with its reason on hover (and in the steps below). */}
      {state.stuck.length > 0 && (
        <div className="sched-stuck">
          <span className="sched-label">{t.stuck}</span>
          {state.stuck.map((s) => (
            <UnitChip key={s.unit.name} unit={s.unit} colour={colour} title={stepText(s.step, outcome.strategy, lang)} />
          ))}
        </div>
      )}

      {done > 0 && <h4 className="sched-steps-title">{t.steps}</h4>}
      <ol className="sched-steps" aria-live="polite" data-testid="sched-steps">
        {outcome.steps.slice(0, done).map((s, i) => (
          <li key={i} className={s.outcome.placed ? undefined : 'sched-step-stuck'}>
            {stepText(s, outcome.strategy, lang)}
          </li>
        ))}
      </ol>
      {done === total && total > 0 && <p className="sched-outcome">{outcomeText(outcome, lang)}</p>}
    </figure>
  );
}

/** A unit in the queue or among the stuck ones: a container, or a Pod holding its containers. */
function UnitChip({ unit, colour, title }: { unit: SchedUnit; colour: (container: string) => CSSProperties; title?: string }) {
  const { lang } = useLang();
  if (unit.kind === 'container') {
    return (
      <span className="sched-chip" style={colour(unit.name)} title={title ?? unitName(unit, lang)}>
        {unit.name} <small>{gb(unit.memory)}</small>
      </span>
    );
  }
  return (
    <span className="sched-chip sched-chip-pod" title={title ?? unitName(unit, lang)}>
      Pod
      {unit.containers.map((c) => (
        <span key={c} className="sched-part" style={colour(c)}>
          {c}
        </span>
      ))}
      <small>{gb(unit.memory)}</small>
    </span>
  );
}
