// Mapping podlab://app/… URLs to files of the built renderer. Pure, so the path-escape checks are
// unit-tested without Electron.
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-url.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file under rootDir a URL names, or null for another scheme/host or a path leaving rootDir. */
export function resolveAsset(rootDir: string, url: string): string | null {
  let parsed: URL;
  let rel: string;
  try {
    parsed = new URL(url);
    rel = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || rel.includes('\0')) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${rel === '/' ? '/index.html' : rel}`);
  return file.startsWith(root + path.sep) ? file : null;
}

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
