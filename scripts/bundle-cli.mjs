// Bundles the `podlab` CLI into one ESM file so a command starts fast: one file to read instead
// of hundreds of modules. Dependencies the CLI almost never needs (ssh2 for ssh:// endpoints,
// gRPC for BuildKit sessions) are loaded lazily, on first use, instead of at every start.
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

await build({
  entryPoints: ['electron/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/podlab-cli.mjs',
  sourcemap: 'linked',
  // CommonJS dependencies inside an ESM bundle need a real `require`.
  banner: {
    js: "import { createRequire as __podlabRequire } from 'node:module'; const __podlabUrl = import.meta.url; const require = __podlabRequire(__podlabUrl);",
  },
  plugins: [lazyDeps],
  logLevel: 'warning',
});
