// The namespace matrix of one Pod: rows are its containers (POD first), columns the namespace types;
// a cell says whether the container is in the infra's namespace (highlighted) or its own, with the
// inode on hover or, with "Show inodes", in the cell. Then why UTS is (not) shared, in one sentence.
import { memo, useMemo, useState } from 'react';
import type { PodSnapshot } from '../../../electron/contract/api.js';
import { defineStrings, useStrings } from '../i18n/lang.js';
import { namespaceMatrix, NS_COLUMNS, utsSharing, type MatrixCell } from './ns-matrix.js';

const strings = defineStrings({
  en: {
    caption: 'Namespaces of each container, compared with the infra container (POD)',
    container: 'Container',
    infra: 'infra',
    shared: 'shared',
    own: 'own',
    absent: '—',
    showInodes: 'Show inodes',
    cell: (c: MatrixCell, container: string) =>
      c.state === 'absent'
        ? `${container} ${c.type}: no namespace (not running)`
        : `${container} ${c.type}:[${c.inode}] — ${c.state === 'infra' ? 'the infra’s own, the one the others join' : c.state === 'shared' ? 'the same as the infra’s: shared by the Pod' : 'its own, not the infra’s'}`,
    legend: 'shared: the same namespace (inode) as the infra container POD. own: a namespace of the container’s own.',
    hostWide: 'user, time and often cgroup are the engine host’s own, so every container “shares” them, not only this Pod’s.',
    utsOwn: 'UTS is not shared: Docker cannot make a container join another container’s UTS namespace (it offers only “host”), so each container gets its own with a copy of the Pod’s hostname, and a hostname change in one is not seen by the others.',
    utsShared: 'UTS is shared here: with hostNetwork every container, the infra included, uses the host’s UTS namespace (and its hostname).',
  },
  zh: {
    caption: '每个容器的 Namespace，与 Infra 容器（POD）比较',
    container: '容器',
    infra: 'Infra',
    shared: '共享',
    own: '独立',
    absent: '—',
    showInodes: '显示 inode',
    cell: (c: MatrixCell, container: string) =>
      c.state === 'absent'
        ? `${container} ${c.type}：没有 Namespace（未运行）`
        : `${container} ${c.type}:[${c.inode}] — ${c.state === 'infra' ? 'Infra 容器自己的，其他容器加入的就是它' : c.state === 'shared' ? '与 Infra 容器相同：整个 Pod 共享' : '容器自己的，不是 Infra 容器的'}`,
    legend: '共享：与 Infra 容器 POD 是同一个 Namespace（inode 相同）。独立：容器自己的 Namespace。',
    hostWide: 'user、time（常常还有 cgroup）是引擎宿主机自己的，所以每个容器都“共享”它们，不只是这个 Pod 的容器。',
    utsOwn: 'UTS 没有共享：Docker 不能让一个容器加入另一个容器的 UTS Namespace（只支持 host），所以每个容器都有自己的 UTS Namespace，里面是 Pod 主机名的一份拷贝；在一个容器里修改 hostname，其他容器看不到。',
    utsShared: '这里 UTS 是共享的：使用 hostNetwork 时，每个容器（包括 Infra 容器）都使用宿主机的 UTS Namespace 和主机名。',
  },
});

function NamespaceMatrixView({ snapshot, hostNetwork }: { snapshot: PodSnapshot; snapshotKey: string; hostNetwork: boolean }) {
  const t = useStrings(strings);
  const rows = useMemo(() => namespaceMatrix(snapshot), [snapshot]);
  const uts = utsSharing(snapshot);
  const [inodes, setInodes] = useState(false);
  return (
    <div className="nsm" data-testid="namespace-matrix">
      <div className="nsm-scroll">
        <table>
          <caption className="visually-hidden">{t.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.container}</th>
              {NS_COLUMNS.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.container} data-container={r.container}>
                <th scope="row">
                  <code>{r.container}</code>
                </th>
                {r.cells.map((c) => {
                  const label = t.cell(c, r.container);
                  return (
                    <td key={c.type} className={`nsm-cell nsm-${c.state}`} title={label} data-ns={c.type} data-state={c.state}>
                      <span aria-hidden="true">{inodes && c.inode !== undefined ? c.inode : t[c.state]}</span>
                      <span className="visually-hidden">{label}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <label className="nsm-toggle">
        <input type="checkbox" checked={inodes} onChange={(e) => setInodes(e.target.checked)} /> {t.showInodes}
      </label>
      <p className="nsm-legend muted">
        {t.legend} {t.hostWide}
      </p>
      <p className="nsm-uts" data-testid="uts-note">
        {(uts === 'unknown' ? hostNetwork : uts === 'shared') ? t.utsShared : t.utsOwn}
      </p>
    </div>
  );
}

export const NamespaceMatrix = memo(NamespaceMatrixView, (a, b) => a.snapshotKey === b.snapshotKey && a.hostNetwork === b.hostNetwork);
