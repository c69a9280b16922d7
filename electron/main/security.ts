// App-wide hardening beyond each window's webPreferences: every renderer sandboxed, no new windows,
// no navigation off our own page, no <webview>, and no permission (camera, notifications…) granted.
import { app, session, type WebContents } from 'electron';
import { isAppUrl } from './app-url.js';

function guard(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Before the app is ready. */
export function hardenApp(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => guard(contents));
}

/** After ready: the default session serves our window; it asks for nothing. */
export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
