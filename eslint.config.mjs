// Lint for the whole workspace: Nx module boundaries with real constraints, type-aware TypeScript rules,
// and a workflow sandbox rule that keeps I/O and non-deterministic modules out of workflow code.
import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

// Which kinds of project may import which. Libraries never import an app; apps never import another app.
const dependencyRules = {
  // Pure types and constants: the workflow sandbox imports them.
  'type:contracts': ['type:contracts'],
  // Deterministic workflow code: contracts, and activity TYPES (checked by the workflow rule below).
  'type:workflow': ['type:contracts', 'type:activities'],
  'type:util': ['type:contracts'],
  'type:io': ['type:io', 'type:util', 'type:contracts'],
  'type:activities': ['type:io', 'type:util', 'type:contracts'],
  'type:client': ['type:workflow', 'type:util', 'type:contracts'],
  'type:tooling': ['type:tooling', 'type:util', 'type:contracts'],
  'type:testing': [
    'type:tooling',
    'type:io',
    'type:activities',
    'type:client',
    'type:workflow',
    'type:util',
    'type:contracts',
  ],
  // The reliability suite drives the apps as processes, over HTTP and Temporal; it never imports an app.
  'type:e2e': ['type:testing', 'type:tooling', 'type:client', 'type:io', 'type:util', 'type:contracts'],
  'type:app': [
    'type:io',
    'type:activities',
    'type:client',
    'type:workflow',
    'type:tooling',
    'type:util',
    'type:contracts',
  ],
};

/** Tests of any project may also use the shared test helpers (libs/testing). */
function boundaries(rules, extra = []) {
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: Object.entries(rules).map(([sourceTag, allowed]) => ({
      sourceTag,
      onlyDependOnLibsWithTags: [...allowed, ...extra],
    })),
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      'workflows/lint-fixtures/**',
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'tmp/**',
      '.nx/**',
      'bench/results/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        projectService: { allowDefaultProject: ['workflows/lint-fixtures/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', boundaries(dependencyRules)],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries,
    // no worker/client/activity/testing SDK, and activities only as types.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts', 'workflows/test/**', 'workflows/vitest.config.mts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'Workflow code must not use Node built-ins (no I/O in the workflow sandbox).',
            })),
            {
              name: '@crs-export/export-activities',
              message: 'Workflows import activity TYPES only (import type).',
              allowTypeImports: true,
            },
          ],
          patterns: [
            {
              group: [
                '@temporalio/worker',
                '@temporalio/client',
                '@temporalio/activity',
                '@temporalio/testing',
                '@temporalio/worker/*',
                '@temporalio/client/*',
                '@temporalio/activity/*',
                '@temporalio/testing/*',
              ],
              message: 'Workflow code may use @temporalio/workflow and @temporalio/common only.',
            },
            {
              group: [
                'axios',
                'axios/*',
                '@nestjs/*',
                '@crs-export/crs-client',
                '@crs-export/crs-simulator',
                '@crs-export/config',
                '@crs-export/dev-temporal',
                '@crs-export/export-client',
                '@crs-export/testing',
              ],
              message: 'Workflow code must not import libraries that do I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(dependencyRules, ['type:testing', 'type:tooling'])],
    },
  },
  {
    // Test configuration and repository tooling sit outside the project graph's import rules.
    files: ['**/vitest.config.mts', 'tools/**/*.ts', 'tools/**/*.mts', 'libs/*/scripts/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
