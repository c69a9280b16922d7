// The code blocks of a step's markdown and what a window may do with each, read from the fence's
// info string after the language: `sh exec` runs in the step's terminal, `sh exec=host` in the
// named one, `… interrupt` sends Ctrl-C first; anything else is copy-only. GitHub renders them all
// as ordinary code blocks, since it reads only the first word. Import-free on purpose: the window
// bundles it (through contract/lab-markdown.ts) to read fences exactly as validation does.

export interface CodeBlock {
  /** The language word (`sh`), empty when the fence has none. */
  lang: string;
  action: 'exec' | 'copy';
  /** exec=NAME: the terminal it runs in; absent: the step's terminal. */
  terminal?: string;
  /** Send Ctrl-C before the command (Killercoda's `exec interrupt`). */
  interrupt: boolean;
  code: string;
  /** 1-based line of the opening fence within the markdown. */
  line: number;
}

const OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** What an info string such as `sh exec=host interrupt` asks for. */
export function readInfo(info: string): Pick<CodeBlock, 'lang' | 'action' | 'terminal' | 'interrupt'> {
  const [lang = '', ...words] = info.trim().split(/\s+/).filter(Boolean);
  const exec = words.find((w) => w === 'exec' || w.startsWith('exec='));
  const terminal = exec?.startsWith('exec=') ? exec.slice('exec='.length) : undefined;
  return { lang, action: exec ? 'exec' : 'copy', ...(terminal ? { terminal } : {}), interrupt: !!exec && words.includes('interrupt') };
}

/** Every fenced code block (CommonMark fences: ``` or ~~~, closed by a fence at least as long). */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[1] ?? '```';
    const info = open[2] ?? '';
    if (fence.startsWith('`') && info.includes('`')) continue; // an inline code span, not a fence
    const body: string[] = [];
    let j = i + 1;
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    for (; j < lines.length && !close.test(lines[j] ?? ''); j++) body.push(lines[j] ?? '');
    blocks.push({ ...readInfo(info), code: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}
