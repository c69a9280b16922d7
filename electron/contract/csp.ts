// The page's Content-Security-Policy, the same from every front door that serves the renderer: the
// desktop app's podlab:// protocol (electron/main) and the browser mode's HTTP server
// (electron/server) send it as a header, and renderer/index.html repeats it in its meta tag (a unit
// test keeps the two equal). Only the page's own scripts and styles, no inline code, no network
// except the page's own origin — `connect-src 'self'` also covers the browser mode's WebSocket to
// the same host and port (CSP Level 3, as Chromium implements it).
const DIRECTIVES: [string, ...string[]][] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self'", 'data:'],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['object-src', "'none'"],
];

/** The policy as index.html's <meta http-equiv> carries it. */
export const CSP_META = DIRECTIVES.map((d) => d.join(' ')).join('; ');

/** frame-ancestors only works in a header, so the header adds it. */
export const CSP_HEADER = `${CSP_META}; frame-ancestors 'none'`;
