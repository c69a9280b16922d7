// A real `podlab serve --port 0` for the protocol and page tests: the bundled CLI in a child process
// with its own state directory, its URL parsed from the first stdout line, and `ws` clients of its
// two channels — the API (calls, progress, events) and a terminal viewer that keeps the raw bytes.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { AckCounter } from '../../electron/engine/terminals/flow.js';
import type { HostMessage } from '../../electron/contract/terminal-stream.js';
import type { Hello, ServerMessage } from '../../electron/contract/wire.js';
import { visibleText } from './terminal-text.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'bin', 'podlab.js');

export interface Serve {
  url: string;
  /** http://127.0.0.1:PORT: the Origin a browser on the page sends. */
  origin: string;
  port: number;
  token: string;
  pid: number;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  /** ws://127.0.0.1:PORT<pathname>?token=… */
  wsUrl(pathname: string): string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Removes the state directory (after stop). */
  remove(): void;
}

export async function startServe(name: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Serve> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), `podlab-${name}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, PODLAB_STATE_DIR: stateDir, ...extraEnv };
  delete env.PODLAB_NO_SUPERVISOR;
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    void exited.then((code) => reject(new Error(`podlab serve exited (${code}) before printing its URL:\n${err}`)));
  });
  const url = new URL(first);
  return {
    url: first,
    origin: url.origin,
    port: Number(url.port),
    token: url.searchParams.get('token') ?? '',
    pid: child.pid as number,
    stateDir,
    env,
    wsUrl: (pathname) => `ws://${url.host}${pathname}?token=${encodeURIComponent(url.searchParams.get('token') ?? '')}`,
    stderr: () => err,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    remove: () => rmSync(stateDir, { recursive: true, force: true }),
  };
}

/** How a socket ended: the close code and reason, or the HTTP status of a refused upgrade. */
/** A `podlab` command against this serve (its state directory, so its supervisor): stdout, or a rejection with stderr. */
export function podlabOf(serve: Pick<Serve, 'env'>, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { env: serve.env, timeout: 120_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
  });
}

export interface Ended {
  code?: number;
  reason?: string;
  status?: number;
  body?: string;
}

export function ended(ws: WebSocket): Promise<Ended> {
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

export function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

export async function until<T>(what: string, f: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The `/api` channel: calls with progress, and every event kept in order. */
export class ApiClient {
  readonly events: Extract<ServerMessage, { event: string }>[] = [];
  hello: Hello | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; progress: unknown[] }>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as ServerMessage;
      if ('hello' in msg) this.hello = msg.hello;
      else if ('event' in msg) this.events.push(msg);
      else if ('progress' in msg) this.pending.get(msg.id)?.progress.push(msg.progress);
      else {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.reply.ok) p?.resolve(msg.reply.result);
        else p?.reject(new Error(`${msg.reply.error.code}: ${msg.reply.error.message}`));
      }
    });
  }

  static async connect(serve: Serve): Promise<ApiClient> {
    const ws = new WebSocket(serve.wsUrl('/api'), { origin: serve.origin });
    const client = new ApiClient(ws);
    await opened(ws);
    await until('hello', () => client.hello, 10_000);
    return client;
  }

  /** A call whose id is known (to cancel it) and whose progress is collected as it comes. */
  begin<T>(method: string, params: unknown = {}): { id: number; progress: unknown[]; result: Promise<T> } {
    const id = this.nextId++;
    const progress: unknown[] = [];
    const result = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
    return { id, progress, result };
  }

  call<T>(method: string, params: unknown = {}): Promise<T> {
    return this.begin<T>(method, params).result;
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  close(): void {
    this.ws.close();
  }
}

const KEEP_BYTES = 1024 * 1024;

/** A terminal viewer over `/terminal/<id>`: raw output bytes kept whole, acks like xterm's write callback unless held. */
export class TerminalClient {
  readonly control: HostMessage[] = [];
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  received = 0;
  acked = 0;
  /** While true the viewer acknowledges nothing (a stalled view). */
  holdAcks = false;
  private held = 0;
  private readonly acks: AckCounter;

  private constructor(readonly ws: WebSocket) {
    this.acks = new AckCounter((n) => {
      this.acked += n;
      ws.send(JSON.stringify({ type: 'ack', bytes: n }));
    });
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return void this.control.push(JSON.parse(data.toString('utf8')) as HostMessage);
      this.chunks.push(data);
      this.kept += data.length;
      // A flood is 20 MB: keep the last MiB or so, enough for any marker the tests look for.
      while (this.kept - (this.chunks[0]?.length ?? 0) > KEEP_BYTES) this.kept -= this.chunks.shift()?.length ?? 0;
      this.received += data.length;
      if (this.holdAcks) this.held += data.length;
      else this.acks.processed(data.length);
    });
  }

  static async attach(serve: Serve, id: string): Promise<TerminalClient> {
    const ws = new WebSocket(serve.wsUrl(`/terminal/${id}`), { origin: serve.origin });
    const t = new TerminalClient(ws);
    await opened(ws);
    await until('attached', () => t.control.find((m) => m.type === 'attached'), 10_000);
    return t;
  }

  get replay(): string {
    const m = this.control.find((x) => x.type === 'attached');
    return m?.type === 'attached' ? m.replay : '';
  }

  /** What was received (the last MiB of a flood), decoded as a whole, never per chunk; escape sequences removed. */
  text(): string {
    return visibleText(new TextDecoder().decode(Buffer.concat(this.chunks)));
  }

  async waitText(re: RegExp, what: string, timeoutMs = 20_000): Promise<void> {
    await until(what, () => re.test(this.text()), timeoutMs).catch((err: Error) => {
      throw new Error(`${err.message}; output ends:\n${this.text().slice(-600)}`);
    });
  }

  input(data: string | Uint8Array): void {
    this.ws.send(typeof data === 'string' ? Buffer.from(data) : data, { binary: true });
  }

  json(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  releaseAcks(): void {
    this.holdAcks = false;
    const n = this.held;
    this.held = 0;
    this.acks.processed(n);
  }

  close(): void {
    this.ws.close();
  }
}
