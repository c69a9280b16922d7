// A stand-in for the `electron` module (its binary cannot be installed here): ipcMain and the pages'
// ipcRenderer joined in process with structured cloning like Electron's, pages (a webContents, its
// top frame, a window) the tests make, MessageChannelMain over Node's MessageChannel, and a
// contextBridge that records what the preload exposes. Tests load it with vi.mock('electron').
import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Main's end of a channel: Node-style events, messages queued until start(), as in Electron. */
export class MessagePortMain extends EventEmitter {
  private started = false;

  constructor(readonly raw: MessagePort) {
    super();
    raw.on('close', () => this.emit('close'));
  }

  postMessage(message: unknown): void {
    this.raw.postMessage(message);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.raw.on('message', (data: unknown) => this.emit('message', { data, ports: [] }));
  }

  close(): void {
    this.raw.close();
  }
}

export class MessageChannelMain {
  readonly port1: MessagePortMain;
  readonly port2: MessagePortMain;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port1 = new MessagePortMain(port1);
    this.port2 = new MessagePortMain(port2);
  }
}

/** What the page's window gets: `message` events with a source, data and transferred ports. */
export interface WindowMessage {
  source: unknown;
  data: unknown;
  ports: MessagePort[];
}

/** The page's window, as far as the preload (postMessage) and the renderer (listeners) use it. */
export class FakeWindow {
  private readonly listeners = new Set<(event: WindowMessage) => void>();

  postMessage(message: unknown, targetOrigin: string, transfer: MessagePort[] = []): void {
    if (targetOrigin !== '/') throw new Error(`the stand-in expects targetOrigin '/', got ${targetOrigin}`);
    const event = { source: this, data: structuredClone(message), ports: transfer };
    queueMicrotask(() => {
      for (const l of [...this.listeners]) l(event);
    });
  }

  addEventListener(_type: 'message', listener: (event: WindowMessage) => void): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: (event: WindowMessage) => void): void {
    this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

const mainHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
const mainEmitter = new EventEmitter();

export const ipcMain = {
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    // Electron throws on a second handler for one channel: so does the stand-in.
    if (mainHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    mainHandlers.set(channel, handler);
  },
  on(channel: string, listener: Listener): void {
    mainEmitter.on(channel, listener);
  },
};

let nextContentsId = 1;

/** One window's page: its webContents (what main sees), top frame, renderer-side IPC and window. */
export class FakePage {
  readonly contents: FakeWebContents;
  readonly frame: { url: string; parent: object | null };
  readonly window = new FakeWindow();
  /** Everything main sent this page with webContents.send: [channel, ...args]. */
  readonly sent: unknown[][] = [];
  private readonly rendererEmitter = new EventEmitter();

  constructor(url = 'podlab://app/index.html', opts: { iframe?: boolean } = {}) {
    this.frame = { url, parent: opts.iframe ? {} : null };
    this.contents = new FakeWebContents(this);
  }

  private event(): { sender: FakeWebContents; senderFrame: FakePage['frame']; ports: never[] } {
    return { sender: this.contents, senderFrame: this.frame, ports: [] };
  }

  /** The page's ipcRenderer, as the preload gets it. */
  readonly ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]): Promise<unknown> => {
      const handler = mainHandlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await handler(this.event(), ...structuredClone(args)));
    },
    send: (channel: string, ...args: unknown[]): void => {
      mainEmitter.emit(channel, this.event(), ...structuredClone(args));
    },
    on: (channel: string, listener: Listener): void => {
      this.rendererEmitter.on(channel, listener);
    },
    removeListener: (channel: string, listener: Listener): void => {
      this.rendererEmitter.removeListener(channel, listener);
    },
  };

  /** main → page (webContents.send / postMessage). */
  deliver(channel: string, args: unknown[], ports: MessagePort[] = []): void {
    this.sent.push([channel, ...args]);
    this.rendererEmitter.emit(channel, { ports }, ...structuredClone(args));
  }

  /** What main sent on one channel, without the channel name. */
  sentOn(channel: string): unknown[][] {
    return this.sent.filter((m) => m[0] === channel).map((m) => m.slice(1));
  }

  /** A main-frame navigation (a reload): Electron emits did-navigate on the webContents. */
  navigate(): void {
    this.contents.emit('did-navigate', {}, this.frame.url, -1, '');
  }

  destroy(): void {
    this.contents.destroyed = true;
    this.contents.emit('destroyed');
  }
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  destroyed = false;

  constructor(private readonly page: FakePage) {
    super();
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.page.deliver(channel, args);
  }

  postMessage(channel: string, message: unknown, transfer: MessagePortMain[] = []): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.page.deliver(channel, [message], transfer.map((p) => p.raw));
  }
}

/** The page the module-level ipcRenderer (the preload's) belongs to; set before loading the preload. */
let preloadPage: FakePage | null = null;

export function usePreloadPage(page: FakePage): void {
  preloadPage = page;
  (globalThis as { window?: unknown }).window = page.window;
}

function currentPage(): FakePage {
  if (!preloadPage) throw new Error('call usePreloadPage(page) before loading the preload');
  return preloadPage;
}

export const ipcRenderer = {
  invoke: (channel: string, ...args: unknown[]) => currentPage().ipcRenderer.invoke(channel, ...args),
  send: (channel: string, ...args: unknown[]) => currentPage().ipcRenderer.send(channel, ...args),
  on: (channel: string, listener: Listener) => currentPage().ipcRenderer.on(channel, listener),
  removeListener: (channel: string, listener: Listener) => currentPage().ipcRenderer.removeListener(channel, listener),
};

/** Every exposeInMainWorld call: [key, api]. */
export const exposed: [string, unknown][] = [];

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    exposed.push([key, api]);
  },
};

/** Forgets every handler, listener and exposed API (between tests: main registers its handlers again). */
export function resetElectron(): void {
  mainHandlers.clear();
  mainEmitter.removeAllListeners();
  exposed.length = 0;
  preloadPage = null;
}
