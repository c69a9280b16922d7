// Bundles the `podlab` CLI so a command starts fast: a small entry chunk that reads its
// arguments and talks to the supervisor's socket, with the engine in chunks loaded only when this
// process must run the engine itself — a few files to read instead of hundreds of modules. Dependencies the CLI almost never needs (ssh2 for ssh:// endpoints,
// gRPC for BuildKit sessions) are loaded lazily, on first use, instead of at every start.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const LAZY = ['ssh2', '@grpc/grpc-js', '@grpc/proto-loader'];

const lazyDeps = {
  name: 'lazy-deps',
  setup(b) {
    const filter = new RegExp(`^(${LAZY.map((m) => m.replace(/[/.]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents: `let real;
const load = () => (real ??= __podlabRequire(__podlabUrl)(${JSON.stringify(args.path)}));
module.exports = new Proxy({}, { get: (_t, k) => load()[k], has: (_t, k) => k in load() });`,
      loader: 'js',
    }));
  },
};

// The bundle knows its own build id (a hash of its code): the CLI hands requests only to a
// supervisor daemon of the same build, whose contract is surely the same.
const PLACEHOLDER = '__podlab_build_placeholder__';
const result = await build({
  entryPoints: ['electron/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: 'dist/cli',
  entryNames: 'podlab',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  sourcemap: 'linked',
  write: false,
  define: { 'globalThis.__PODLAB_BUILD__': JSON.stringify(PLACEHOLDER) },
  // CommonJS dependencies inside an ESM bundle need a real `require`.
  banner: {
    js: "import { createRequire as __podlabRequire } from 'node:module'; const __podlabUrl = import.meta.url; const require = __podlabRequire(__podlabUrl);",
  },
  plugins: [lazyDeps],
  // Native addons load their .node file relative to their own package: leave them in node_modules.
  external: ['node-pty'],
  logLevel: 'warning',
});

const code = result.outputFiles.filter((f) => f.path.endsWith('.mjs'));
const hash = createHash('sha256');
for (const f of code) hash.update(f.text);
const id = hash.digest('hex').slice(0, 12);
for (const f of result.outputFiles) {
  mkdirSync(path.dirname(f.path), { recursive: true });
  writeFileSync(f.path, code.includes(f) ? f.text.replaceAll(PLACEHOLDER, id) : f.contents);
}
// The compiled tree (the desktop app's main process) reads the same id from here: one build id for
// the app, `podlab serve` and the CLI (electron/engine/pods/supervisor/socket.ts).
writeFileSync('dist/build-id', `${id}\n`);
