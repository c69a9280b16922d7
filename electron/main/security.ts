// App-wide hardening beyond each window's webPreferences: every renderer sandboxed, no new windows
// (a web link of a lab or a terminal opens in the system's browser instead), no navigation off our
// own page, no <webview>, and no permission granted but writing the clipboard (a step's Copy).
import { app, session, shell, type WebContents } from 'electron';
import { isAppUrl, isWebLink } from './app-url.js';

function guard(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isWebLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Writing the clipboard is what a step's Copy button needs; nothing else is ever granted. */
const GRANTED = new Set(['clipboard-sanitized-write']);

/** Before the app is ready. */
export function hardenApp(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => guard(contents));
}

/** After ready: the default session serves our window; it asks for nothing. */
export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(GRANTED.has(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => GRANTED.has(permission));
}
