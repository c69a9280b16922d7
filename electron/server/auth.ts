// Who may reach `podlab serve`: every HTTP request and WebSocket upgrade is checked here before
// anything of the engine is touched — the token the server printed, the served Origin, the Host.
//
// How the page's own requests are authorized after the first load: the response to `/?token=…`
// sets the token as a cookie, HttpOnly (the page's scripts never read it), SameSite=Strict (no other
// site's request carries it) and named after the port (cookies are per host, not per port, so two
// servers do not overwrite each other's). Assets, a reload once the token has left the address bar,
// and the page's WebSockets then pass with the cookie; a script-made client passes `?token=`.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** `viaQuery`: the token came in the URL (the first load), so the response sets the cookie. */
export type Verdict = { ok: true; viaQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export class Gate {
  /** http://127.0.0.1:PORT — the only Origin a browser request may carry. */
  readonly origin: string;
  private readonly host: string;
  private readonly cookieName: string;

  constructor(
    port: number,
    /** 32 random bytes, base64url: the secret of the printed URL. */
    readonly token = randomBytes(32).toString('base64url'),
  ) {
    this.host = `127.0.0.1:${port}`;
    this.origin = `http://${this.host}`;
    this.cookieName = `podlab-${port}`;
  }

  /** The URL `podlab serve` prints: opening it loads the page and sets the cookie. */
  get url(): string {
    return `${this.origin}/?token=${this.token}`;
  }

  /** Set on responses that were let in by the token in the URL. */
  get setCookie(): string {
    return `${this.cookieName}=${this.token}; Path=/; HttpOnly; SameSite=Strict`;
  }

  /**
   * A browser always sends Origin on a WebSocket upgrade (and on cross-site fetches): a foreign one
   * is refused even with a valid cookie. A client with no Origin (a script, the tests) needs the
   * token all the same. The Host check stops DNS rebinding (evil.example resolving to 127.0.0.1).
   */
  check(req: IncomingMessage): Verdict {
    if (req.headers.host !== this.host) return { ok: false, status: 403, reason: `this server answers only as ${this.host}` };
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== this.origin) return { ok: false, status: 403, reason: `requests from ${origin} are not allowed` };
    const query = new URL(req.url ?? '/', this.origin).searchParams.get('token');
    if (query !== null) {
      return sameSecret(query, this.token) ? { ok: true, viaQuery: true } : { ok: false, status: 401, reason: 'wrong token' };
    }
    const cookie = cookieValue(req.headers.cookie, this.cookieName);
    if (cookie !== undefined && sameSecret(cookie, this.token)) return { ok: true, viaQuery: false };
    return { ok: false, status: 401, reason: 'no token: open the URL `podlab serve` printed (it ends with ?token=…)' };
  }
}
