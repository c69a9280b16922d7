// The window's own origin. The renderer is served from a privileged custom scheme rather than
// file://, so the page cannot read other local files and every response carries the CSP header.
export const APP_SCHEME = 'podlab';
export const APP_HOST = 'app';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for URLs of our own page (any path, query or hash under podlab://app/). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
