import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { testTemporalAddress } from '@crs-export/testing';
import { createSmokeActivities } from './fixtures/smoke.activities';

const address = testTemporalAddress();

describe('the Temporal dev server of the test run', () => {
  it('runs a workflow through a real worker', async () => {
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const taskQueue = `smoke-${randomUUID()}`;
    const worker = await Worker.create({
      connection: await (await import('@temporalio/worker')).NativeConnection.connect({ address }),
      taskQueue,
      workflowsPath: join(__dirname, 'fixtures', 'smoke.workflow.ts'),
      activities: createSmokeActivities('Hello'),
    });
    const result = await worker.runUntil(
      client.workflow.execute('smokeWorkflow', { taskQueue, workflowId: `smoke-${randomUUID()}`, args: ['Redis'] }),
    );
    expect(result).toBe('Hello, Redis from a workflow');
    await connection.close();
  });

  it('has the export search attributes registered as Keyword', async () => {
    const connection = await Connection.connect({ address });
    const listed = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    const custom = listed.customAttributes ?? {};
    for (const name of ['RedisId', 'BackupId', 'ExportState', 'BatchId', 'BatchState']) {
      // 2 is INDEXED_VALUE_TYPE_KEYWORD
      expect(custom[name], name).toBe(2);
    }
    await connection.close();
  });
});
