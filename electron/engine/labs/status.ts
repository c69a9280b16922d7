// What front doors are told about labs: a line per lab for `lab ls` (a broken one with its
// problems), and one lab's status (steps passed, the current one, its terminals, the by-hand
// containers). Text stays in both languages; the front door picks one.
import type { PodlabErrorJSON } from '../base/errors.js';
import type { Bilingual } from '../base/lang.js';
import type { ContainerTarget, HostTarget } from '../terminals/session.js';
import type { LabEntry, LoadedLab } from './load.js';
import type { LabProgress } from './progress.js';
import { terminalTarget } from './run-in.js';

export interface LabProgressSummary {
  running: boolean;
  /** 0-based index of the current step. */
  current: number;
  passed: number;
  finished: boolean;
}

export interface LabSummary {
  id: string;
  /** lab.yaml, as errors name it. */
  file: string;
  ok: boolean;
  title?: Bilingual;
  summary?: Bilingual;
  minutes?: number;
  steps: number;
  progress: LabProgressSummary;
  /** A broken lab's problems, each with file, line, column and field. */
  errors?: PodlabErrorJSON[];
}

export interface LabTerminalInfo {
  name: string;
  /** What to hand the terminal host (`TerminalHost.open`) to open it. */
  target: ContainerTarget | HostTarget;
}

export interface LabStepInfo {
  id: string;
  title: Bilingual;
  text: Bilingual;
  hints: Bilingual[];
  /** The terminal the step's commands go to by default. */
  terminal: string;
  /** The commands that complete the step (what "reveal solution" shows; the self-test runs them). */
  solve: { terminal: string; run: string }[];
  /** Scheduler runs the step's checks read: the window draws them (gang-scheduling). */
  figures: { scenario: string; mode: 'containers' | 'pod' }[];
  passed: boolean;
  passedAt?: string;
}

export interface LabStatus {
  id: string;
  title: Bilingual;
  summary: Bilingual;
  minutes: number;
  running: boolean;
  startedAt?: string;
  finishedAt?: string;
  current: number;
  steps: LabStepInfo[];
  terminals: LabTerminalInfo[];
  /** Containers of the lab's by-hand names: the learner's (adopted; reset removes them) and others' (never touched). */
  byHand: { adopted: { id: string; name: string }[]; foreign: { id: string; name: string }[] };
}

export function progressSummary(lab: { steps: { id: string }[] } | undefined, p: LabProgress): LabProgressSummary {
  const passed = lab ? lab.steps.filter((s) => p.passed[s.id] !== undefined).length : 0;
  return { running: p.running, current: p.current, passed, finished: p.finishedAt !== undefined };
}

export function labSummary(entry: LabEntry, p: LabProgress): LabSummary {
  if (!entry.ok) return { id: entry.id, file: entry.file, ok: false, steps: 0, progress: progressSummary(undefined, p), errors: entry.errors.map((e) => e.toJSON()) };
  const { lab } = entry;
  return { id: lab.id, file: entry.file, ok: true, title: lab.title, summary: lab.summary, minutes: lab.minutes, steps: lab.steps.length, progress: progressSummary(lab, p) };
}

export function labStatus(loaded: LoadedLab, p: LabProgress, foreign: { id: string; name: string }[], env: Record<string, string>): LabStatus {
  const { lab } = loaded;
  const first = lab.terminals[0]?.name ?? '';
  return {
    id: lab.id,
    title: lab.title,
    summary: lab.summary,
    minutes: lab.minutes,
    running: p.running,
    ...(p.startedAt ? { startedAt: p.startedAt } : {}),
    ...(p.finishedAt ? { finishedAt: p.finishedAt } : {}),
    current: p.current,
    steps: lab.steps.map((s) => {
      const at = p.passed[s.id];
      const figures = s.checks.flatMap((c) => (c.scheduled ? [{ scenario: c.scheduled.scenario, mode: c.scheduled.mode }] : []));
      const solve = s.solve.map((x) => ({ terminal: x.terminal, run: x.run }));
      return { id: s.id, title: s.title, text: s.text, hints: s.hints, terminal: s.terminal ?? first, solve, figures, passed: at !== undefined, ...(at ? { passedAt: at } : {}) };
    }),
    terminals: lab.terminals.map((t) => ({ name: t.name, target: terminalTarget(t, loaded.dir, env) })),
    byHand: { adopted: p.byHand.adopted, foreign },
  };
}
