// Where a problem is, as `file:line:column field` — the form errors take on every front door.
import type { ErrorLocation, PodlabErrorJSON } from '../../../electron/contract/api.js';

export function locationText(loc: ErrorLocation | undefined): string {
  if (!loc) return '';
  const pos = loc.line !== undefined ? `${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}` : '';
  return [loc.file && pos ? `${loc.file}:${pos}` : (loc.file ?? (pos && `line ${pos}`)), loc.field].filter(Boolean).join(' ');
}

export function errorWhere(error: PodlabErrorJSON): string {
  return locationText(error.location);
}
