// The window's own origin. The renderer is served from a privileged custom scheme rather than
// file://, so the page cannot read other local files and every response carries the CSP header;
// plain web links (a lab's, a terminal's) are the only URLs allowed out, to the system browser.
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

/** Only plain web pages leave the app, to the system's browser; never file:, javascript: or custom schemes. */
export function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
