// One code block of a step: "Run" types it into its terminal (Ctrl-C first when it interrupts),
// "Copy" puts it on the clipboard; a copy-only block has just the latter.
import { useState } from 'react';
import { defineStrings, useStrings } from '../i18n/lang.js';

const strings = defineStrings({
  en: {
    run: 'Run',
    runIn: (terminal: string, interrupt: boolean) => `Run in terminal ${terminal}${interrupt ? ' (stops what runs there first)' : ''}`,
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Copy failed',
  },
  zh: {
    run: '运行',
    runIn: (terminal: string, interrupt: boolean) => `在终端 ${terminal} 中运行${interrupt ? '（先中断正在运行的命令）' : ''}`,
    copy: '复制',
    copied: '已复制',
    copyFailed: '复制失败',
  },
});

interface Props {
  code: string;
  run?: () => void;
  terminal?: string;
  interrupt?: boolean;
}

export function CodeBlock({ code, run, terminal, interrupt }: Props) {
  const t = useStrings(strings);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(code).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
    setTimeout(() => setCopied(null), 1500);
  };
  return (
    <div className={`code-block${run ? ' runnable' : ''}`} data-testid={run ? 'runnable-block' : 'copy-block'}>
      <pre>
        <code>{code}</code>
      </pre>
      <div className="code-actions">
        {run && terminal !== undefined && (
          <button type="button" className="primary" onClick={run} title={t.runIn(terminal, !!interrupt)} aria-label={t.runIn(terminal, !!interrupt)}>
            ▶ {t.run}
          </button>
        )}
        <button type="button" onClick={copy} aria-live="polite">
          {copied === 'yes' ? t.copied : copied === 'failed' ? t.copyFailed : t.copy}
        </button>
      </div>
    </div>
  );
}
