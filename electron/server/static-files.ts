// The built renderer (renderer/dist) over HTTP, with the page's CSP and the headers a local page
// that carries a secret in its URL wants: no referrer, no framing, no sniffing, no caching across
// builds. Only files that exist in the built folder are served: a URL path is looked up in the
// folder's listing (read at start, and again on a miss after a rebuild), never joined onto a path.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { CSP_HEADER } from '../contract/csp.js';
import { PodlabError } from '../engine/base/errors.js';

const TEXT = new Set(['html', 'js', 'css', 'map', 'json', 'svg']);
const TYPES: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css', map: 'application/json', json: 'application/json' };
Object.assign(TYPES, { svg: 'image/svg+xml', png: 'image/png', ico: 'image/x-icon', woff2: 'font/woff2' });

function typeOf(file: string): string {
  const ext = path.extname(file).slice(1).toLowerCase();
  const type = TYPES[ext] ?? 'application/octet-stream';
  return TEXT.has(ext) ? `${type}; charset=utf-8` : type;
}

/** Headers of every response, errors included. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP_HEADER,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Stops `serve` early, with the command that builds the page, when renderer/dist has no page. */
export function requireRenderer(dir: string): void {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new PodlabError('USAGE', `the browser page is not built: ${path.join(dir, 'index.html')} is missing`, {
      hint: 'run `npm run build:desktop` once (or `npm run serve`, which builds the page and starts the server)',
    });
  }
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}

export class StaticFiles {
  private files = new Map<string, string>();

  constructor(private readonly dir: string) {
    this.rescan();
  }

  /** GET/HEAD of a page file; `/` is index.html. `headers` come on top (the auth cookie). */
  async serve(method: string, pathname: string, res: ServerResponse, headers: Record<string, string> = {}): Promise<void> {
    if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    const key = pathname === '/' ? '/index.html' : pathname;
    if (!this.files.has(key)) this.rescan();
    const file = this.files.get(key);
    // Browsers ask for an icon the page does not name; "none" rather than a 404 in the console.
    if (file === undefined && key === '/favicon.ico') {
      res.writeHead(204, { ...PAGE_HEADERS, ...headers });
      return void res.end();
    }
    let body: Buffer;
    try {
      if (file === undefined) throw new Error('not listed');
      body = await readFile(file);
    } catch {
      return sendText(res, 404, 'not found', headers);
    }
    res.writeHead(200, { ...PAGE_HEADERS, 'content-type': typeOf(key), 'content-length': String(body.length), ...headers });
    res.end(method === 'HEAD' ? undefined : body);
  }

  private rescan(): void {
    const files = new Map<string, string>();
    const walk = (dir: string, prefix: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name), `${prefix}${e.name}/`);
        else if (e.isFile()) files.set(`${prefix}${e.name}`, path.join(dir, e.name));
      }
    };
    try {
      walk(this.dir, '/');
    } catch {
      // The folder is being rebuilt: serve nothing until it is back.
    }
    this.files = files;
  }
}
