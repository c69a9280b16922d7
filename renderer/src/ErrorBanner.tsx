// A failed request as the user needs it: what went wrong, where, and what to do next.
import type { PodlabErrorJSON } from '../../electron/contract/api.js';
import { defineStrings, useStrings } from './i18n/lang.js';
import { locationText as where } from './labs/error-where.js';

const strings = defineStrings({ en: { dismiss: 'Dismiss error' }, zh: { dismiss: '关闭错误提示' } });

export function ErrorBanner({ error, onDismiss }: { error: PodlabErrorJSON; onDismiss: () => void }) {
  const t = useStrings(strings);
  const at = where(error.location);
  return (
    <div className="banner" role="alert">
      <div className="banner-body">
        <p className="banner-message">
          {at && <span className="where">{at}: </span>}
          {error.message}
        </p>
        {error.details && error.details.length > 0 && (
          <ul className="banner-details">
            {error.details.map((d, i) => (
              <li key={i}>
                {where(d.location) && <span className="where">{where(d.location)}: </span>}
                {d.message}
                {d.hint && <span className="hint"> ({d.hint})</span>}
              </li>
            ))}
          </ul>
        )}
        {error.hint && <p className="hint">→ {error.hint}</p>}
      </div>
      <button type="button" className="banner-close" onClick={onDismiss} aria-label={t.dismiss}>
        ×
      </button>
    </div>
  );
}
