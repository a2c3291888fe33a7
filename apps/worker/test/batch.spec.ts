// End to end: a batch of child exports over API 3.0 on a real Temporal server and the simulator, with exact
// counts and each failure's code, a bounded history (continue-as-new), selection by tags, and cancellation.
import { randomBytes } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import type { BatchStatus, InstanceSelector } from '@crs-export/contracts';
import { BatchClient, ExportClient } from '@crs-export/export-client';
import { BATCH_WORKFLOW_TYPE, batchStatusQuery, type BatchWorkflowInput } from '@crs-export/workflows';
import { FAST_POLLING, openExportHarness, type ExportHarness } from './support/export-harness';
import { saveHistoryFixture } from './support/history-fixtures';

let harness: ExportHarness;
beforeAll(async () => {
  harness = await openExportHarness({ api: 3 });
});
afterAll(async () => harness?.close());

function id(prefix: string, index: number): string {
  return `crs-${prefix}${String(index).padStart(4, '0')}`;
}

/** `count` standard instances in ap-guangzhou; those of `failing` indexes have no backup to export. */
function useFleet(
  prefix: string,
  count: number,
  failing: (index: number) => boolean,
  { exportMs = 100, architecture = 'standard' }: { exportMs?: number; architecture?: 'standard' | 'cluster' } = {},
): void {
  harness.sim.setScenario({
    credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }],
    exportDurationMs: exportMs,
    instances: Array.from({ length: count }, (_, index) => ({
      redisId: id(prefix, index),
      redisName: `${prefix}-${index}`,
      region: 'ap-guangzhou',
      architecture,
      engine: architecture === 'cluster' ? 'Redis 7.0' : 'Redis 6.2',
      tags: { team: index % 2 === 0 ? 'payments' : 'search' },
      backups: failing(index)
        ? []
        : [
            {
              backupId: [...randomBytes(12)].map((b) => String(b % 10)).join(''),
              status: 2,
              startTime: '2026-11-28 03:00:00',
            },
          ],
    })),
  });
  harness.sim.setFaults({});
  harness.sim.clearCalls();
}

/** The batch's outcome; with `fixture`, its history is saved as a replay fixture (when asked to). */
async function runBatch(taskQueue: string, input: BatchWorkflowInput, fixture?: string): Promise<BatchStatus> {
  const handle = await harness.client.workflow.start(BATCH_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: `batch-test${randomBytes(8).toString('hex')}`,
    args: [input],
  });
  const status = (await handle.result()) as BatchStatus;
  if (fixture) await saveHistoryFixture(fixture, handle);
  return status;
}

describe('a batch', () => {
  it(
    'of 200 instances where 10% fail ends with exact counts and each failure, over bounded runs',
    { timeout: 240_000 },
    async () => {
      const prefix = 'bt';
      useFleet(prefix, 200, (index) => index % 10 === 3);
      const selector: InstanceSelector = { region: 'ap-guangzhou', name: `${prefix}-*` };
      const status = await harness.withWorker((taskQueue) =>
        runBatch(taskQueue, { selector, backup: 'latest', concurrency: 20, polling: FAST_POLLING, childrenPerRun: 60 }),
      );
      expect(status.state).toBe('FAILED');
      expect(status.total).toBe(200);
      expect(status.counts).toEqual({ PENDING: 0, RUNNING: 0, SUCCEEDED: 180, FAILED: 20 });
      expect(status.failures).toHaveLength(20);
      expect(status.failures.map((failure) => failure.redisId).sort()).toEqual(
        Array.from({ length: 200 }, (_, index) => index)
          .filter((index) => index % 10 === 3)
          .map((index) => id(prefix, index)),
      );
      for (const failure of status.failures) {
        expect(failure.error).toMatchObject({
          code: 'InvalidParameterValue.BackupNotExists',
          name: 'InvalidParameterValue.BackupNotExists',
        });
        expect(failure.error?.message).toContain('no backup that can be downloaded');
      }
      // Every child is found by the batch's id; none is exported twice.
      const exports = new ExportClient({ client: harness.client, taskQueue: 'unused' });
      const listed = [];
      let cursor: string | undefined;
      do {
        const page = await exports.listExports({ batchId: status.batchId, limit: 100, ...(cursor ? { cursor } : {}) });
        listed.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(listed).toHaveLength(200);
      expect(new Set(listed.map((item) => item.redisId)).size).toBe(200);
      // Four runs of at most 60 children each: no run's history grows with the fleet.
      const runs = [];
      for await (const execution of harness.client.workflow.list({ query: `WorkflowId = '${status.batchId}'` }))
        runs.push(execution);
      expect(runs.length).toBe(4);
      for (const run of runs) {
        const history = await harness.client.workflow.getHandle(status.batchId, run.runId).fetchHistory();
        expect(history.events?.length ?? 0).toBeLessThan(60 * 12);
      }
    },
  );

  it('selects instances by tags, and a list of ids as given', { timeout: 120_000 }, async () => {
    useFleet('tg', 10, () => false);
    const byTag = await harness.withWorker((taskQueue) =>
      runBatch(
        taskQueue,
        { selector: { region: 'ap-guangzhou', tags: { team: 'payments' } }, backup: 'latest', polling: FAST_POLLING },
        'batch-by-tags',
      ),
    );
    expect(byTag).toMatchObject({ state: 'SUCCEEDED', total: 5, counts: { SUCCEEDED: 5 } });
    const byList = await harness.withWorker((taskQueue) =>
      runBatch(taskQueue, {
        selector: { region: 'ap-guangzhou', redisIds: [id('tg', 1), id('tg', 2)] },
        backup: 'latest',
        polling: FAST_POLLING,
      }),
    );
    expect(byList).toMatchObject({ state: 'SUCCEEDED', total: 2, counts: { SUCCEEDED: 2 } });
  });

  it(
    'cancelled in the middle stops its running children within seconds and starts no more',
    { timeout: 120_000 },
    async () => {
      // Exports that wait a minute for Tencent's conversion: still running when the batch is cancelled.
      useFleet('cx', 30, () => false, { exportMs: 60_000, architecture: 'cluster' });
      harness.sim.setScenario({ ...harness.sim.scenario(), v3: { clusterConversion: 'onDemand' } });
      const result = await harness.withWorker(async (taskQueue) => {
        const batches = new BatchClient({ client: harness.client, taskQueue });
        const { status: started } = await batches.startBatch({
          selector: { region: 'ap-guangzhou', name: 'cx-*' },
          backup: 'latest',
          concurrency: 5,
          polling: { ...FAST_POLLING, deadlineMs: 600_000 },
        });
        const handle = harness.client.workflow.getHandle(started.batchId);
        for (;;) {
          const status = await handle.query(batchStatusQuery);
          if ((status.counts.RUNNING ?? 0) === 5) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const cancelledAt = Date.now();
        await batches.cancelBatch(started.batchId);
        const failure = await handle.result().catch((error: unknown) => error);
        return { failure, elapsedMs: Date.now() - cancelledAt, final: await batches.getBatch(started.batchId) };
      });
      expect(result.failure).toBeInstanceOf(WorkflowFailedError);
      expect(result.elapsedMs).toBeLessThan(10_000);
      expect(result.final.state).toBe('CANCELLED');
      expect(result.final.counts).toMatchObject({ CANCELLED: 5, PENDING: 25, RUNNING: 0 });
    },
  );
});
