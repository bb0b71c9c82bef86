// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { layerRules } from './scripts/eslint-layers.js';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      'data/**',
      'examples/*/data/**',
      'test-artifacts/**',
      // Generated from the server's OpenAPI document; a test keeps it in step.
      'packages/web/src/api/schema.ts',
      'packages/sdk/src/generated/schema.ts',
      // AssemblyScript, compiled to WebAssembly by its own compiler (see packages/gost/scripts/build-wasm.mjs).
      'packages/gost/assembly/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // Sources belong to their package's tsconfig, tests and benches to tsconfig.tests.json.
        project: ['./packages/*/tsconfig.json', './examples/*/tsconfig.json', './tsconfig.tests.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Numbers in template strings are common in messages and harmless.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Typed-array index access is checked by noUncheckedIndexedAccess and the `!`
      // after it documents a proven bound; forbidding it would force slower code in hot loops.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Fastify handlers and plugins are async by contract (a returned promise ends the request), with or without await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  ...layerRules,
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The PWA's service worker is served as written (its URL must not change with a content hash).
    files: ['packages/web/public/mobile/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
);
