// The checks that look inside a container or at the host by running something there: `script`
// (exit 0 passes, its output is the failure message) and `file` (a cheap `cat`). The runner limits
// them to the current step and to once a second; here is only what they mean.
import type { Bilingual } from '../../base/lang.js';
import type { CheckSpec } from './schema.js';
import { both, verdict, type CheckResult } from './world.js';

/** What running a command gave: its exit code and its output (stdout then stderr). */
export interface Ran {
  code: number;
  output: string;
}

/** Runs argv where the check says (a container or the host). */
export type RunCommand = (argv: string[]) => Promise<Ran>;

const MAX_OUTPUT = 2000;

function clip(text: string): string {
  const t = text.trim();
  return t.length > MAX_OUTPUT ? `${t.slice(0, MAX_OUTPUT)}…` : t;
}

export async function scriptCheck(c: CheckSpec<'script'>, run: RunCommand): Promise<CheckResult> {
  const r = await run(['sh', '-c', c.run]);
  if (r.code === 0) return { pass: true, message: both(clip(r.output) || `\`${c.run}\` exited 0`) };
  // The script's own words are the message (authors write them in both languages).
  const said = clip(r.output);
  const message: Bilingual = said ? both(said) : { en: `\`${c.run}\` exited ${r.code}`, zh: `\`${c.run}\` 的退出码为 ${r.code}` };
  return { pass: false, message };
}

/** Prints the file, or exits 3 when there is none (so "missing" and "unreadable" differ). */
const CAT = 'test -e "$1" || exit 3; cat -- "$1"';

export async function fileCheck(c: CheckSpec<'file'>, run: RunCommand): Promise<CheckResult> {
  const what = c.contains === undefined ? '' : ` containing "${c.contains}"`;
  const whatZh = c.contains === undefined ? '' : `，内容包含 "${c.contains}"`;
  const expected = { en: `a file ${c.path} in container ${c.container} of Pod ${c.pod}${what}`, zh: `Pod ${c.pod} 的容器 ${c.container} 中有文件 ${c.path}${whatZh}` };
  const r = await run(['sh', '-c', CAT, 'sh', c.path]);
  if (r.code === 3) return verdict(false, expected, { en: 'no such file', zh: '没有这个文件' });
  if (r.code !== 0) return verdict(false, expected, both(`cannot read it: ${clip(r.output)}`));
  if (c.contains === undefined) return verdict(true, expected, { en: 'the file', zh: '文件存在' });
  const pass = r.output.includes(c.contains);
  const head = clip(r.output).slice(0, 200) || '(empty)';
  return verdict(pass, expected, { en: `its content: ${head}`, zh: `它的内容：${head}` });
}
