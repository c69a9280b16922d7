// Labs as text, in the learner's language: the list of labs, a lab's steps and current step, a
// step's check results ("expected … / saw …"), and the self-test table.
import type { Bilingual, CheckReport, Lang, LabStatus, LabSummary, LabTerminalInfo, SelfTestReport } from '../engine/model.js';
import { formatError } from '../engine/base/errors.js';
import { errorFromJSON } from '../contract/socket-client.js';
import { table } from './render.js';

const UI = {
  en: { broken: 'BROKEN', running: 'running', finished: 'finished', step: 'Step', pass: 'PASS', fail: 'FAIL', terminals: 'Terminals', hint: 'Hint', host: 'a shell on this machine, in', adopted: 'your by-hand containers (reset removes them)', foreign: 'containers of these names made before the lab started (left alone)', check: 'When done' },
  zh: { broken: '有错误', running: '进行中', finished: '已完成', step: '步骤', pass: '通过', fail: '未通过', terminals: '终端', hint: '提示', host: '本机的 shell，目录', adopted: '你手动创建的容器（重置时会删除）', foreign: '实验开始前就存在的同名容器（不会被动）', check: '完成后运行' },
} as const;

export function pick(text: Bilingual | undefined, lang: Lang): string {
  return text ? text[lang] : '';
}

function progressCell(l: LabSummary, lang: Lang): string {
  const t = UI[lang];
  if (!l.ok) return t.broken;
  const state = l.progress.finished ? ` (${t.finished})` : l.progress.running ? ` (${t.running})` : '';
  return `${l.progress.passed}/${l.steps}${state}`;
}

/** `lab ls`: one row per lab, then each broken lab's first problem. */
export function labList(labs: LabSummary[], lang: Lang): string {
  if (!labs.length) return lang === 'zh' ? '没有实验。' : 'No labs.';
  // The title goes last: a column is padded by characters, and 中文 ones are twice as wide.
  const rows = labs.map((l) => [l.id, l.ok ? String(l.steps) : '—', l.ok ? String(l.minutes ?? '') : '—', progressCell(l, lang), l.ok ? pick(l.title, lang) : '—']);
  const head = lang === 'zh' ? ['ID', 'STEPS', 'MINUTES', 'PROGRESS', '标题'] : ['ID', 'STEPS', 'MINUTES', 'PROGRESS', 'TITLE'];
  const broken = labs.filter((l) => !l.ok).map((l) => `${l.id}: ${firstProblem(l)}`);
  return [table(head, rows), ...(broken.length ? ['', ...broken] : [])].join('\n');
}

function firstProblem(l: LabSummary): string {
  const [first] = l.errors ?? [];
  if (!first) return '';
  const more = (l.errors?.length ?? 1) - 1;
  return `${formatError(errorFromJSON(first)).split('\n')[0] ?? ''}${more ? ` (+${more} more)` : ''}`;
}

/** `lab validate`: every problem of every lab, or OK. */
export function validation(labs: LabSummary[]): string {
  return labs
    .map((l) => (l.ok ? `${l.file}: OK (${l.steps} steps)` : [`${l.file}: ${l.errors?.length ?? 0} problem(s)`, ...(l.errors ?? []).map((e) => `  ${formatError(errorFromJSON(e)).replace(/\n/g, '\n  ')}`)].join('\n')))
    .join('\n');
}

