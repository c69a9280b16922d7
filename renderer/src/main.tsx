// Renderer entry: picks the transport for where the page runs (the desktop window or a browser on
// `podlab serve`) and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import type { Transport } from './transport.js';
import { electronTransport } from './transport-electron.js';
import { wsTransport } from './transport-ws.js';
import './styles.css';

/** The one place that knows where the page runs: Electron's preload bridge, else `podlab serve`. */
function pickTransport(): Transport {
  if (window.podlab) return electronTransport(window.podlab);
  return wsTransport(window);
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');
const transport = pickTransport();

createRoot(container).render(
  <StrictMode>
    <App transport={transport} />
  </StrictMode>,
);
