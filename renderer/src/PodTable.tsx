// The Pods as `podlab pod ls` shows them, plus the sandbox attempt and a Remove button per Pod.
import type { PodStatus } from '../../electron/contract/api.js';

export function podKey(pod: Pick<PodStatus, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

function ipOf(pod: PodStatus): string {
  if (pod.hostNetwork) return 'host network';
  return pod.podIP ?? '—';
}

/** Colour by what the STATUS column says, not the phase: a crash-looping Pod is still Running. */
function statusTone(pod: PodStatus): 'ok' | 'bad' | 'done' | 'pending' {
  if (pod.display === 'Running') return 'ok';
  if (pod.display === 'Completed') return 'done';
  if (pod.phase === 'Failed' || /Error|BackOff|OOMKilled/.test(pod.display)) return 'bad';
  return 'pending';
}

interface Props {
  pods: PodStatus[] | null;
  /** The last listing failed and no list has arrived since (the error banner says why). */
  unavailable: boolean;
  removing: ReadonlySet<string>;
  onRemove: (pod: PodStatus) => void;
}

export function PodTable({ pods, unavailable, removing, onRemove }: Props) {
  return (
    <section className="panel" aria-labelledby="pods-title">
      <div className="panel-header">
        <h2 id="pods-title">Pods</h2>
      </div>
      {pods === null ? (
        <p className="muted">{unavailable ? 'The Pods appear here once the engine answers.' : 'Loading Pods…'}</p>
      ) : pods.length === 0 ? (
        <p className="muted">
          No Pods yet. Create one with <code>podlab pod apply -f labs/examples/two-containers.yaml</code>.
        </p>
      ) : (
        <table className="pods">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Ready</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Restarts
              </th>
              <th scope="col" className="num">
                Sandbox attempt
              </th>
              <th scope="col">IP</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pods.map((pod) => {
              const key = podKey(pod);
              const busy = removing.has(key);
              return (
                <tr key={pod.uid}>
                  <th scope="row">
                    {pod.name}
                    {pod.namespace !== 'default' && <span className="muted"> ({pod.namespace})</span>}
                  </th>
                  <td>{pod.ready}</td>
                  <td>
                    <span className={`status status-${statusTone(pod)}`}>{pod.display}</span>
                  </td>
                  <td className="num">{pod.restarts}</td>
                  <td className="num">{pod.sandboxAttempt}</td>
                  <td>
                    <code>{ipOf(pod)}</code>
                  </td>
                  <td>
                    <button type="button" onClick={() => onRemove(pod)} disabled={busy} aria-label={`Remove Pod ${key}`}>
                      {busy ? 'Removing…' : 'Remove'}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
