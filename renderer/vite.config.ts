// Builds the renderer into renderer/dist with relative asset URLs, so the same files load from
// podlab://app/ in Electron and from any path a browser-mode server puts them under.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'chrome140',
    sourcemap: true,
  },
});