/** Markdown for a terminal: code blocks indented (`$ ` before commands to run), their fences dropped. */
function terminalMarkdown(md: string): string {
  let fence: { runnable: boolean } | undefined;
  const out: string[] = [];
  for (const line of md.trimEnd().split('\n')) {
    const open = /^\s*(?:`{3,}|~{3,})(.*)$/.exec(line);
    if (open) {
      fence = fence ? undefined : { runnable: /\bexec\b/.test(open[1] ?? '') };
      continue;
    }
    out.push(fence ? `    ${fence.runnable ? '$ ' : ''}${line}` : line);
  }
  return out.join('\n');
}

function terminalLine(t: LabTerminalInfo, lang: Lang): string {
  if (t.target.kind === 'host') return `  ${t.name}: ${UI[lang].host} ${t.target.cwd ?? '.'}`;
  return `  ${t.name}: podlab exec ${t.target.pod}${t.target.container ? ` -c ${t.target.container}` : ''} -it`;
}

/** `lab status` / `lab start`: the steps, the current one's text and hints, the terminals. */
export function labStatusText(s: LabStatus, lang: Lang): string {
  const t = UI[lang];
  const out = [`${pick(s.title, lang)} (${s.id}) — ${s.running ? t.running : s.finishedAt ? t.finished : lang === 'zh' ? '未运行' : 'not running'}`, ''];
  s.steps.forEach((st, i) => out.push(`${st.passed ? '✓' : i === s.current ? '▶' : ' '} ${i + 1}. ${pick(st.title, lang)} [${st.id}]`));
  const cur = s.steps[s.current];
  if (cur) {
    out.push('', `${t.step} ${s.current + 1}: ${pick(cur.title, lang)}`, '', terminalMarkdown(pick(cur.text, lang)));
    const [hint] = cur.hints;
    if (hint) out.push('', `${t.hint}: ${pick(hint, lang)}`);
    out.push('', `${t.check}: podlab lab check ${s.id}`);
  }
  out.push('', `${t.terminals}:`, ...s.terminals.map((x) => terminalLine(x, lang)));
  if (s.byHand.adopted.length) out.push(`${t.adopted}: ${s.byHand.adopted.map((c) => c.name).join(', ')}`);
  if (s.byHand.foreign.length) out.push(`${t.foreign}: ${s.byHand.foreign.map((c) => `${c.name} (${c.id.slice(0, 12)})`).join(', ')}`);
  return out.join('\n');
}

/** `lab check`: the verdict and each check's "expected … / saw …". */
export function checkText(r: CheckReport, lang: Lang): string {
  const t = UI[lang];
  const lines = [`${t.step} ${r.index + 1} (${r.step}): ${r.pass ? t.pass : t.fail}`];
  for (const c of r.checks) lines.push(`  ${c.pass ? '✓' : '✗'} ${c.kind}: ${c.message[lang].replace(/\n/g, '\n      ')}`);
  return lines.join('\n');
}

/** `lab test`: a row per lab and step, then what went wrong. */
export function selfTestTable(reports: SelfTestReport[], lang: Lang): string {
  const mark = (good: boolean, word: string) => `${word} ${good ? '✓' : '✗'}`;
  const rows = reports.flatMap((r) =>
    r.rows.length
      ? r.rows.map((row) => [
          r.lab,
          row.step,
          row.before === 'skipped' ? '—' : mark(row.before === 'failed', row.before),
          row.solve === 'skipped' ? '—' : mark(row.solve === 'ok', row.solve),
          row.after === 'skipped' ? '—' : mark(row.after === 'passed', row.after),
          row.seconds.toFixed(1),
        ])
      : [[r.lab, '—', '—', '—', '—', '—']],
  );
  const out = [table(['LAB', 'STEP', 'CHECK BEFORE', 'SOLVE', 'CHECK AFTER', 'SECONDS'], rows)];
  for (const r of reports) {
    if (r.error) out.push('', `${r.lab}: ${formatError(errorFromJSON(r.error))}`);
    for (const row of r.rows) if (row.problem) out.push('', `${r.lab} / ${row.step}:`, `  ${row.problem[lang].replace(/\n/g, '\n  ')}`);
  }
  const failed = reports.filter((r) => !r.ok).map((r) => r.lab);
  const total = reports.reduce((n, r) => n + r.seconds, 0).toFixed(1);
  out.push('', failed.length ? `FAILED: ${failed.join(', ')} (${total}s)` : `${reports.length} lab(s) passed (${total}s)`);
  return out.join('\n');
}
