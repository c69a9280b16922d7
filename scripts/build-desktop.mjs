// Builds what `tsc -p tsconfig.json` does not: the sandboxed preload (one CommonJS bundle) and the
// renderer (vite). Run after `npm run build`; the main process is tsc's dist/electron/main/main.js.
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = path.resolve(import.meta.dirname, '..');

await esbuild({
  entryPoints: [path.join(root, 'electron/preload/preload.ts')],
  outfile: path.join(root, 'dist/desktop/preload.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  // Electron 45 runs Node 22 on Chromium 140.
  target: ['node22', 'chrome140'],
  external: ['electron'],
  sourcemap: 'linked',
  logLevel: 'info',
});

await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts') });
