// A deploy on a real Temporal server with worker versioning: exports start on build 1 of a worker deployment,
// that worker stops while they wait for Tencent, build 2 starts and becomes the deployment's current version,
// and every export started on build 1 completes on build 2 (auto-upgrade), each backup exported once.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from '@crs-export/config';
import { openExportHarness, outcomeOf, waitForState, type ExportHarness } from './support/export-harness';

let harness: ExportHarness;
beforeAll(async () => {
  harness = await openExportHarness();
});
afterAll(async () => harness?.close());

/** Makes `buildId` the current version of the deployment once its worker has registered (it polls first). */
async function makeCurrent(deploymentName: string, buildId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await harness.client.workflowService.setWorkerDeploymentCurrentVersion({
        namespace: harness.client.options.namespace,
        deploymentName,
        buildId,
        identity: 'deploy-test',
      });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe('a deploy of a new worker build', () => {
  it(
    'completes on build 2 every export started on build 1, each backup exported once',
    { timeout: 120_000 },
    async () => {
      const redisId = `crs-${randomBytes(4).toString('hex')}`;
      const backupIds = Array.from({ length: 4 }, () => randomUUID());
      harness.sim.setScenario({
        credentials: [{ secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY }],
        // Long enough that every export is still waiting for Tencent when build 1 stops.
        exportDurationMs: 6_000,
        instances: [
          {
            redisId,
            redisName: 'orders',
            region: 'gz',
            regionId: 1,
            typeId: 1,
            status: 2,
            backups: backupIds.map((backupId) => ({
              backupId,
              status: 2,
              backupType: 'manualBackupInstance',
              startTime: '2026-11-28 03:00:00',
              exportOutcome: 'success' as const,
              rdbBytes: 4096,
            })),
          },
        ],
      });
      harness.sim.setFaults({});
      harness.sim.clearCalls();
      const taskQueue = `deploy-test-${randomUUID()}`;
      const deploymentName = `crs-export-deploy-${randomBytes(4).toString('hex')}`;
      const build1 = await harness.startWorker(taskQueue, {
        deployment: { deploymentName, buildId: 'build-1', behavior: 'auto-upgrade' },
      });
      let build2: { stop(): Promise<void> } | null = null;
      try {
        await makeCurrent(deploymentName, 'build-1');
        const handles = await Promise.all(
          backupIds.map((backupId) => harness.startExport(taskQueue, { redisId, backupId, region: 'gz' })),
        );
        for (const handle of handles) await waitForState(handle, 'WAITING_FOR_TASK', 20_000);
        await build1.stop();
        build2 = await harness.startWorker(taskQueue, {
          deployment: { deploymentName, buildId: 'build-2', behavior: 'auto-upgrade' },
        });
        await makeCurrent(deploymentName, 'build-2');
        const outcomes = await Promise.all(handles.map((handle) => outcomeOf(handle)));
        expect(outcomes.map((status) => status.state)).toEqual(backupIds.map(() => 'SUCCEEDED'));
        for (const handle of handles) {
          const { raw } = await handle.describe();
          const info = raw.workflowExecutionInfo?.versioningInfo;
          expect(info?.deploymentVersion?.buildId ?? info?.version).toMatch(/build-2/);
        }
        for (const backupId of backupIds) {
          const calls = harness.sim
            .calls({ action: 'ExportRedisBackup' })
            .filter((call) => JSON.stringify(call).includes(backupId));
          expect(calls, backupId).toHaveLength(1);
        }
      } finally {
        await build1.stop().catch(() => undefined);
        await build2?.stop();
      }
    },
  );
});
