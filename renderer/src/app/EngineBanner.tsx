// The engine's state above every page: when the Docker engine does not answer, what to do (from
// the doctor); the window keeps reading and says so when the engine is back — no reload needed.
import { useEffect, useState } from 'react';
import type { EngineHealth } from '../../../electron/contract/api.js';
import { defineStrings, useStrings } from '../i18n/lang.js';
import { asErrorJSON } from '../transport.js';
import { useTransport } from './transport-context.js';

const strings = defineStrings({
  en: {
    down: 'The Docker engine does not answer.',
    retrying: 'Podlab keeps trying and carries on by itself once the engine is back.',
    back: 'The Docker engine is back.',
    check: 'Check again',
    checking: 'Checking…',
    problems: 'What the check found',
  },
  zh: {
    down: 'Docker 引擎没有响应。',
    retrying: 'Podlab 会一直重试，引擎恢复后会自动继续。',
    back: 'Docker 引擎已恢复。',
    check: '重新检查',
    checking: '正在检查…',
    problems: '检查结果',
  },
});

/** How long "the engine is back" stays up. */
const BACK_NOTICE_MS = 4000;

export function EngineBanner() {
  const t = useStrings(strings);
  const transport = useTransport();
  const [health, setHealth] = useState<EngineHealth | undefined>(undefined);
  /** What the last doctor run found (its problems, or why it could not run). */
  const [found, setFound] = useState<{ message: string; hint?: string | undefined }[] | null>(null);
  const [checking, setChecking] = useState(false);
  const [backNotice, setBackNotice] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasDown = false;
    const off = transport.on('engine.changed', (next) => {
      setHealth(next);
      if (!next.connected) {
        wasDown = true;
        return;
      }
      setFound(null);
      if (!wasDown) return;
      wasDown = false;
      setBackNotice(true);
      clearTimeout(timer);
      timer = setTimeout(() => setBackNotice(false), BACK_NOTICE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [transport]);

  const check = () => {
    setChecking(true);
    transport
      .invoke('doctor')
      .then(
        (report) => setFound(report.problems.length || !report.error ? report.problems : [report.error]),
        (err: unknown) => setFound([asErrorJSON(err)]),
      )
      .finally(() => setChecking(false));
  };

  if (health && !health.connected) {
    const error = health.error;
    return (
      <div className="banner engine-banner" role="alert" data-testid="engine-banner">
        <div className="banner-body">
          <p className="banner-message">
            <strong>{t.down}</strong> {error?.message}
          </p>
          {error?.hint && <p className="hint">→ {error.hint}</p>}
          <p className="muted">{t.retrying}</p>
          {found && found.length > 0 && (
            <ul className="banner-details" aria-label={t.problems}>
              {found.map((p, i) => (
                <li key={i}>
                  {p.message}
                  {p.hint && <span className="hint"> → {p.hint}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
        <button type="button" onClick={check} disabled={checking}>
          {checking ? t.checking : t.check}
        </button>
      </div>
    );
  }
  if (backNotice) {
    return (
      <div className="notice engine-back" role="status">
        {t.back}
      </div>
    );
  }
  return null;
}
