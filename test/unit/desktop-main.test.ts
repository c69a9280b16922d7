// The Electron main process's pure parts: the CSP the page gets both ways, which URLs map to which
// renderer files, the change poller behind `pods.changed`, and the lazy engine connection.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../../electron/contract/dispatch.js';
import type { DoctorReport } from '../../electron/engine/doctor.js';
import { PodlabError } from '../../electron/engine/base/errors.js';
import { APP_ENTRY_URL, isAppUrl, isWebLink } from '../../electron/main/app-url.js';
import { contentType, resolveAsset } from '../../electron/main/assets.js';
import { CSP_HEADER, CSP_META } from '../../electron/main/csp.js';
import { createEngineProvider } from '../../electron/main/engine-provider.js';
import { pollChanges } from '../../electron/contract/poll-changes.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('links that leave the app', () => {
  it('opens only http(s) pages in the system browser', () => {
    expect(isWebLink('https://kubernetes.io/docs/concepts/workloads/pods/')).toBe(true);
    expect(isWebLink('http://127.0.0.1:8080/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'podlab://app/index.html', 'smb://host/share', 'not a url']) expect(isWebLink(url)).toBe(false);
  });
});

describe('content security policy', () => {
  it("index.html's meta tag carries exactly CSP_META", () => {
    const html = readFileSync(path.join(ROOT, 'renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(CSP_META);
  });

  it('allows only our own scripts, stylesheets from the page, and no framing in the header', () => {
    const directives = new Map(CSP_META.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives.get('default-src')).toBe("default-src 'none'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('style-src')).toBe("style-src 'self'");
    // Only xterm's run-time <style> elements and colour attributes are inline; no script ever is.
    expect(directives.get('style-src-elem')).toBe("style-src-elem 'self' 'unsafe-inline'");
    expect(directives.get('style-src-attr')).toBe("style-src-attr 'unsafe-inline'");
    expect([...directives.keys()].filter((k) => directives.get(k)?.includes('unsafe'))).toEqual(['style-src-elem', 'style-src-attr']);
    expect(CSP_HEADER).toBe(`${CSP_META}; frame-ancestors 'none'`);
  });
});

describe('app URLs and renderer assets', () => {
  const dist = path.resolve('/srv/podlab/renderer/dist');

  it('the entry URL is ours; other schemes and hosts are not', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('podlab://app/index.html#/pods')).toBe(true);
    expect(isAppUrl('podlab://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///srv/podlab/renderer/dist/index.html')).toBe(false);
    expect(isAppUrl('https://app/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('maps URLs under podlab://app/ to files under the dist directory', () => {
    expect(resolveAsset(dist, 'podlab://app/')).toBe(path.join(dist, 'index.html'));
    expect(resolveAsset(dist, APP_ENTRY_URL)).toBe(path.join(dist, 'index.html'));
    expect(resolveAsset(dist, 'podlab://app/assets/index-1.js?x=1#y')).toBe(path.join(dist, 'assets', 'index-1.js'));
    expect(resolveAsset(dist, 'podlab://app/a%20b.css')).toBe(path.join(dist, 'a b.css'));
  });

  it.each([
    // The URL parser already folds dot segments (plain or %2e-encoded) into the root.
    ['podlab://app/../../etc/passwd', path.join(dist, 'etc', 'passwd')],
    ['podlab://app/%2e%2e/%2e%2e/etc/passwd', path.join(dist, 'etc', 'passwd')],
    // Encoded slashes only become separators after decoding: that escape is refused.
    ['podlab://app/..%2F..%2F..%2Fetc%2Fpasswd', null],
    ['podlab://app/..%2Fdist-secrets%2Fkey', null],
    ['podlab://app/index.html%00.png', null],
    ['podlab://app/%E0%A4%A', null],
    ['podlab://other/index.html', null],
    ['file:///etc/passwd', null],
  ])('%s → %s', (url, expected) => {
    expect(resolveAsset(dist, url)).toBe(expected);
  });

  it('serves known types with their MIME type and the rest as octet-stream', () => {
    expect(contentType('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentType('/x/a.exe')).toBe('application/octet-stream');
  });
});

describe('pollChanges', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A read whose answers the test sets, one per call. */
  function scripted<T>(answers: (() => T)[]) {
    let i = 0;
    return vi.fn(async () => {
      const answer = answers[Math.min(i++, answers.length - 1)] as () => T;
      return answer();
    });
  }

  it('reports the first value and then only changes', async () => {
    vi.useFakeTimers();
    const read = scripted([() => ['a'], () => ['a'], () => ['a', 'b'], () => ['a', 'b'], () => []]);
    const seen: string[][] = [];
    const poller = pollChanges(read, (v) => seen.push(v), { intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([['a']]);
    await vi.advanceTimersByTimeAsync(4000);
    expect(read).toHaveBeenCalledTimes(5);
    expect(seen).toEqual([['a'], ['a', 'b'], []]);
    poller.stop();
  });

  it('after a failed read, the next good value is reported even if unchanged', async () => {
    vi.useFakeTimers();
    const boom = new PodlabError('ENGINE_UNREACHABLE', 'gone');
    const read = scripted<string[]>([
      () => ['a'],
      () => {
        throw boom;
      },
      () => ['a'],
    ]);
    const seen: string[][] = [];
    const errors: unknown[] = [];
    const poller = pollChanges(read, (v) => seen.push(v), { intervalMs: 1000, onError: (e) => errors.push(e) });
    await vi.advanceTimersByTimeAsync(2000);
    expect(errors).toEqual([boom]);
    expect(seen).toEqual([['a'], ['a']]);
    poller.stop();
  });

  it('never starts a read while one is pending, and stops reading after stop()', async () => {
    vi.useFakeTimers();
    let release: (v: number) => void = () => undefined;
    const read = vi.fn(() => new Promise<number>((resolve) => (release = resolve)));
    const seen: number[] = [];
    const poller = pollChanges(read, (v) => seen.push(v), { intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(read).toHaveBeenCalledTimes(1);
    release(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([1]);
    expect(read).toHaveBeenCalledTimes(2);
    poller.stop();
    release(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(read).toHaveBeenCalledTimes(2);
    expect(seen).toEqual([1]);
  });
});

describe('createEngineProvider', () => {
  const report = { ok: false } as DoctorReport;
  const engine = { list: vi.fn() } as unknown as EngineApi;

  it('connects once, shares the connection, and calls onConnected once', async () => {
    const connect = vi.fn(async () => engine);
    const onConnected = vi.fn();
    const provider = createEngineProvider({ connect, doctor: async () => report, onConnected });
    const [a, b] = await Promise.all([provider.engine(), provider.engine()]);
    expect(await provider.engine()).toBe(a);
    expect(b).toBe(engine);
    expect(connect).toHaveBeenCalledOnce();
    expect(onConnected).toHaveBeenCalledExactlyOnceWith(engine);
  });

  it('retries after a failed connection, so starting Docker later is enough', async () => {
    const unreachable = new PodlabError('ENGINE_UNREACHABLE', 'no engine');
    const connect = vi.fn().mockRejectedValueOnce(unreachable).mockResolvedValueOnce(engine);
    const onConnected = vi.fn();
    const provider = createEngineProvider({ connect, doctor: async () => report, onConnected });
    await expect(provider.engine()).rejects.toBe(unreachable);
    expect(onConnected).not.toHaveBeenCalled();
    expect(await provider.engine()).toBe(engine);
    expect(connect).toHaveBeenCalledTimes(2);
    expect(onConnected).toHaveBeenCalledOnce();
  });

  it('doctor runs without connecting', async () => {
    const connect = vi.fn(async () => engine);
    const provider = createEngineProvider({ connect, doctor: async () => report });
    expect(await provider.doctor()).toBe(report);
    expect(connect).not.toHaveBeenCalled();
  });
});
