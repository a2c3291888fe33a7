// One test run for the whole workspace: a Vitest project per Nx project, one Temporal dev server for all.
import { defineConfig } from 'vitest/config';
import { tsconfigAliases, workspaceTestProjects } from './tools/vitest/project-config';

export default defineConfig({
  resolve: { alias: tsconfigAliases() },
  test: {
    projects: workspaceTestProjects(),
    globalSetup: ['./tools/vitest/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: 'tmp/test-results.json' }]] : ['default'],
  },
});
