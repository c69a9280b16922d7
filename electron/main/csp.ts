// The window's Content-Security-Policy: defined with the contract (electron/contract/csp.ts), since
// the browser mode's server (electron/server) sends the very same header.
export { CSP_HEADER, CSP_META } from '../contract/csp.js';
