// A step's text: markdown rendered by react-markdown (no raw HTML), with each fenced code block
// either runnable into its terminal (```sh exec, exec=NAME, interrupt) or copy-only.
import type { Element, ElementContent } from 'hast';
import Markdown, { type Components } from 'react-markdown';
import { readInfo } from '../../../electron/contract/lab-markdown.js';
import { CodeBlock } from './CodeBlock.js';

export interface RunRequest {
  terminal: string;
  code: string;
  interrupt: boolean;
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** The fence's language and info words, as the engine's lab validation reads them. */
function fenceInfo(code: Element): string {
  const classes = code.properties.className;
  const lang = Array.isArray(classes) ? classes.map(String).find((c) => c.startsWith('language-'))?.slice('language-'.length) : undefined;
  const meta = (code.data as { meta?: string } | undefined)?.meta ?? '';
  return `${lang ?? ''} ${meta}`;
}

export function StepMarkdown({ text, defaultTerminal, onRun }: { text: string; defaultTerminal: string; onRun: (run: RunRequest) => void }) {
  const components: Components = {
    pre({ node }) {
      const code = node?.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
      if (!code) return null;
      const info = readInfo(fenceInfo(code));
      const body = code.children.map(textOf).join('').replace(/\n$/, '');
      const terminal = info.terminal ?? defaultTerminal;
      return <CodeBlock code={body} {...(info.action === 'exec' ? { run: () => onRun({ terminal, code: body, interrupt: info.interrupt }), terminal, interrupt: info.interrupt } : {})} />;
    },
    a({ href, children }) {
      return (
        <a href={href} target="_blank" rel="noreferrer noopener">
          {children}
        </a>
      );
    },
  };
  return (
    <div className="step-text">
      <Markdown components={components}>{text}</Markdown>
    </div>
  );
}
