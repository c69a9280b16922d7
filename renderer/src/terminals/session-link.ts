// Which session a tab shows, and its end: the one remembered for the tab when the host still has
// it (a reload, a lost connection), else a new one opened at the terminal's size and remembered;
// closing a learner's tab or a whole scope closes what was remembered. Concurrent asks for the
// same tab share one answer, so a viewer mounted twice in quick succession (React's StrictMode, a
// fast tab switch) never opens two sessions, and a close waits for an open still under way.
import type { SessionInfo } from '../../../electron/contract/api.js';
import type { Transport } from '../transport.js';
import { forgetScope, forgetSession, rememberedSession, rememberSession } from './session-memory.js';
import type { TerminalTarget } from './tab-spec.js';

const inFlight = new Map<string, Promise<string>>();

const slot = (scope: string, key: string) => `${scope}\u0000${key}`;

async function reattachOrOpen(transport: Transport, scope: string, key: string, target: TerminalTarget, size: { cols: number; rows: number }): Promise<string> {
  const remembered = rememberedSession(scope, key);
  if (remembered) {
    const live: SessionInfo[] = await transport.invoke('terminals.list', {});
    if (live.some((s) => s.id === remembered)) return remembered;
  }
  const info = await transport.invoke('terminals.open', { target, cols: size.cols, rows: size.rows });
  rememberSession(scope, key, info.id);
  return info.id;
}

/** The id of the session to attach to for `key` in `scope`. */
export function sessionFor(transport: Transport, scope: string, key: string, target: TerminalTarget, size: { cols: number; rows: number }): Promise<string> {
  const s = slot(scope, key);
  let pending = inFlight.get(s);
  if (!pending) {
    pending = reattachOrOpen(transport, scope, key, target, size).finally(() => inFlight.delete(s));
    inFlight.set(s, pending);
  }
  return pending;
}

async function closeIds(transport: Transport, ids: string[]): Promise<void> {
  // A session already gone is what we wanted anyway.
  await Promise.all(ids.map((id) => transport.invoke('terminals.close', { id }).catch(() => undefined)));
}

/** Closes the session of a learner's tab that was closed, and forgets it. */
export async function closeTabSession(transport: Transport, scope: string, key: string): Promise<void> {
  await inFlight.get(slot(scope, key))?.catch(() => undefined);
  const id = rememberedSession(scope, key);
  forgetSession(scope, key);
  if (id) await closeIds(transport, [id]);
}

/**
 * Closes every session remembered for `scope` and forgets the scope (a lab was stopped). A deck
 * still showing the scope sees its streams end and offers to open them again.
 */
export async function closeScopeSessions(transport: Transport, scope: string): Promise<void> {
  const opening = [...inFlight].filter(([s]) => s.startsWith(`${scope}\u0000`)).map(([, p]) => p.catch(() => undefined));
  await Promise.all(opening);
  await closeIds(transport, forgetScope(scope));
}
