// What one page of a window holds in main — event subscriptions, terminal ports, running calls —
// ends with that page: when its webContents is destroyed, its renderer dies, or it navigates (a
// reload is a new page, which subscribes and attaches again for itself).
import type { WebContents } from 'electron';

type Cleanup = () => void;

const scopes = new WeakMap<WebContents, Set<{ run: Cleanup }>>();

function scopeOf(contents: WebContents): Set<{ run: Cleanup }> {
  const known = scopes.get(contents);
  if (known) return known;
  const scope = new Set<{ run: Cleanup }>();
  scopes.set(contents, scope);
  // One set of listeners per webContents, however many terminals and channels the page holds.
  const end = () => {
    const all = [...scope];
    scope.clear();
    for (const entry of all) entry.run();
  };
  contents.on('did-navigate', end);
  contents.on('render-process-gone', end);
  contents.once('destroyed', () => {
    scopes.delete(contents);
    end();
  });
  return scope;
}

/** Runs `cleanup` once when the page now in `contents` goes away; the returned function forgets it. */
export function onPageGone(contents: WebContents, cleanup: Cleanup): () => void {
  if (contents.isDestroyed()) {
    cleanup();
    return () => undefined;
  }
  const scope = scopeOf(contents);
  const entry = { run: cleanup };
  scope.add(entry);
  return () => {
    scope.delete(entry);
  };
}
