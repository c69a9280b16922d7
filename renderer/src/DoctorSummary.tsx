// The engine Podlab reaches, what it is, whether the pause and toolbox images are there, and the
// doctor's problems with their next steps — the same report as `podlab doctor`.
import type { DoctorReport } from '../../electron/contract/api.js';
import { defineStrings, useStrings } from './i18n/lang.js';

const strings = defineStrings({
  en: {
    severity: { error: 'Error', warning: 'Warning', info: 'Note' },
    title: 'Docker engine',
    checking: 'Checking…',
    check: 'Check again',
    checkingEngine: 'Checking the engine…',
    unfinished: 'The check did not finish (see the error above).',
    endpoint: 'Endpoint',
    unresolved: 'unresolved',
    engine: 'Engine',
    unreachable: 'not reachable',
    pause: 'Pause image',
    toolbox: 'Toolbox image',
    present: 'present',
    missing: 'missing',
    fine: 'No problems found.',
  },
  zh: {
    severity: { error: '错误', warning: '警告', info: '提示' },
    title: 'Docker 引擎',
    checking: '正在检查…',
    check: '重新检查',
    checkingEngine: '正在检查引擎…',
    unfinished: '检查没有完成（见上面的错误）。',
    endpoint: '地址',
    unresolved: '未确定',
    engine: '引擎',
    unreachable: '无法连接',
    pause: 'Pause 镜像',
    toolbox: '工具箱镜像',
    present: '已就绪',
    missing: '缺失',
    fine: '没有发现问题。',
  },
});

interface Props {
  /** The last report; kept on screen while a new check runs. */
  report: DoctorReport | null;
  checking: boolean;
  onRecheck: () => void;
}

export function DoctorSummary({ report, checking, onRecheck }: Props) {
  const t = useStrings(strings);
  return (
    <section className="panel" aria-labelledby="doctor-title">
      <div className="panel-header">
        <h2 id="doctor-title">{t.title}</h2>
        <button type="button" onClick={onRecheck} disabled={checking}>
          {checking ? t.checking : t.check}
        </button>
      </div>
      {!report ? (
        <p className="muted">{checking ? t.checkingEngine : t.unfinished}</p>
      ) : (
        <>
          <dl className="facts">
            <div className="fact-row">
              <dt>{t.endpoint}</dt>
              <dd>
                {report.endpoint ? (
                  <>
                    <code>{report.endpoint.url}</code>
                    {report.endpointSource && <span className="muted"> ({report.endpointSource})</span>}
                  </>
                ) : (
                  t.unresolved
                )}
              </dd>
            </div>
            <div className="fact-row">
              <dt>{t.engine}</dt>
              <dd>
                {report.engine
                  ? `${report.engine.platformName ?? 'Docker Engine'} ${report.engine.serverVersion}, API ${report.engine.apiVersion}`
                  : t.unreachable}
              </dd>
            </div>
            {report.images.map((img) => (
              <div key={img.role} className="fact-row">
                <dt>{img.role === 'pause' ? t.pause : t.toolbox}</dt>
                <dd>
                  <code>{img.ref}</code> <span className={img.present ? 'ok' : 'bad'}>{img.present ? t.present : t.missing}</span>
                </dd>
              </div>
            ))}
          </dl>
          {report.problems.length === 0 ? (
            <p className="ok">{t.fine}</p>
          ) : (
            <ul className="problems">
              {report.problems.map((p, i) => (
                <li key={i} className={`problem ${p.severity}`}>
                  <strong>{t.severity[p.severity]}:</strong> {p.message}
                  {p.hint && <div className="hint">→ {p.hint}</div>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
