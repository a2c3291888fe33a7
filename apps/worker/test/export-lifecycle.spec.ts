// End to end: cancellation, exports that must not be repeated (lost answer, already exported), the query
// in each state, and the search attributes of a finished export.
import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportState } from '@crs-export/contracts';
import { cancelExportSignal, exportStatusQuery } from '@crs-export/workflows';
import {
  eventuallyListed,
  openExportHarness,
  outcomeOf,
  waitForState,
  type ExportHandle,
  type ExportHarness,
} from './support/export-harness';
import { callCounts, useExportScenario } from './support/export-scenario';
import { saveHistoryFixture } from './support/history-fixtures';

let harness: ExportHarness;
beforeAll(async () => {
  harness = await openExportHarness();
});
afterAll(async () => harness?.close());

/** A long task and slow polls: the export sits between polls when it is cancelled. */
const WAITING = { exportDurationMs: 60_000 };
const SLOW_POLLS = { initialIntervalMs: 5_000, maximumIntervalMs: 5_000 };

describe('cancelling an export', () => {
  it('ends CANCELLED within a second of the cancelExport signal, while it waits between polls', async () => {
    const target = useExportScenario(harness.sim, WAITING);
    const { status, elapsedMs, failure } = await harness.run(
      target,
      async (handle) => {
        await waitForState(handle, 'WAITING_FOR_TASK');
        await eventuallyPolled();
        const startedAt = Date.now();
        await handle.signal(cancelExportSignal, { reason: 'restore drill called off' });
        const failure = await handle.result().catch((error: unknown) => error);
        const elapsedMs = Date.now() - startedAt;
        await saveHistoryFixture('cancelled-by-signal', handle);
        return { status: await outcomeOf(handle), elapsedMs, failure };
      },
      SLOW_POLLS,
    );
    expect(elapsedMs).toBeLessThan(1_000);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(status.state).toBe('CANCELLED');
    expect(status.cancellation).toMatchObject({ reason: 'restore drill called off' });
    expect(status.cancellation?.note).toMatch(/no call to stop an export task/);
    expect(status.stateEnteredAt.CANCELLED).toBeDefined();
  });

  it('ends CANCELLED within a second of a Temporal cancel (handle.cancel())', async () => {
    const target = useExportScenario(harness.sim, WAITING);
    const { status, elapsedMs, executionStatus } = await harness.run(
      target,
      async (handle) => {
        await waitForState(handle, 'WAITING_FOR_TASK');
        const startedAt = Date.now();
        await handle.cancel();
        await handle.result().catch(() => undefined);
        const elapsedMs = Date.now() - startedAt;
        await saveHistoryFixture('cancelled-by-temporal', handle);
        return { status: await outcomeOf(handle), elapsedMs, executionStatus: (await handle.describe()).status.name };
      },
      SLOW_POLLS,
    );
    expect(elapsedMs).toBeLessThan(1_000);
    expect(executionStatus).toBe('CANCELLED');
    expect(status.state).toBe('CANCELLED');
    expect(status.cancellation?.reason).toMatch(/Temporal/);
  });
});

describe('an export that must not be repeated', () => {
  it('recognises an export whose answer was lost and carries on without a second ExportRedisBackup', async () => {
    const target = useExportScenario(harness.sim);
    harness.sim.setFaults({ ExportRedisBackup: { dropResponseRate: 1 } });
    const status = await harness.run(target, async (handle) => {
      await eventually(() => harness.sim.calls({ action: 'ExportRedisBackup' }).length === 1);
      harness.sim.setFaults({});
      const final = await outcomeOf(handle);
      await saveHistoryFixture('lost-export-answer', handle);
      return final;
    });
    expect(status.state).toBe('SUCCEEDED');
    expect(status.taskId).toBeNull();
    expect(status.files?.[0]?.extranetUrl).toMatch(/^http/);
    expect(callCounts(harness.sim)['ExportRedisBackup']).toBe(1);
  });

  it.each([3, 4])(
    'carries on from a backup already in status %i without calling ExportRedisBackup',
    async (backupStatus) => {
      // A backup loaded in status 3 finishes its export exportDurationMs after the scenario is set: long
      // enough that however slow the machine, the worker sees it exporting; then the clock moves on.
      const target = useExportScenario(harness.sim, { backupStatus, exportDurationMs: 60_000 });
      const status = await harness.run(target, async (handle) => {
        if (backupStatus === 3) {
          await waitForState(handle, 'WAITING_FOR_TASK');
          harness.sim.advance(60_000);
        }
        return outcomeOf(handle);
      });
      expect(status.state).toBe('SUCCEEDED');
      expect(status.files?.[0]?.intranetUrl).toMatch(/^http/);
      expect(callCounts(harness.sim)['ExportRedisBackup']).toBeUndefined();
      expect('WAITING_FOR_TASK' in status.stateEnteredAt).toBe(backupStatus === 3);
      expect('EXPORTING' in status.stateEnteredAt).toBe(false);
    },
  );
});

describe('the exportStatus query and the search attributes', () => {
  it('reports every state as the export enters it, and the finished export is found by RedisId and ExportState', async () => {
    const target = useExportScenario(harness.sim, { exportDurationMs: 1_000 });
    const slow = { latencyMs: 400 };
    harness.sim.setFaults({ DescribeRedis: slow, ExportRedisBackup: slow, GetBackupDownloadUrl: slow });
    const { seen, workflowId } = await harness.run(target, async (handle) => ({
      seen: await statesSeenUntilClosed(handle),
      workflowId: handle.workflowId,
    }));
    expect(seen).toEqual(['VALIDATING', 'EXPORTING', 'WAITING_FOR_TASK', 'FETCHING_URL', 'SUCCEEDED']);
    const query = `RedisId = '${target.redisId}' AND BackupId = '${target.backupId}' AND ExportState = 'SUCCEEDED'`;
    expect(await eventuallyListed(harness.client, query)).toEqual([workflowId]);
  });
});

async function statesSeenUntilClosed(handle: ExportHandle): Promise<ExportState[]> {
  const seen: ExportState[] = [];
  for (;;) {
    const { state } = await handle.query(exportStatusQuery);
    if (seen.at(-1) !== state) seen.push(state);
    if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') return seen;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The wait has made its first poll, so the next one is seconds away. */
async function eventuallyPolled(): Promise<void> {
  await eventually(() => harness.sim.calls({ action: 'DescribeTaskInfo' }).length >= 1);
}
