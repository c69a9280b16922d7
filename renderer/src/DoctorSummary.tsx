// The engine Podlab reaches, what it is, whether the pause and toolbox images are there, and the
// doctor's problems with their next steps — the same report as `podlab doctor`.
import type { DoctorProblem, DoctorReport } from '../../electron/contract/api.js';

const SEVERITY_LABEL: Record<DoctorProblem['severity'], string> = { error: 'Error', warning: 'Warning', info: 'Note' };

interface Props {
  /** The last report; kept on screen while a new check runs. */
  report: DoctorReport | null;
  checking: boolean;
  onRecheck: () => void;
}

export function DoctorSummary({ report, checking, onRecheck }: Props) {
  return (
    <section className="panel" aria-labelledby="doctor-title">
      <div className="panel-header">
        <h2 id="doctor-title">Docker engine</h2>
        <button type="button" onClick={onRecheck} disabled={checking}>
          {checking ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {!report ? (
        <p className="muted">{checking ? 'Checking the engine…' : 'The check did not finish (see the error above).'}</p>
      ) : (
        <>
          <dl className="facts">
            <div className="fact-row">
              <dt>Endpoint</dt>
              <dd>
                {report.endpoint ? (
                  <>
                    <code>{report.endpoint.url}</code>
                    {report.endpointSource && <span className="muted"> ({report.endpointSource})</span>}
                  </>
                ) : (
                  'unresolved'
                )}
              </dd>
            </div>
            <div className="fact-row">
              <dt>Engine</dt>
              <dd>
                {report.engine
                  ? `${report.engine.platformName ?? 'Docker Engine'} ${report.engine.serverVersion}, API ${report.engine.apiVersion}`
                  : 'not reachable'}
              </dd>
            </div>
            {report.images.map((img) => (
              <div key={img.role} className="fact-row">
                <dt>{img.role === 'pause' ? 'Pause image' : 'Toolbox image'}</dt>
                <dd>
                  <code>{img.ref}</code> <span className={img.present ? 'ok' : 'bad'}>{img.present ? 'present' : 'missing'}</span>
                </dd>
              </div>
            ))}
          </dl>
          {report.problems.length === 0 ? (
            <p className="ok">No problems found.</p>
          ) : (
            <ul className="problems">
              {report.problems.map((p, i) => (
                <li key={i} className={`problem ${p.severity}`}>
                  <strong>{SEVERITY_LABEL[p.severity]}:</strong> {p.message}
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
