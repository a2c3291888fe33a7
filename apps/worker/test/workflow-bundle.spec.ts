// The workflow bundle holds the workflow code and contracts only: no Nest, axios, worker SDK or CRS client.
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleExportWorkflows } from '../src/workflow-bundle';

describe('the export workflow bundle', () => {
  it('resolves the workspace aliases and leaves I/O libraries out', { timeout: 60_000 }, async () => {
    const { code } = await bundleExportWorkflows({ logger: new DefaultLogger('WARN') });
    expect(code).toContain('workflows/src/export-workflow.ts');
    expect(code).toContain('libs/contracts/src/index.ts');
    for (const excluded of [
      'node_modules/axios',
      'node_modules/@nestjs',
      'node_modules/@temporalio/worker/',
      'libs/crs-client',
      'libs/export-activities/src/export-activities',
    ]) {
      expect(code, excluded).not.toContain(excluded);
    }
  });
});
