// ESLint flat config: typescript-eslint's recommended rules, no import cycles, and the one-way
// layers of the architecture (README "Architecture"). Backend folders are found on disk, so a
// new backend is covered without naming it here.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const backends = readdirSync(new URL('./src/sources/', import.meta.url), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

/** Layer rules as no-restricted-paths zones: `target` may not import `from`. */
const zones = [
  // Sources never reach up into the server, the cross-source report or the schema assembly.
  { target: './src/sources', from: ['./src/server', './src/costReport', './src/schema/buildSchema.ts', './src/index.ts'], message: 'sources never import the server layer' },
  // The shared HTTP layer knows no backend.
  ...backends.map((b) => ({ target: './src/sources/http.ts', from: `./src/sources/${b}`, message: 'http.ts imports no source' })),
  // A backend folder never imports another one.
  ...backends.flatMap((b) => backends.filter((o) => o !== b).map((o) => ({ target: `./src/sources/${b}`, from: `./src/sources/${o}`, message: 'one backend never imports another' }))),
  // Outside its folder a backend is reached through its index.ts only (the registry's entry).
  ...backends.map((b) => ({
    target: ['./src/!(sources)/**', './src/*.ts', './src/sources/*.ts'],
    from: `./src/sources/${b}`,
    except: ['./index.ts'],
    message: "import a backend through its index.ts (its SourceDefinition)",
  })),
  // Simulators are standalone backends: they import nothing of the gateway but each other and the registry.
  { target: './src/simulators', from: ['./src/server', './src/auth', './src/limits', './src/context.ts'], message: 'simulators do not depend on the gateway' },
];

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', 'src/generated/**', 'coverage/**', 'examples/**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['./tsconfig.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Tests and the bench reach in wherever they need to; `any` keeps response assertions short.
    files: ['test/**', 'bench/**'],
    rules: {
      'import-x/no-restricted-paths': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // do/while paging loops seed their variables before the first page.
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', Buffer: 'readonly', AbortSignal: 'readonly', performance: 'readonly', setImmediate: 'readonly', URLSearchParams: 'readonly' } },
  },
);
