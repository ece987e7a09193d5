// Lint enforces the layers of architecture.md: the engine never imports
// Electron, the renderer and the shared contract never touch Node, and the
// renderer never reaches into main.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noNode = {
  paths: nodeModules.map((name) => ({ name, message: 'Node modules are not available here: go through the API in src/shared.' })),
  patterns: [
    { group: ['electron', 'electron/*'], message: 'The renderer and shared code never import Electron.' },
    { group: ['**/main/**', '**/cli/**', '**/preload/**'], message: 'Only src/shared may be imported here.' },
  ],
};

const ENGINE_IMPORT_RULE = {
  group: ['electron', 'electron/*'],
  message: 'The engine and the CLI run under plain Node: no Electron below src/main/core or in src/cli.',
};

/** A folder of the engine and the sibling folders (or service files) it must not import. */
function layer(files, forbidden, why) {
  const patterns = forbidden.flatMap((name) => (name === 'service' ? ['**/service-*', '**/service/**'] : [`**/${name}/**`]));
  return [
    {
      files: [files],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              ENGINE_IMPORT_RULE,
              { group: ['**/renderer/**'], message: 'The engine never imports the renderer.' },
              { group: patterns, message: `Layers: ${why}.` },
            ],
          },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS is used only where a tool demands it (electron-builder's afterPack hook).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/main/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'The engine and the CLI run under plain Node: no Electron below src/main/core or in src/cli.',
            },
            { group: ['**/renderer/**'], message: 'The engine never imports the renderer.' },
          ],
        },
      ],
    },
  },
  // The engine's layers, each with what it may not import (after VS Code's
  // code-import-patterns): transport below, operations above it, incident mode
  // above operations, the use cases above all of them, the service on top.
  ...layer('src/main/core/db/**', ['operations', 'incident', 'usecases', 'service'], 'the database layer imports nothing above it'),
  ...layer(
    'src/main/core/remote/**',
    ['db', 'operations', 'incident', 'usecases', 'service'],
    'remote/ is SSH and Nix transport: it takes no database and knows no operation or incident',
  ),
  ...layer('src/main/core/operations/**', ['incident', 'usecases', 'service'], 'operations sit below incident mode and the use cases'),
  ...layer('src/main/core/incident/**', ['usecases', 'service'], 'incident mode sits below the use cases'),
  ...layer('src/main/core/usecases/**', ['service'], 'the use cases never reach up into the service'),
  {
    // The service adds views, events and the registry of running work on top of
    // the use cases: it calls them (and may name lower layers' types), nothing below.
    files: ['src/main/core/service/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!usecases/|refusal-error$)[a-z-]+(/|$)',
              allowTypeImports: true,
              message: 'The service calls the use cases (src/main/core/usecases), not the layers below them.',
            },
          ],
        },
      ],
    },
  },
  {
    // The command line parses arguments and prints: it calls the use cases and
    // shared formatting, and starts the console face through serve-console alone.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ENGINE_IMPORT_RULE,
            {
              regex: '/main/(?!core/usecases/|console/serve-console$)',
              message: 'The CLI calls the use cases (src/main/core/usecases) and nothing else of the engine.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', noNode] },
  },
);
