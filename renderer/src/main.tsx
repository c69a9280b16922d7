// Renderer entry: picks the transport for where the page runs and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import type { Transport } from './transport.js';
import { electronTransport } from './transport-electron.js';
import './styles.css';

function pickTransport(): Transport | null {
  if (window.podlab) return electronTransport(window.podlab);
  // Browser mode: return the WebSocket implementation of Transport here.
  return null;
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');
const transport = pickTransport();

createRoot(container).render(
  <StrictMode>
    {transport ? (
      <App transport={transport} />
    ) : (
      <main className="app">
        <p className="banner" role="alert">
          This page needs the Podlab app: no connection to a Podlab engine is available here.
        </p>
      </main>
    )}
  </StrictMode>,
);
