// The Pod panel: for each Pod its status and containers, the live process tree drawn like
// `pstree -g -t`, the namespace matrix and the Pod's events. Processes arrive pushed by
// `inspect.changed` (every Pod's snapshot, at most once a second and only on change); nothing here
// polls. Each Pod's card re-renders only when its own status or snapshot changed.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { PodStatus } from '../../../electron/contract/api.js';
import { useEvent } from '../app/transport-context.js';
import { PodCard } from './PodCard.js';
import { statusKey } from './pod-rows.js';
import './pods.css';

export interface PodPanelProps {
  /** The Pods to show (a lab's, or the one chosen on the Pods page). */
  pods: PodStatus[];
  /** "Open a terminal" on a container of a Pod. */
  onOpenTerminal?: (pod: PodStatus, container: string) => void;
}

export function PodPanel({ pods, onOpenTerminal }: PodPanelProps) {
  const snapshot = useEvent('inspect.changed');
  // Snapshots by Pod uid, with the text that tells a changed one from the same one again.
  const byUid = useMemo(() => new Map(snapshot?.pods.map((p) => [p.uid, { pod: p, key: JSON.stringify(p) }])), [snapshot]);

  // Callers pass a new function on every render; the cards get one that never changes, so they
  // stay memoized, and it calls the latest one.
  const latest = useRef(onOpenTerminal);
  useEffect(() => {
    latest.current = onOpenTerminal;
  });
  const open = useCallback((pod: PodStatus, container: string) => latest.current?.(pod, container), []);

  return (
    <div className="pod-panel">
      {pods.map((p) => {
        const snap = byUid.get(p.uid);
        return (
          <PodCard
            key={p.uid}
            status={p}
            statusKey={statusKey(p)}
            snapshot={snap?.pod}
            snapshotKey={snap ? snap.key : snapshot ? 'none' : 'waiting'}
            {...(onOpenTerminal ? { onOpenTerminal: open } : {})}
          />
        );
      })}
    </div>
  );
}
