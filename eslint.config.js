// Lint enforces the layering of ARCHITECTURE.md: domain and the portable core of sync-protocol
// run anywhere, so they may not import Node, Electron, devices, SQLite, React or read the clock.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const platformModules = [
  'node:*',
  'electron',
  'serialport',
  '@serialport/*',
  'node-hid',
  'better-sqlite3',
  'react',
  'react-dom',
  'react-dom/*',
  'zustand',
  'ws',
  'fastify',
  'kysely',
  'pg',
];
const nodeBuiltins = ['fs', 'path', 'crypto', 'os', 'child_process', 'net', 'http', 'https', 'url', 'util', 'stream', 'events', 'buffer', 'worker_threads'];

const portableRules = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: platformModules, message: 'domain and sync-protocol run anywhere: no platform modules (ARCHITECTURE.md).' },
        { group: nodeBuiltins, message: 'domain and sync-protocol run anywhere: no Node built-ins.' },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'setTimeout', 'setInterval', 'performance'].map((name) => ({
      name,
      message: 'domain and sync-protocol are pure: no platform globals; pass what you need in.',
    })),
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Time comes in as an argument: never read the clock here.' },
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time comes in as an argument: never read the clock here.' },
    { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Randomness comes in as an argument here.' },
    { selector: 'TSEnumDeclaration', message: 'Closed vocabularies are `as const` arrays (STYLE.md), not enums.' },
  ],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'tests/artifacts/**', 'data/**', '**/*.tsbuildinfo'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Closed vocabularies are `as const` arrays (STYLE.md), not enums.' }],
    },
  },
  {
    files: ['packages/domain/src/**/*.ts', 'packages/sync-protocol/src/**/*.ts'],
    ignores: ['packages/sync-protocol/src/node/**', '**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: portableRules,
  },
  {
    files: ['packages/device-drivers/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@lineside/*'], message: 'device-drivers depends on no package of ours.' }] }],
    },
  },
  {
    files: ['apps/kiosk/src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'electron', 'better-sqlite3', 'serialport', 'node-hid', '**/core/**'], message: 'The renderer talks to the core only through KioskApi.' },
            // The pure scanner and GS1 codecs (no node:*) are allowed: the renderer decodes keyboard-wedge scans itself.
            { regex: '^@lineside/device-drivers(?!/(scanner|gs1)$)', message: 'The renderer talks to the core only through KioskApi; of device-drivers only the pure subpaths /scanner and /gs1 are allowed.' },
          ],
        },
      ],
    },
  },
  {
    // The central web app runs in the browser: it reaches the server only through its API (web/api.ts).
    files: ['apps/sync-server/src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', ...nodeBuiltins, 'fastify', 'kysely', 'pg', 'better-sqlite3', '**/db/**', '**/plugins/**', '**/routes/**', '**/sync/**', '**/security/**'], message: 'The web app runs in the browser and talks to the server only through its API (web/api.ts); types it shares come from web-access.ts or as import type.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/kiosk/src/preload/**/*.{ts,cts}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
