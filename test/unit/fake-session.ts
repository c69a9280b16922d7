// A terminal session for front-door tests without an engine: a SessionStream whose events the test
// plays (emit) and whose viewer-side calls are spies, and the TerminalHost methods that hand it out.
import { vi } from 'vitest';
import type { SessionEvent, SessionInfo } from '../../electron/engine/model.js';

export function fakeSession(id: string, replay = 'the screen so far') {
  const listeners = new Set<(e: SessionEvent) => void>();
  const stream = {
    sessionId: id,
    replay,
    onEvent: (l: (e: SessionEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    write: vi.fn(),
    resize: vi.fn(),
    ack: vi.fn(),
    detach: vi.fn(),
  };
  const info = { id, kind: 'host', title: 'sh', state: 'running', size: { cols: 80, rows: 24 } } as SessionInfo;
  const attach = vi.fn(() => stream);
  return { stream, info, attach, host: { attach, info: () => info }, emit: (e: SessionEvent) => listeners.forEach((l) => l(e)) };
}
