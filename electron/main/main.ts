// Electron's main process: thin wiring of the engine, the contract dispatcher, the event hub, IPC
// (calls, events, terminal ports) and one window. Logic that grows here belongs in the engine.
import path from 'node:path';
import { app, type BrowserWindow } from 'electron';
import { loadConfig } from '../engine/base/config.js';
import { doctor } from '../engine/doctor.js';
import { Engine } from '../engine/engine.js';
import { formatError } from '../engine/base/errors.js';
import type { Socket } from 'node:net';
import { serveContract } from '../contract/socket-server.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { createEngineProvider } from './engine-provider.js';
import { wireContractIpc } from './contract-ipc.js';
import { hardenApp, hardenSession } from './security.js';
import { createMainWindow } from './window.js';

/** Relative to the app root (the project in development, app.asar when packaged). */
const PRELOAD = 'dist/desktop/preload.cjs';
const RENDERER_DIR = 'renderer/dist';

type HeldSupervisor = { stop: () => Promise<void> } | null;

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

function start(): void {
  const config = loadConfig();
  let supervisor: Promise<HeldSupervisor> | null = null;
  const provider = createEngineProvider<Engine>({
    connect: () => Engine.connect(config),
    doctor: () => doctor(config),
    // null means another process (the CLI's daemon, another Podlab) already supervises: fine.
    onConnected: (engine) => {
      // The supervisor's socket serves the contract too: a `podlab` CLI of the same build then
      // runs its commands here, in the one process acting on Pods.
      const serve = (socket: Socket) => serveContract(socket, dispatch);
      supervisor = engine.startSupervisor({ log, serve }).catch((err: unknown): HeldSupervisor => {
        log(`supervisor did not start: ${formatError(err)}`);
        return null;
      });
    },
  });
  const { dispatch, hub } = wireContractIpc(provider, log);

  let win: BrowserWindow | null = null;

  const openWindow = () => {
    const w = createMainWindow(path.join(app.getAppPath(), PRELOAD));
    win = w;
    w.on('closed', () => {
      win = null;
    });
  };

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!win && app.isReady()) openWindow();
  });
  // The supervisor holds a lock and watches Docker events: release both before exiting. Closing
  // the engine ends its terminal sessions too.
  app.on('will-quit', (event) => {
    hub.close();
    const held = supervisor;
    if (!held) return;
    supervisor = null;
    event.preventDefault();
    void held
      .then((s) => s?.stop())
      .then(() => provider.engine().then((e) => e.close(), () => undefined))
      .catch((err: unknown) => log(`stopping the supervisor failed: ${formatError(err)}`))
      .finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    hardenSession();
    serveRenderer(path.join(app.getAppPath(), RENDERER_DIR));
    openWindow();
  });
}

// Both must happen before 'ready', so at module load, with no top-level await before them.
registerAppScheme();
hardenApp();
if (app.requestSingleInstanceLock()) start();
else app.quit();
