// What a deck remembers per scope in localStorage, so a page reload finds its terminals again: the
// session id behind each tab, the tabs the learner opened, and which tab was shown. Every write is
// a read-modify-write of one scope's record, so two decks (or closeScopeSessions) never clobber
// each other's keys; anything unreadable is treated as nothing remembered.
import type { TerminalTabSpec } from './tab-spec.js';

interface ScopeRecord {
  /** Tab key → session id. */
  sessions: Record<string, string>;
  /** The learner's own tabs, in the order they were opened. */
  own: TerminalTabSpec[];
  active?: string;
}

const PREFIX = 'podlab.terminals.';

function storageKey(scope: string): string {
  return `${PREFIX}${scope}`;
}

function isTabSpec(x: unknown): x is TerminalTabSpec {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Partial<TerminalTabSpec>;
  return typeof t.key === 'string' && typeof t.label === 'string' && typeof t.closable === 'boolean' && typeof t.target === 'object' && t.target !== null;
}

function read(scope: string): ScopeRecord {
  const empty: ScopeRecord = { sessions: {}, own: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(localStorage.getItem(storageKey(scope)) ?? 'null');
  } catch {
    return empty; // unavailable storage or a damaged record: start afresh
  }
  if (typeof parsed !== 'object' || parsed === null) return empty;
  const r = parsed as Partial<Record<keyof ScopeRecord, unknown>>;
  const sessions: Record<string, string> = {};
  if (typeof r.sessions === 'object' && r.sessions !== null) {
    for (const [k, v] of Object.entries(r.sessions)) if (typeof v === 'string') sessions[k] = v;
  }
  const own = Array.isArray(r.own) ? r.own.filter(isTabSpec) : [];
  return typeof r.active === 'string' ? { sessions, own, active: r.active } : { sessions, own };
}

function update(scope: string, change: (r: ScopeRecord) => void): void {
  const r = read(scope);
  change(r);
  try {
    localStorage.setItem(storageKey(scope), JSON.stringify(r));
  } catch {
    // Not remembered: a reload opens new sessions, nothing else is lost.
  }
}

export function rememberedSession(scope: string, key: string): string | undefined {
  return read(scope).sessions[key];
}

export function rememberSession(scope: string, key: string, id: string): void {
  update(scope, (r) => void (r.sessions[key] = id));
}

export function forgetSession(scope: string, key: string): void {
  update(scope, (r) => void delete r.sessions[key]);
}

export function rememberedOwnTabs(scope: string): TerminalTabSpec[] {
  return read(scope).own;
}

export function rememberOwnTabs(scope: string, own: TerminalTabSpec[]): void {
  update(scope, (r) => void (r.own = own));
}

export function rememberedActive(scope: string): string | undefined {
  return read(scope).active;
}

export function rememberActive(scope: string, key: string): void {
  update(scope, (r) => void (r.active = key));
}

/** Every session id remembered for `scope`, and the scope forgotten. */
export function forgetScope(scope: string): string[] {
  const ids = Object.values(read(scope).sessions);
  try {
    localStorage.removeItem(storageKey(scope));
  } catch {
    // Nothing was stored then either.
  }
  return ids;
}
