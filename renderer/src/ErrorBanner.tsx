// A failed request as the user needs it: what went wrong, where, and what to do next.
import type { ErrorLocation, PodlabErrorJSON } from '../../electron/contract/api.js';

function where(loc: ErrorLocation | undefined): string {
  if (!loc) return '';
  const pos = loc.line !== undefined ? `${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}` : '';
  return [loc.file && pos ? `${loc.file}:${pos}` : (loc.file ?? (pos && `line ${pos}`)), loc.field].filter(Boolean).join(' ');
}

export function ErrorBanner({ error, onDismiss }: { error: PodlabErrorJSON; onDismiss: () => void }) {
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
      <button type="button" className="banner-close" onClick={onDismiss} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
