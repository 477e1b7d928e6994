import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    // Electron stays at the edge: only main/electron and preload may import it.
    files: ['shared/**', 'server/**', 'renderer/**', 'main/services/**', 'main/seat/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Electron is imported only in main/electron and preload.' }] }] },
  },
  {
    // shared/ runs in every process: no Node-only modules.
    files: ['shared/**'],
    ignores: ['shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'crypto', 'electron', 'better-sqlite3', 'better-sqlite3-multiple-ciphers'], message: 'shared/ must stay host-agnostic.' }] }] },
  },
);
