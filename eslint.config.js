// Lint config: typescript-eslint's type-checked recommended rules and exhaustive switches on every
// TypeScript file, React's hooks rules and browser globals in the renderer, plus the layering
// rule: each folder may import only the layers below it (see "Where things are" in the README).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const LAYERS_SENTENCE =
  'layers go base ← docker ← images ← pods ← {inspect, terminals} ← labs (which may also use sched) ← the engine facade (electron/engine/*.ts) ← contract ← {cli, main, server}; the renderer imports only types from the contract, and values only from its pure lab-format readers (contract/lab-markdown.ts)';

// Engine layers by folder, lowest first, with the layers each may import. Specifiers are relative,
// so a layer is recognised by its folder name inside electron/engine/.
const ENGINE_LAYERS = {
  base: [],
  sched: ['base'],
  docker: ['base'],
  images: ['base', 'docker'],
  pods: ['base', 'docker', 'images'],
  inspect: ['base', 'docker', 'images', 'pods'],
  terminals: ['base', 'docker', 'images', 'pods'],
  labs: ['base', 'sched', 'docker', 'images', 'pods', 'inspect', 'terminals'],
};
const FACADE = '(?:engine|doctor|model|daemon)\\.js';
const FRONT_DOORS = ['cli', 'main', 'server', 'preload'];
/** The one front door another starts: `podlab serve` (electron/cli/cmd-serve.ts) runs the browser mode's server. */
const STARTS = { cli: ['server'] };

function banned(from, what, regex) {
  return { regex, message: `${from} may not import ${what}: ${LAYERS_SENTENCE}.` };
}

function engineLayerRules() {
  return Object.entries(ENGINE_LAYERS).map(([layer, allowed]) => {
    const others = Object.keys(ENGINE_LAYERS).filter((l) => l !== layer && !allowed.includes(l));
    return {
      files: [`electron/engine/${layer}/**/*.ts`],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            patterns: [
              ...others.map((l) => banned(`electron/engine/${layer}`, `electron/engine/${l}`, `^(?:\\.\\./)+${l}/`)),
              banned(`electron/engine/${layer}`, 'the engine facade', `^(?:\\.\\./)+${FACADE}$`),
              banned(`electron/engine/${layer}`, 'a front door or the contract', `^(?:\\.\\./)+(?:contract|${FRONT_DOORS.join('|')})/`),
              banned(`electron/engine/${layer}`, 'Electron', '^electron(?:/|$)'),
            ],
          },
        ],
      },
    };
  });
}

// Above the engine: the facade files may import every engine layer, but no front door.
const facadeRule = {
  files: ['electron/engine/*.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          banned('the engine facade', 'the contract or a front door', `^\\.\\./(?:contract|${FRONT_DOORS.join('|')})/`),
          banned('the engine facade', 'Electron', '^electron(?:/|$)'),
        ],
      },
    ],
  },
};

// The contract and the front doors reach the engine only through its facade and base.
const engineInternals = `^\\.\\./engine/(?!base/)[^/]+/`;
const contractRule = {
  files: ['electron/contract/**/*.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          banned('electron/contract', "the engine's internals (use electron/engine/engine.ts, model.ts, doctor.ts or daemon.ts)", engineInternals),
          banned('electron/contract', 'a front door', `^\\.\\./(?:${FRONT_DOORS.join('|')})/`),
          banned('electron/contract', 'Electron', '^electron(?:/|$)'),
        ],
      },
    ],
  },
};
const frontDoorRules = FRONT_DOORS.map((door) => ({
  files: [`electron/${door}/**/*.ts`],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          banned(`electron/${door}`, "the engine's internals (use electron/engine/engine.ts, model.ts, doctor.ts or daemon.ts)", engineInternals),
          ...FRONT_DOORS.filter((d) => d !== door && !STARTS[door]?.includes(d)).map((d) => banned(`electron/${door}`, `electron/${d}`, `^\\.\\./${d}/`)),
          // The sandboxed preload bundles what it imports: the contract's wiring, nothing of the engine.
          ...(door === 'preload' ? [banned('electron/preload', 'the engine', '^\\.\\./engine/')] : []),
        ],
      },
    ],
  },
}));

const rendererRule = {
  files: ['renderer/src/**/*.{ts,tsx}'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          banned('renderer', 'the engine, a front door or Node (it talks to the contract through a transport)', `^(?:\\.\\./)+electron/(?!contract/)`),
          // lab-markdown.ts re-exports a dependency-free parser of the lab format: the window reads
          // fences exactly as the validator does, without bundling anything of the engine else.
          { ...banned('renderer', 'values from the contract (types only, with `import type`)', `^(?:\\.\\./)+electron/contract/(?!lab-markdown\\.js$)`), allowTypeImports: true },
          banned('renderer', "Node's modules", '^node:'),
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'renderer/dist/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  { ignores: ['renderer/src/**'], languageOptions: { globals: { ...globals.node } } },
  {
    languageOptions: {
      // Each file is checked with the tsconfig that builds it (renderer/ has its own).
      parserOptions: { projectService: { allowDefaultProject: ['vitest.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A switch over a union names every member, so adding one is a compile-time to-do list.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }],
    },
  },
  // Tests stand in fakes for async interfaces: an async function without await is the point there.
  // vitest's asymmetric matchers (expect.stringMatching …) are typed `any` by design.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/require-await': 'off', '@typescript-eslint/no-unsafe-assignment': 'off' } },
  // Plain JavaScript (this file, scripts/, bin/) has no types to check against.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    ...reactHooks.configs.flat.recommended,
    rules: { ...reactHooks.configs.flat.recommended.rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  ...engineLayerRules(),
  facadeRule,
  contractRule,
  ...frontDoorRules,
  rendererRule,
);
