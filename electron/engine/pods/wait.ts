// Waiting for Pods to settle (`apply --wait`): Running with every container ready, or finished.
import { observePods } from './sync/observe.js';
import type { PodRuntime } from './runtime.js';
import { computePodStatus, type PodStatus } from './sync/status.js';

export interface WaitOutcome {
  uid: string;
  ok: boolean;
  reason: string;
  status?: PodStatus;
}

const POLL_MS = 200;

export async function waitForPods(rt: PodRuntime, uids: string[], timeoutMs: number): Promise<WaitOutcome[]> {
  const deadline = Date.now() + timeoutMs;
  return Promise.all(
    uids.map(async (uid): Promise<WaitOutcome> => {
      let last: PodStatus | undefined;
      for (;;) {
        const [pod] = await observePods(rt, { uid });
        if (!pod) return { uid, ok: false, reason: 'was removed while waiting' };
        last = computePodStatus(pod);
        if (last.phase === 'Succeeded') return { uid, ok: true, reason: 'completed', status: last };
        if (last.phase === 'Failed') return { uid, ok: false, reason: `failed (${last.display})`, status: last };
        if (last.phase === 'Running' && last.conditions.every((c) => c.status === 'True')) return { uid, ok: true, reason: 'ready', status: last };
        if (Date.now() > deadline) {
          return { uid, ok: false, reason: `not ready after ${Math.round(timeoutMs / 1000)}s (${last.display}); see \`podlab pod describe ${last.name}\``, status: last };
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    }),
  );
}
