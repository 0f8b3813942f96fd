import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Runtime purity is enforced here (as Signal Desktop does): shared/ imports no node:*, no electron, no DOM;
// renderer/ never imports electron/ or Node.
const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'url',
  'dns',
  'util',
  'events',
  'stream',
  'buffer',
];
const pureMessage = 'shared/ must run in a browser and in Node: no Node, Electron, DOM or app-layer imports.';
const rendererMessage = 'renderer/ talks only to the typed API (renderer/api/port-doctor.ts), never to Node or Electron.';
const restrict = (extra, message) => [
  'error',
  {
    paths: [...nodeBuiltins, ...extra].map((name) => ({ name, message })),
    patterns: [{ group: ['node:*', '**/electron/**', 'electron/*'], message }],
  },
];

const electronGlue = [
  'electron/main.ts',
  'electron/preload.ts',
  'electron/ipc/handle.ts',
  'electron/app/window.ts',
  'electron/app/security.ts',
];
const noElectron = { name: 'electron', message: 'Only the thin Electron glue imports electron; everything else runs under plain Node.' };
const noSpawn = ['node:child_process', 'child_process'].map((name) => ({
  name,
  message: 'Spawn only through electron/system/run-command.ts.',
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.vite/**', 'out/**', 'test-results/**', 'bench-results/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='shell'][value.value=true]",
          message: 'No shell strings: argument arrays only, through electron/system/run-command.ts.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'react', 'react-dom'].map((name) => ({ name, message: pureMessage })),
          patterns: [{ group: ['node:*', '**/electron/**', '**/renderer/**'], message: pureMessage }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(['electron'], rendererMessage),
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron, ...noSpawn] }] },
  },
  {
    // The thin Electron glue: the only files that may import electron.
    files: electronGlue,
    rules: { 'no-restricted-imports': ['error', { paths: noSpawn }] },
  },
  {
    // The one place that spawns processes.
    files: ['electron/system/run-command.ts', 'electron/system/spawn-stream.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
);
