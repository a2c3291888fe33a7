// The reliability suite's own Vitest config (`npm run test:reliability`): one file at a time, one fork,
// long timeouts; `npm test` leaves this project out (project.json "testSuite": "reliability"). Vitest's counts
// go to tmp/reliability/<topology>/test-results.json (RELIABILITY_TOPOLOGY, default dev), beside the report.
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { tsconfigAliases } from '../../tools/vitest/project-config.mts';

const root = resolve(import.meta.dirname, '..', '..');
const topology = process.env['RELIABILITY_TOPOLOGY'] || 'dev';

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
    // The production topology's first start may build the Temporal server (about 5 minutes on 2 cores).
    hookTimeout: 900_000,
    reporters: ['default', ['json', { outputFile: join(root, 'tmp', 'reliability', topology, 'test-results.json') }]],
  },
});
