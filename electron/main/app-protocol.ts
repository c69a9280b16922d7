// Serves the built renderer on podlab://app/ with the CSP header on every response. Only files
// under the renderer's dist directory can be reached; everything else is a 404.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from './app-url.js';
import { contentType, resolveAsset } from './assets.js';
import { CSP_HEADER } from './csp.js';

/** Must run before the app is ready: a standard, secure scheme gets a real origin for 'self'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CSP_HEADER } });
}

/** After ready. rootDir is the vite output (inside app.asar when packaged; fs reads it there). */
export function serveRenderer(rootDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const file = resolveAsset(rootDir, request.url);
    if (!file) return plain(404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return plain(404, 'not found');
    }
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': contentType(file),
        'content-security-policy': CSP_HEADER,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  });
}
