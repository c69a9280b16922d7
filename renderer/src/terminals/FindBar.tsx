// The small find bar over a terminal (Ctrl/Cmd+F in the terminal opens it): incremental search as
// you type, Enter for the next match, Shift+Enter for the previous one, Escape back to the shell.
import { useEffect, useRef, useState } from 'react';
import { useStrings } from '../i18n/lang.js';
import { terminalStrings } from './strings.js';
import type { TerminalPane } from './terminal-pane.js';

export function FindBar({ pane, matches }: { pane: TerminalPane; matches: { index: number; count: number } | null }) {
  const t = useStrings(terminalStrings);
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);

  const status = !text || !matches ? '' : matches.index < 0 ? t.manyMatches(matches.count) : t.matches(matches.index, matches.count);
  return (
    <div className="terminal-find" role="search">
      <input
        ref={input}
        type="search"
        aria-label={t.find}
        placeholder={t.find}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          pane.find(e.target.value, 'incremental');
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            pane.find(text, e.shiftKey ? 'previous' : 'next');
          } else if (e.key === 'Escape') {
            e.preventDefault();
            pane.closeFind();
          }
        }}
      />
      <span className="terminal-find-status" aria-live="polite">
        {status}
      </span>
      <button type="button" aria-label={t.findPrevious} title={t.findPrevious} onClick={() => pane.find(text, 'previous')}>
        ↑
      </button>
      <button type="button" aria-label={t.findNext} title={t.findNext} onClick={() => pane.find(text, 'next')}>
        ↓
      </button>
      <button type="button" aria-label={t.findClose} title={t.findClose} onClick={() => pane.closeFind()}>
        ×
      </button>
    </div>
  );
}
