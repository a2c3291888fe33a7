// Runs exports end to end in tests: one workflow bundle per file, a real worker on a unique task queue,
// a real Temporal client, unique workflow ids.
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, type Worker, type WorkflowBundle } from '@temporalio/worker';
import {
  BackupIdSearchAttribute,
  RedisIdSearchAttribute,
  type ExportInput,
  type ExportStatus,
  type PollingPolicy,
} from '@crs-export/contracts';
import type { CrsApi } from '@crs-export/crs-client';
import { testTemporalAddress } from '@crs-export/testing';
import { bundleExportWorkflows } from '../../src/workflow-bundle';
import { createExportWorker } from '../../src/create-export-worker';
import { EXPORT_WORKFLOW_TYPE, type exportRedisBackup } from '@crs-export/workflows';
import { quietTemporalRuntime } from './quiet-runtime';

/** Quick polling for tests: 100 ms, doubling, capped at 400 ms, 20 s deadline. */
export const FAST_POLLING: PollingPolicy = { initialIntervalMs: 100, backoffCoefficient: 2, maximumIntervalMs: 400, deadlineMs: 20_000 };

export interface ExportHarness {
  client: Client;
  taskQueue: string;
  /** Starts an export the way the API does: typed search attributes RedisId and BackupId. */
  start(input: Omit<ExportInput, 'region'> & { region?: string }): Promise<WorkflowHandle<typeof exportRedisBackup>>;
  /** Runs fn while a worker serves this harness's task queue. */
  withWorker<T>(crs: CrsApi, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function createExportHarness(): Promise<{ bundle: WorkflowBundle; harness: () => Promise<ExportHarness> }> {
  quietTemporalRuntime();
  const bundle = await bundleExportWorkflows({ logger: new DefaultLogger('WARN') });
  return { bundle, harness: () => openHarness(bundle) };
}

async function openHarness(bundle: WorkflowBundle): Promise<ExportHarness> {
  const address = testTemporalAddress();
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection });
  const taskQueue = `export-test-${randomUUID()}`;
  return {
    client,
    taskQueue,
    start: (input) =>
      client.workflow.start<typeof exportRedisBackup>(EXPORT_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `export-test-${input.redisId}-${randomUUID()}`,
        args: [{ region: 'gz', polling: FAST_POLLING, ...input }],
        typedSearchAttributes: [
          { key: RedisIdSearchAttribute, value: input.redisId },
          { key: BackupIdSearchAttribute, value: input.backupId },
        ],
      }),
    withWorker: async (crs, fn) => {
      const worker: Worker = await createExportWorker({ connection: nativeConnection, taskQueue, crs, workflowBundle: bundle, shutdownGraceTimeMs: 1000 });
      return worker.runUntil(fn);
    },
    close: async () => {
      await connection.close();
      await nativeConnection.close();
    },
  };
}

/** The final ExportStatus of a closed export, however it ended (result, or details[0] of its failure). */
export async function outcomeOf(handle: WorkflowHandle<typeof exportRedisBackup>): Promise<ExportStatus> {
  try {
    return await handle.result();
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    const details = (error.cause as { details?: unknown[] } | undefined)?.details;
    if (details?.[0]) return details[0] as ExportStatus;
    return handle.query('exportStatus') as Promise<ExportStatus>;
  }
}

/** Waits until the query reports the state (polling briefly: queries are cheap). */
export async function waitForState(handle: WorkflowHandle, state: ExportStatus['state'], timeoutMs = 10_000): Promise<ExportStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await handle.query<ExportStatus>('exportStatus');
    if (status.state === state) return status;
    if (Date.now() > deadline) throw new Error(`export stayed in ${status.state}, expected ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
