// The window's Content-Security-Policy: only the app's own scripts and styles, no inline code, no
// network except the app's own origin. Sent as a header by the podlab:// protocol and repeated in
// renderer/index.html's meta tag (a unit test keeps the two equal), so the page is protected even
// when served some other way later (the browser mode).
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
