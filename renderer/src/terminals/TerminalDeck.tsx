// The window's terminals: tabs for a lab's own terminals (given, not closable) and the learner's
// (opened with open() or the New terminal menu, closable), one xterm per tab on a terminal session
// of the engine. A tab's session is opened when the tab is first shown (run() shows it), and its id
// is remembered per scope, so a reload reattaches; unmounting detaches, closing a learner's tab
// closes its session. Ctrl+` focuses the visible terminal from anywhere in the window.
import { lazy, Suspense, useCallback, useEffect, useId, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useEvent, useTransport } from '../app/transport-context.js';
import { useStrings } from '../i18n/lang.js';
import { NewTerminalMenu } from './NewTerminalMenu.js';
import { PaneDirectory } from './pane-directory.js';
import { closeTabSession } from './session-link.js';
import { rememberActive, rememberedActive, rememberedOwnTabs, rememberOwnTabs } from './session-memory.js';
import { terminalStrings, type TerminalStrings } from './strings.js';
import type { TerminalTabSpec } from './tab-spec.js';
import { exposeDeck } from './test-hooks.js';
import './terminals.css';

// xterm and its addons are most of the window's code: loaded when a terminal is first shown, so a
// page without one (the lab library) starts without them.
const TerminalPanel = lazy(() => import('./TerminalPanel.js').then((m) => ({ default: m.TerminalPanel })));

export type { TerminalTabSpec, TerminalTarget } from './tab-spec.js';
export { closeScopeSessions } from './session-link.js';

export interface TerminalDeckHandle {
  /** Types `command` + Enter into the named tab's session (Ctrl-C first when interrupt), shows and focuses it. */
  run(key: string, command: string, opts?: { interrupt?: boolean }): void;
  /** Shows and focuses a tab (default: the visible one). */
  focus(key?: string): void;
  /** Opens (or shows, when open) a tab of the learner's own. */
  open(tab: TerminalTabSpec): void;
}

export interface TerminalDeckProps {
  /** Sessions are remembered per scope (`lab:<id>`, `pods`): a reload reattaches to them. */
  scope: string;
  tabs: TerminalTabSpec[];
  ref?: Ref<TerminalDeckHandle>;
}

const HOST_KEY = /^host(?:-(\d+))?$/;

/** The learner's host shells are named in the window's language, whatever language opened them. */
function tabLabel(spec: TerminalTabSpec, t: TerminalStrings): string {
  const host = spec.target.kind === 'host' && spec.closable ? HOST_KEY.exec(spec.key) : null;
  if (!host) return spec.label;
  return host[1] ? `${t.hostShell} ${host[1]}` : t.hostShell;
}

function nextHostKey(taken: (key: string) => boolean): string {
  if (!taken('host')) return 'host';
  let n = 2;
  while (taken(`host-${n}`)) n++;
  return `host-${n}`;
}

/** A new scope is a new deck: nothing of another scope's tabs or sessions carries over. */
export function TerminalDeck(props: TerminalDeckProps) {
  return <Deck key={props.scope} {...props} />;
}

