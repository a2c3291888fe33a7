// One test run for the whole workspace (`npm test`): a Vitest project per Nx project, one Temporal dev server
// for all. Each project's own vitest.config.mts runs it alone (`npx nx test <project>`, `nx affected -t test`).
import { defineConfig } from 'vitest/config';
import { sharedRunOptions, tsconfigAliases, workspaceTestProjects } from './tools/vitest/project-config.mts';

export default defineConfig({
  resolve: { alias: tsconfigAliases() },
  test: {
    projects: workspaceTestProjects(),
    ...sharedRunOptions,
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: 'tmp/test-results.json' }]] : ['default'],
  },
});
