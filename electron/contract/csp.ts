// The page's Content-Security-Policy, the same from every front door that serves the renderer: the
// desktop app's podlab:// protocol (electron/main) and the browser mode's HTTP server
// (electron/server) send it as a header, and renderer/index.html repeats it in its meta tag (a unit
// test keeps the two equal). Only the page's own scripts, no inline script, no network except the
// page's own origin — `connect-src 'self'` also covers the browser mode's WebSocket to the same
// host and port (CSP Level 3, as Chromium implements it).
//
// Styles: stylesheets only from the page itself, except what xterm.js (the terminals) makes at run
// time and cannot be given a hash or nonce, since its content changes with size and colours:
//   style-src-elem 'unsafe-inline'  the <style> elements xterm 6 appends: its viewport's scrollbar
//                                   colours (always) and the DOM renderer's cell size and palette;
//   style-src-attr 'unsafe-inline'  the DOM renderer (used where WebGL is unavailable) writes 24-bit
//                                   colours as style attributes.
// Inline scripts stay refused, and injected CSS could not fetch anything (default-src 'none',
// img-src and font-src 'self'), so this opens no way out of the page.
const DIRECTIVES: [string, ...string[]][] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['style-src-elem', "'self'", "'unsafe-inline'"],
  ['style-src-attr', "'unsafe-inline'"],
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
