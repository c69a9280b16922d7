// The Pods as `podlab pod ls` shows them, plus the sandbox attempt and a Remove button per Pod;
// a Pod's name opens its panel.
import type { PodStatus } from '../../electron/contract/api.js';
import { defineStrings, useStrings } from './i18n/lang.js';
import { statusTone } from './pods/pod-rows.js';

const strings = defineStrings({
  en: {
    title: 'Pods',
    waiting: 'The Pods appear here once the engine answers.',
    loading: 'Loading Pods…',
    none: 'No Pods yet. Start a lab, or create one with',
    name: 'Name',
    ready: 'Ready',
    status: 'Status',
    restarts: 'Restarts',
    attempt: 'Sandbox attempt',
    actions: 'Actions',
    hostNetwork: 'host network',
    remove: 'Remove',
    removing: 'Removing…',
    removeLabel: (key: string) => `Remove Pod ${key}`,
  },
  zh: {
    title: 'Pod',
    waiting: '引擎恢复响应后，这里会列出 Pod。',
    loading: '正在读取 Pod…',
    none: '还没有 Pod。开始一个实验，或者用下面的命令创建一个：',
    name: '名称',
    ready: '就绪',
    status: '状态',
    restarts: '重启',
    attempt: '沙箱次数',
    actions: '操作',
    hostNetwork: '宿主机网络',
    remove: '删除',
    removing: '正在删除…',
    removeLabel: (key: string) => `删除 Pod ${key}`,
  },
});

export function podKey(pod: Pick<PodStatus, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

function ipOf(pod: PodStatus, hostNetwork: string): string {
  if (pod.hostNetwork) return hostNetwork;
  return pod.podIP ?? '—';
}


interface Props {
  pods: PodStatus[] | null;
  /** The last listing failed and no list has arrived since (the error banner says why). */
  unavailable: boolean;
  removing: ReadonlySet<string>;
  onRemove: (pod: PodStatus) => void;
  /** podKey of the Pod whose panel is shown. */
  selected?: string;
  onSelect?: (pod: PodStatus) => void;
}

export function PodTable({ pods, unavailable, removing, onRemove, selected, onSelect }: Props) {
  const t = useStrings(strings);
  return (
    <section className="panel" aria-labelledby="pods-title">
      <div className="panel-header">
        <h2 id="pods-title">{t.title}</h2>
      </div>
      {pods === null ? (
        <p className="muted">{unavailable ? t.waiting : t.loading}</p>
      ) : pods.length === 0 ? (
        <p className="muted">
          {t.none} <code>podlab pod apply -f labs/examples/two-containers.yaml</code>
        </p>
      ) : (
        <table className="pods">
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.ready}</th>
              <th scope="col">{t.status}</th>
              <th scope="col" className="num">
                {t.restarts}
              </th>
              <th scope="col" className="num">
                {t.attempt}
              </th>
              <th scope="col">IP</th>
              <th scope="col">
                <span className="visually-hidden">{t.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pods.map((pod) => {
              const key = podKey(pod);
              const busy = removing.has(key);
              return (
                <tr key={pod.uid} aria-selected={selected === key}>
                  <th scope="row">
                    {onSelect ? (
                      <button type="button" className="link" onClick={() => onSelect(pod)}>
                        {pod.name}
                      </button>
                    ) : (
                      pod.name
                    )}
                    {pod.namespace !== 'default' && <span className="muted"> ({pod.namespace})</span>}
                  </th>
                  <td>{pod.ready}</td>
                  <td>
                    <span className={`status status-${statusTone(pod)}`}>{pod.display}</span>
                  </td>
                  <td className="num">{pod.restarts}</td>
                  <td className="num">{pod.sandboxAttempt}</td>
                  <td>
                    <code>{ipOf(pod, t.hostNetwork)}</code>
                  </td>
                  <td>
                    <button type="button" onClick={() => onRemove(pod)} disabled={busy} aria-label={t.removeLabel(key)}>
                      {busy ? t.removing : t.remove}
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
