import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * The layers (docs/architecture.md): shared/ is imported by every process and imports none;
 * the renderer runs in a page, so it sees only shared/ and no Node; the backend (server/) and the
 * seat (main/) never reach into each other or into the page; Electron stays at the edge
 * (main/electron, preload). Each file below gets exactly one no-restricted-imports setting, since
 * a later setting of a rule replaces an earlier one.
 */
const LAYER_REASON = {
  main: 'main/ is the seat process',
  server: 'server/ is the backend',
  renderer: 'renderer/ is the page',
  preload: 'preload/ is the Electron bridge',
  shared: 'shared/ is imported by every layer',
};

/** Relative imports that land in another top-level layer folder. */
function otherLayers(from, layers) {
  return layers.map((layer) => ({
    regex: `^(\\.\\./)+${layer}(/|$)`,
    message: `${from} must not import ${layer}/ (${LAYER_REASON[layer]}); move what both need to shared/.`,
  }));
}

function nodeBuiltins(from) {
  const message = `${from} runs without Node: no Node built-in modules.`;
  return {
    paths: builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message })),
    patterns: [{ group: ['node:*'], message }],
  };
}

const ELECTRON = { name: 'electron', message: 'Electron is imported only in main/electron and preload.' };
const SQLITE = ['better-sqlite3', 'better-sqlite3-multiple-ciphers'].map((name) => ({ name, message: 'shared/ must stay host-agnostic.' }));

function restrictImports({ paths = [], patterns = [] }) {
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'bench/results/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['shared/**'],
    ignores: TESTS,
    rules: restrictImports({
      paths: [...nodeBuiltins('shared/').paths, ELECTRON, ...SQLITE],
      patterns: [...nodeBuiltins('shared/').patterns, ...otherLayers('shared/', ['main', 'server', 'renderer', 'preload'])],
    }),
  },
  {
    // shared/'s own tests may read fixtures from disk, but still test shared/ alone.
    files: TESTS.map((glob) => `shared/${glob}`),
    rules: restrictImports({ paths: [ELECTRON], patterns: otherLayers('shared/', ['main', 'server', 'renderer', 'preload']) }),
  },
  {
    // renderer/vite.config.ts is a build script run by Node, not part of the page.
    files: ['renderer/src/**'],
    rules: restrictImports({
      paths: [...nodeBuiltins('renderer/').paths, ELECTRON],
      patterns: [...nodeBuiltins('renderer/').patterns, ...otherLayers('renderer/', ['main', 'server', 'preload'])],
    }),
  },
  {
    files: ['server/**'],
    rules: restrictImports({ paths: [ELECTRON], patterns: otherLayers('server/', ['main', 'renderer', 'preload']) }),
  },
  {
    // The sandboxed preload has no Node either; it imports only shared/ (and Electron).
    files: ['preload/**'],
    rules: restrictImports({
      paths: nodeBuiltins('preload/').paths,
      patterns: [...nodeBuiltins('preload/').patterns, ...otherLayers('preload/', ['main', 'server', 'renderer'])],
    }),
  },
  {
    files: ['main/**'],
    ignores: TESTS,
    rules: restrictImports({ patterns: otherLayers('main/', ['server', 'renderer', 'preload']) }),
  },
  {
    files: ['main/services/**', 'main/seat/**'],
    ignores: TESTS,
    rules: restrictImports({ paths: [ELECTRON], patterns: otherLayers('main/', ['server', 'renderer', 'preload']) }),
  },
  {
    // A seat test may borrow the backend's demo data generator, never Electron.
    files: TESTS.map((glob) => `main/${glob}`),
    rules: restrictImports({ paths: [ELECTRON] }),
  },
);
