// The reliability suite's own Vitest config (`npm run test:reliability`): one file at a time, one fork,
// long timeouts; `npm test` leaves this project out (project.json "testSuite": "reliability").
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { tsconfigAliases } from '../../tools/vitest/project-config.mts';

const root = resolve(import.meta.dirname, '..', '..');

export default defineConfig({
  resolve: { alias: tsconfigAliases() },
  test: {
    name: 'reliability',
    root: import.meta.dirname,
    include: ['test/**/*.spec.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ['default', ['json', { outputFile: join(root, 'tmp', 'reliability', 'test-results.json') }]],
  },
});