function Deck({ scope, tabs, ref }: TerminalDeckProps) {
  const transport = useTransport();
  const t = useStrings(terminalStrings);
  const pods = useEvent('pods.changed');
  const baseId = useId();
  const [own, setOwn] = useState<TerminalTabSpec[]>(() => rememberedOwnTabs(scope));
  const [activeKey, setActiveKey] = useState<string | undefined>(() => rememberedActive(scope));
  const [started, setStarted] = useState<ReadonlySet<string>>(() => new Set());
  const [directory] = useState(() => new PaneDirectory());
  const tabButtons = useRef(new Map<string, HTMLButtonElement>());

  const all = useMemo(() => {
    const given = new Set(tabs.map((x) => x.key));
    return [...tabs, ...own.filter((x) => !given.has(x.key))];
  }, [tabs, own]);
  const active = all.find((x) => x.key === activeKey) ?? all[0];
  // A tab's terminal (and session) starts the first time it is shown, and stays while the tab does.
  if (active && !started.has(active.key)) setStarted(new Set(started).add(active.key));

  useEffect(() => rememberOwnTabs(scope, own), [scope, own]);

  const show = useCallback(
    (key: string) => {
      setActiveKey(key);
      rememberActive(scope, key);
    },
    [scope],
  );

  const open = useCallback(
    (tab: TerminalTabSpec) => {
      if (!all.some((x) => x.key === tab.key)) setOwn((prev) => [...prev, tab]);
      show(tab.key);
      directory.with(tab.key, (pane) => pane.focus());
    },
    [all, directory, show],
  );

  const close = useCallback(
    (key: string) => {
      const at = all.findIndex((x) => x.key === key);
      const rest = all.filter((x) => x.key !== key);
      setOwn((prev) => prev.filter((x) => x.key !== key));
      setStarted((prev) => new Set([...prev].filter((k) => k !== key)));
      directory.forget(key);
      if (active?.key === key) {
        const next = rest[Math.min(at, rest.length - 1)];
        if (next) {
          show(next.key);
          tabButtons.current.get(next.key)?.focus();
        }
      }
      void closeTabSession(transport, scope, key);
    },
    [active, all, directory, scope, show, transport],
  );

  const run = useCallback(
    (key: string, command: string, opts?: { interrupt?: boolean }) => {
      if (!all.some((x) => x.key === key)) return;
      show(key);
      directory.with(key, (pane) => pane.run(command, opts?.interrupt === true));
    },
    [all, directory, show],
  );

  const focus = useCallback(
    (key?: string) => {
      const k = key ?? active?.key;
      if (k === undefined || !all.some((x) => x.key === k)) return;
      show(k);
      directory.with(k, (pane) => pane.focus());
    },
    [active, all, directory, show],
  );

  useImperativeHandle(ref, () => ({ run, focus, open }), [run, focus, open]);
  useEffect(() => exposeDeck(scope, { run, focus }), [scope, run, focus]);

  // Ctrl+` from anywhere in the window, caught before the terminal itself would see it.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!e.ctrlKey || e.altKey || e.metaKey || e.code !== 'Backquote') return;
      e.preventDefault();
      e.stopPropagation();
      focus();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [focus]);

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number, spec: TerminalTabSpec) => {
    const to = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: all.length - 1 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      const next = all[(to + all.length) % all.length];
      if (!next) return;
      show(next.key);
      tabButtons.current.get(next.key)?.focus();
    } else if (e.key === 'Delete' && spec.closable) {
      e.preventDefault();
      close(spec.key);
    }
  };

  const tabId = (key: string) => `${baseId}-tab-${encodeURIComponent(key)}`;
  const panelId = (key: string) => `${baseId}-panel-${encodeURIComponent(key)}`;

  return (
    <section className="terminal-deck" aria-label={t.terminals}>
      <div className="terminal-deck-bar">
        <div role="tablist" aria-label={t.terminals} className="terminal-tabs" title={t.focusShortcut}>
          {all.map((spec, i) => {
            const selected = spec.key === active?.key;
            const label = tabLabel(spec, t);
            return (
              <div key={spec.key} className={`terminal-tab${selected ? ' selected' : ''}`}>
                <button
                  type="button"
                  role="tab"
                  id={tabId(spec.key)}
                  aria-selected={selected}
                  aria-controls={panelId(spec.key)}
                  tabIndex={selected ? 0 : -1}
                  {...(spec.closable ? { 'aria-keyshortcuts': 'Delete', 'aria-description': t.closeTabShortcut } : {})}
                  ref={(el) => {
                    if (el) tabButtons.current.set(spec.key, el);
                    else tabButtons.current.delete(spec.key);
                  }}
                  onClick={() => show(spec.key)}
                  onKeyDown={(e) => onTabKey(e, i, spec)}
                >
                  {label}
                </button>
                {spec.closable && (
                  // Reachable by mouse; keyboard users press Delete on the tab (one tab stop per tab).
                  <button type="button" className="terminal-tab-close" tabIndex={-1} aria-label={t.closeTab(label)} title={t.closeTab(label)} onClick={() => close(spec.key)}>
                    ×
                  </button>
                )}
              </div>
            );
          })}
        </div>
        <NewTerminalMenu pods={pods} onHostShell={() => open({ key: nextHostKey((k) => all.some((x) => x.key === k)), label: t.hostShell, target: { kind: 'host' }, closable: true })} onContainer={open} />
      </div>
      <div className="terminal-deck-panels">
        {all.map((spec) => (
          <div key={spec.key} role="tabpanel" id={panelId(spec.key)} aria-labelledby={tabId(spec.key)} className="terminal-tabpanel" hidden={spec.key !== active?.key}>
            {started.has(spec.key) && (
              <Suspense
                fallback={
                  <div className="terminal-bar" role="status">
                    {t.connecting}
                  </div>
                }
              >
                <TerminalPanel scope={scope} spec={spec} visible={spec.key === active?.key} register={directory.register} />
              </Suspense>
            )}
          </div>
        ))}
        {!all.length && <p className="muted terminal-empty">{t.empty}</p>}
      </div>
    </section>
  );
}
