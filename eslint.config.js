// The layering table of docs/architecture.md ("Layering"), enforced here so a wrong import fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

// Bare names here; every `node:` specifier is caught by the "node:*" pattern of each layer.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('node:'));

/** no-restricted-imports patterns shared by the layers below */
const layer = (message, { paths = [], patterns = [] }) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

export const layering = [
  {
    files: ['shared/**/*.ts'],
    rules: layer('shared/ is pure: it imports only its own files and pure libraries (zod).', {
      paths: [...nodeBuiltins, 'electron', 'react', 'react-dom'],
      patterns: ['**/electron/**', '**/renderer/**', '**/office-server/**', 'react/*', 'node:*'],
    }),
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: layer(
      "services are plain Node: no 'electron' nor electron-updater, no renderer code (adapt Electron APIs in electron/app), no office server (the hosts start the demo office).",
      {
        paths: ['electron', 'electron-updater'],
        patterns: ['**/renderer/**', '**/electron/app/**', 'electron/*', '**/office-server/**', '**/browser-host/**'],
      },
    ),
  },
  {
    files: ['electron/browser-host/**/*.ts'],
    rules: layer(
      "the browser host runs where Electron cannot: no 'electron', no Electron shell code, no renderer code.",
      {
        paths: ['electron'],
        patterns: ['**/renderer/**', '**/electron/app/**', 'electron/*', '**/app/**'],
      },
    ),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/services/**', 'electron/browser-host/**'],
    rules: layer(
      'the Electron shell never imports renderer code, nor the office server (a packaged app carries no server code).',
      {
        patterns: ['**/renderer/**', '**/office-server/**', '**/browser-host/**'],
      },
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: layer('the renderer is browser code: it talks to main only through window.teleworker (shared/contract).', {
      paths: [...nodeBuiltins, 'electron'],
      patterns: ['**/electron/**', '**/office-server/**', 'node:*', 'electron/*'],
    }),
  },
  {
    files: ['office-server/**/*.ts'],
    rules: layer('the office server shares only shared/ with the client.', {
      paths: ['electron'],
      patterns: ['**/electron/**', '**/renderer/**'],
    }),
  },
];

export default tseslint.config(
  {
    ignores: [
      '.tmp/**',
      'out/**',
      'dist/**',
      'office-server/dist/**',
      'office-server/.build-*/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'test/fixtures/lint/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // CommonJS by necessity (a --require preload for third-party tools).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...layering,
);
