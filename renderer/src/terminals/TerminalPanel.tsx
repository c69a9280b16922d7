// One tab's panel content: the terminal's host element, and over it what the learner needs to
// know about the session — connecting, ended (with Reconnect/Restart), closed or failed (with Open
// again), a short notice after a reconnect, and the find bar.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTransport } from '../app/transport-context.js';
import { useStrings } from '../i18n/lang.js';
import { FindBar } from './FindBar.js';
import { terminalStrings, type TerminalStrings } from './strings.js';
import type { TerminalTabSpec } from './tab-spec.js';
import { TerminalPane, type PaneState } from './terminal-pane.js';
import '@xterm/xterm/css/xterm.css';

/** How long the reconnect notice stays. */
const NOTICE_MS = 6_000;

export interface PanelProps {
  scope: string;
  spec: TerminalTabSpec;
  visible: boolean;
  /** Hands the pane to the deck (run, focus) while mounted; returns the release function. */
  register: (key: string, pane: TerminalPane) => () => void;
}

export function TerminalPanel({ scope, spec, visible, register }: PanelProps) {
  const transport = useTransport();
  const t = useStrings(terminalStrings);
  // The pane keeps the spec it was made with: a session is opened for one target.
  const [pane] = useState(() => new TerminalPane(transport, scope, spec));
  const host = useRef<HTMLDivElement>(null);
  const state = useSyncExternalStore(pane.subscribe, pane.snapshot);

  // Visibility first, so the first fit (and the session's size) sees the panel shown.
  useEffect(() => pane.setVisible(visible), [pane, visible]);
  useEffect(() => {
    if (!host.current) return;
    pane.mount(host.current);
    const release = register(spec.key, pane);
    return () => {
      release();
      pane.unmount();
    };
  }, [pane, register, spec.key]);

  const seq = state.notice?.seq;
  useEffect(() => {
    if (seq === undefined) return;
    const timer = setTimeout(() => pane.dismissNotice(), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [pane, seq]);

  return (
    <div className="terminal-panel">
      {state.finding && <FindBar pane={pane} matches={state.matches} />}
      <div className="terminal-host" ref={host} />
      {state.notice && (
        <div className="terminal-notice" role="status">
          <span>{state.notice.rebuilt ? t.rebuilt(state.notice.title) : t.reconnected(state.notice.title)}</span>
          <button type="button" className="terminal-notice-close" aria-label={t.dismiss} title={t.dismiss} onClick={() => pane.dismissNotice()}>
            ×
          </button>
        </div>
      )}
      <SessionBar state={state} spec={spec} t={t} onAction={() => pane.reconnect()} />
    </div>
  );
}

/** The line under the terminal while it is not simply live. */
function SessionBar({ state, spec, t, onAction }: { state: PaneState; spec: TerminalTabSpec; t: TerminalStrings; onAction: () => void }) {
  const { phase } = state;
  switch (phase.kind) {
    case 'live':
      return null;
    case 'connecting':
      return (
        <div className="terminal-bar" role="status">
          {t.connecting}
        </div>
      );
    case 'exited':
      return (
        <div className="terminal-bar ended" role="status">
          <span>
            {t.ended(phase.reason)} {phase.waiting && t.waitingForContainer}
          </span>
          <button type="button" onClick={onAction}>
            {spec.target.kind === 'host' ? t.restart : t.reconnect}
          </button>
        </div>
      );
    case 'closed':
      return (
        <div className="terminal-bar ended" role="status">
          <span>{t.closed(phase.reason)}</span>
          <button type="button" onClick={onAction}>
            {t.openAgain}
          </button>
        </div>
      );
    case 'failed':
      return (
        <div className="terminal-bar failed" role="alert">
          <span>
            {t.failed(phase.error.message)}
            {phase.error.hint && <span className="hint"> {phase.error.hint}</span>}
          </span>
          <button type="button" onClick={onAction}>
            {t.tryAgain}
          </button>
        </div>
      );
  }
}
