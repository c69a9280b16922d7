// The browser front door's server (`podlab serve`): HTTP on 127.0.0.1 only, for the built renderer,
// and WebSocket upgrades for the contract (`/api`) and terminal streams (`/terminal/<session id>`).
// Every request and upgrade passes the Gate (token, Origin, Host) before anything else runs.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDispatcher, type EngineApi, type EngineProvider } from '../contract/dispatch.js';
import { EventHub, type HubEngine } from '../contract/event-hub.js';
import { PodlabError } from '../engine/base/errors.js';
import { MAX_MESSAGE_BYTES, WS_API_PATH, WS_TERMINAL_PATH, type Hello } from '../contract/wire.js';
import { serveApiChannel } from './api-channel.js';
import { Gate } from './auth.js';
import { IdleReaper } from './idle-reaper.js';
import { sendText, StaticFiles } from './static-files.js';
import { serveTerminalChannel } from './terminal-channel.js';
import { CLOSE, closeSocket } from './ws-frames.js';

export interface ServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (renderer/dist). */
  rendererDir: string;
  /** The engine, connected on first use (the page's doctor explains when none answers). */
  provider: Omit<EngineProvider, 'engine'> & { engine(): Promise<EngineApi & HubEngine> };
  hello: Hello;
  /** How long a browser's terminal session lives with no viewer attached. */
  idleMs: number;
  log: (line: string) => void;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT/?token=… */
  url: string;
  port: number;
  /** Closes every socket (1001), the event producers and the listener; sessions stay with the engine. */
  close(): Promise<void>;
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new PodlabError('USAGE', `port ${port} on 127.0.0.1 is already in use`, { hint: 'pick another with --port N, or leave it out for a free one' })
          : err,
      ),
    );
    // 127.0.0.1 only: nothing on the network can reach the engine through this server.
    server.listen(port, '127.0.0.1', () => {
      server.removeAllListeners('error');
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** An upgrade refused before the WebSocket handshake: a plain HTTP answer, then the socket ends. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const files = new StaticFiles(opts.rendererDir);
  const dispatch = createDispatcher(opts.provider);
  const hub = new EventHub(() => opts.provider.engine(), { log: opts.log });
  const reaper = new IdleReaper(async (id) => (await opts.provider.engine()).terminalHost.close(id), opts.idleMs, opts.log);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // Handlers are attached once the port is known (the Gate needs the origin): right after listen,
  // before any connection can be read.
  const server = http.createServer();
  const port = await listen(server, opts.port);
  const gate = new Gate(port);

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const verdict = gate.check(req);
    if (!verdict.ok) return sendText(res, verdict.status, verdict.reason);
    const { pathname } = new URL(req.url ?? '/', gate.origin);
    if (pathname === WS_API_PATH || pathname.startsWith(WS_TERMINAL_PATH)) return sendText(res, 426, 'this path takes a WebSocket', { upgrade: 'websocket' });
    let file: string;
    try {
      file = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 400, 'bad path');
    }
    void files.serve(req.method ?? 'GET', file, res, verdict.viaQuery ? { 'set-cookie': gate.setCookie } : {});
  });

  const onSocket = (ws: WebSocket, pathname: string) => {
    ws.on('error', (err) => opts.log(`websocket ${pathname}: ${err.message}`));
    if (pathname === WS_API_PATH) {
      serveApiChannel(ws, {
        dispatch,
        hub,
        hello: opts.hello,
        onResult: (method, result) => {
          if (method === 'terminals.open') reaper.opened((result as { id: string }).id);
        },
      });
      return;
    }
    const id = pathname.slice(WS_TERMINAL_PATH.length);
    void serveTerminalChannel(ws, id, { engine: () => opts.provider.engine(), reaper });
  };

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const verdict = gate.check(req);
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason);
    const { pathname } = new URL(req.url ?? '/', gate.origin);
    if (pathname !== WS_API_PATH && !pathname.startsWith(WS_TERMINAL_PATH)) return refuseUpgrade(socket, 404, `no WebSocket at ${pathname}`);
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, pathname));
  });

  return {
    url: gate.url,
    port,
    close: async () => {
      reaper.dispose();
      hub.close();
      const closed = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            closeSocket(ws, CLOSE.goingAway, 'podlab serve is stopping');
            // A page that never answers the close frame is cut off.
            setTimeout(() => ws.terminate(), 2000).unref();
          }),
      );
      await Promise.all(closed);
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
