// The deck's "New terminal" menu: a host shell, and a shell in every container of every Pod (live
// from pods.changed). A native popover (light dismiss, Escape, focus back to the button) placed by
// CSS anchor positioning; arrow keys, Home and End move between the items.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { PodStatus } from '../../../electron/contract/api.js';
import { useStrings } from '../i18n/lang.js';
import { terminalStrings } from './strings.js';
import type { TerminalTabSpec } from './tab-spec.js';

/** The tab of a shell in one container: the same key the Pods page uses, so both open one tab. */
export function containerTab(pod: PodStatus, container: string): TerminalTabSpec {
  const name = pod.namespace === 'default' ? `${pod.name}/${container}` : `${pod.namespace}/${pod.name}/${container}`;
  return { key: name, label: name, target: { kind: 'container', pod: pod.name, namespace: pod.namespace, container, autoReconnect: true }, closable: true };
}

/** Containers a shell can run in: app containers and native sidecars (init containers have ended). */
function shellContainers(pod: PodStatus): { name: string; running: boolean }[] {
  return [...pod.initContainerStatuses.filter((c) => c.role === 'sidecar'), ...pod.containerStatuses].map((c) => ({ name: c.name, running: 'running' in c.state }));
}

function moveFocus(e: KeyboardEvent<HTMLElement>): void {
  const items = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')];
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
  if (to === undefined || !items.length) return;
  e.preventDefault();
  items[(to + items.length) % items.length]?.focus();
}

export function NewTerminalMenu({ pods, onHostShell, onContainer }: { pods: PodStatus[] | undefined; onHostShell: () => void; onContainer: (tab: TerminalTabSpec) => void }) {
  const t = useStrings(terminalStrings);
  const id = useId();
  const menuId = `${id}-menu`;
  // A dashed ident per deck, so two decks' menus never anchor to each other's button.
  const anchor = `--terminal-new-${id.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const menu = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  const pick = (action: () => void) => {
    menu.current?.hidePopover();
    action();
  };
  const sorted = [...(pods ?? [])].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));

  return (
    <>
      <button type="button" className="terminal-new" popoverTarget={menuId} aria-haspopup="menu" aria-expanded={open} style={{ anchorName: anchor }}>
        + {t.newTerminal}
      </button>
      <div
        id={menuId}
        ref={menu}
        popover="auto"
        role="menu"
        aria-label={t.newTerminal}
        className="terminal-menu"
        style={{ positionAnchor: anchor }}
        onKeyDown={moveFocus}
        onToggle={(e) => {
          const isOpen = e.newState === 'open';
          setOpen(isOpen);
          if (isOpen) e.currentTarget.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
        }}
      >
        <button type="button" role="menuitem" title={t.hostShellHint} onClick={() => pick(onHostShell)}>
          {t.hostShell}
        </button>
        {sorted.length === 0 && <p className="terminal-menu-note">{t.noPods}</p>}
        {sorted.map((pod) => (
          <div role="group" aria-label={pod.name} key={`${pod.namespace}/${pod.name}`}>
            <div className="terminal-menu-heading" aria-hidden="true">
              {pod.namespace === 'default' ? pod.name : `${pod.namespace}/${pod.name}`}
            </div>
            {shellContainers(pod).map((c) => (
              <button type="button" role="menuitem" key={c.name} disabled={!c.running} onClick={() => pick(() => onContainer(containerTab(pod, c.name)))}>
                {pod.name} / {c.name}
                {!c.running && <span className="muted"> ({t.notRunning})</span>}
              </button>
            ))}
          </div>
        ))}
      </div>
    </>
  );
}
