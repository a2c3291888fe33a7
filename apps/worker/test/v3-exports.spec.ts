// End to end over API 3.0: the worker's 3.0 client (Tencent's SDK, signed for redis.tencentcloudapi.com)
// against the simulator's 3.0 API and a real Temporal server. Files per shard, latest and new backups, the
// conversion, never-retried codes, rate limits, and fewer files than shards.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupIdSearchAttribute } from '@crs-export/contracts';
import { checkRdb } from '@crs-export/redis-testing';
import { eventuallyListed, openExportHarness, outcomeOf, type ExportHarness } from './support/export-harness';
import { useV3Scenario } from './support/v3-scenario';

let harness: ExportHarness;
beforeAll(async () => {
  harness = await openExportHarness({ api: 3 });
});
afterAll(async () => harness?.close());

const callCount = (action: string): number => harness.sim.calls({ action }).length;

describe('an API 3.0 export', () => {
  it('of a 3-shard Redis 7.0 cluster gives three files, each accepted by redis-check-rdb', async () => {
    const target = useV3Scenario(harness.sim, { engine: 'Redis 7.0', shardNum: 3 });
    const status = await harness.run(
      { redisId: target.redisId, backupId: target.backupIds[0] ?? '', region: target.region },
      outcomeOf,
    );
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    expect(status.backup).toMatchObject({ engine: 'Redis 7.0', rdbVersion: 10, shardCount: 3 });
    expect(status.files?.map((file) => file.shard)).toEqual([1, 2, 3]);
    const dir = mkdtempSync(join(tmpdir(), 'v3-files-'));
    for (const file of status.files ?? []) {
      const response = await fetch(file.extranetUrl);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length).toBe(file.sizeBytes);
      expect(bytes.subarray(0, 9).toString('ascii')).toBe('REDIS0010');
      const path = join(dir, file.name.replace(/[^A-Za-z0-9._-]/g, '_'));
      writeFileSync(path, bytes);
      const checked = checkRdb(path);
      expect(checked.code, checked.output).toBe(0);
    }
    // 3.0 has no export call; the URLs are valid for 6 hours.
    const validForMs = Date.parse(status.files?.[0]?.expiresAt ?? '') - Date.parse(status.finishedAt ?? '');
    expect(validForMs).toBeGreaterThan(5.9 * 3600_000);
    expect(validForMs).toBeLessThan(6.1 * 3600_000);
    expect(Object.keys(status.stateEnteredAt)).toEqual(['VALIDATING', 'FETCHING_URL', 'SUCCEEDED']);
  });

  it('of a standard Redis 6.2 instance gives one REDIS0009 file', async () => {
    const target = useV3Scenario(harness.sim, { engine: 'Redis 6.2', architecture: 'standard' });
    const status = await harness.run(
      { redisId: target.redisId, backupId: target.backupIds[0] ?? '', region: target.region },
      outcomeOf,
    );
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    expect(status.files).toHaveLength(1);
    const bytes = Buffer.from(await (await fetch(status.files?.[0]?.extranetUrl ?? '')).arrayBuffer());
    expect(bytes.subarray(0, 9).toString('ascii')).toBe('REDIS0009');
  });

  it('of `latest` exports the newest backup that can be downloaded, and it becomes the BackupId attribute', async () => {
    const target = useV3Scenario(harness.sim, {
      backups: [
        { status: 2, startTime: '2026-11-26 03:00:00' },
        { status: 2, startTime: '2026-11-28 03:00:00' },
        { status: -1, startTime: '2026-11-29 03:00:00' },
      ],
    });
    const newest = target.backupIds[1] ?? '';
    const { status, workflowId } = await harness.run(
      { redisId: target.redisId, backupId: 'latest', region: target.region },
      async (handle) => ({
        status: await outcomeOf(handle),
        workflowId: handle.workflowId,
      }),
    );
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    expect(status.requestedBackup).toBe('latest');
    expect(status.backupId).toBe(newest);
    expect(status.backup?.backupId).toBe(newest);
    const query = `${BackupIdSearchAttribute.name} = '${newest}'`;
    expect(await eventuallyListed(harness.client, query)).toEqual([workflowId]);
  });

  it('of `new` makes a backup with ManualBackupInstance, waits for its task and exports the backup it made', async () => {
    const target = useV3Scenario(harness.sim, { backups: [], durationMs: 800 });
    const status = await harness.run({ redisId: target.redisId, backupId: 'new', region: target.region }, outcomeOf);
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    expect(callCount('ManualBackupInstance')).toBe(1);
    expect(status.taskId).toEqual(expect.any(Number));
    expect(status.taskStatus).toBe('succeed');
    const made = status.backup?.backupId ?? '';
    expect(status.backupId).toBe(made);
    // The backup Tencent made (the simulator keeps its files under that id) is the one that was exported.
    expect(harness.sim.files(target.redisId, made)?.v3).toHaveLength(3);
    expect(status.files).toHaveLength(3);
    expect(Object.keys(status.stateEnteredAt)).toEqual([
      'VALIDATING',
      'EXPORTING',
      'WAITING_FOR_TASK',
      'FETCHING_URL',
      'SUCCEEDED',
    ]);
  });

  it('of `new` fails with the TaskMessage when Tencent’s backup task fails', async () => {
    const target = useV3Scenario(harness.sim, {
      backups: [],
      backupOutcome: 'failed',
      backupTaskMessage: 'disk quota of the backup cluster exceeded',
    });
    const status = await harness.run({ redisId: target.redisId, backupId: 'new', region: target.region }, outcomeOf);
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatchObject({ code: 'ExportTaskFailed', retryable: false });
    expect(status.error?.message).toContain('disk quota of the backup cluster exceeded');
  });

  it('polls a backup still being converted without growing the history', async () => {
    const ready = useV3Scenario(harness.sim, { backups: [{ status: 4, startTime: '2026-11-28 03:00:00' }] });
    const readyRun = await harness.run(
      { redisId: ready.redisId, backupId: ready.backupIds[0] ?? '', region: ready.region },
      async (handle) => ({
        status: await outcomeOf(handle),
        events: (await handle.fetchHistory()).events?.length ?? 0,
      }),
    );
    const converting = useV3Scenario(harness.sim, { durationMs: 2_500 });
    const convertingRun = await harness.run(
      { redisId: converting.redisId, backupId: converting.backupIds[0] ?? '', region: converting.region },
      async (handle) => ({
        status: await outcomeOf(handle),
        events: (await handle.fetchHistory()).events?.length ?? 0,
      }),
    );
    expect(readyRun.status.state).toBe('SUCCEEDED');
    expect(convertingRun.status.state, JSON.stringify(convertingRun.status.error)).toBe('SUCCEEDED');
    // It asked more than once while Tencent converted the backup...
    expect(callCount('DescribeBackupUrl')).toBeGreaterThan(1);
    // ...and its history is exactly as long as the one of a backup that was ready at once.
    expect(convertingRun.events).toBe(readyRun.events);
  });

  it.each([
    'AuthFailure.UnauthorizedOperation',
    'InvalidParameter.PermissionDenied',
    'ResourceNotFound.InstanceNotExists',
    'UnauthorizedOperation.NoCAMAuthed',
    'UnsupportedOperation',
    'LimitExceeded',
    'MissingParameter',
    'UnknownParameter',
  ])('fails on the first attempt with %s, its code and message', async (code) => {
    const target = useV3Scenario(harness.sim);
    harness.sim.setFaults({ DescribeInstances: { errorRate: 1, errorCodes: [code] } });
    const status = await harness.run(
      { redisId: target.redisId, backupId: target.backupIds[0] ?? '', region: target.region },
      outcomeOf,
    );
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatchObject({ code, name: code, retryable: false, action: 'DescribeInstances' });
    // Tencent's RequestId is quoted; a missing instance is named by validation, which reads the same answer.
    expect(status.error?.message).toMatch(
      code === 'ResourceNotFound.InstanceNotExists' ? /does not exist/ : /RequestId/,
    );
    expect(callCount('DescribeInstances')).toBe(1);
  });

  it('backs off on RequestLimitExceeded and succeeds', async () => {
    const target = useV3Scenario(harness.sim);
    harness.sim.setFaults({ DescribeBackupUrl: { errorRate: 0.6, errorCodes: ['RequestLimitExceeded'] } });
    const status = await harness.run(
      { redisId: target.redisId, backupId: target.backupIds[0] ?? '', region: target.region },
      outcomeOf,
    );
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    const refused = harness.sim
      .calls({ action: 'DescribeBackupUrl' })
      .filter((call) => call.code === 'RequestLimitExceeded');
    expect(refused.length).toBeGreaterThan(0);
  });

  it('fails clearly when Tencent lists fewer files than the backup has shards', async () => {
    const target = useV3Scenario(harness.sim, {
      shardNum: 3,
      v3: { missingBackupInfos: 1, clusterConversion: 'none' },
    });
    const status = await harness.run(
      { redisId: target.redisId, backupId: target.backupIds[0] ?? '', region: target.region },
      outcomeOf,
    );
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatchObject({ code: 'ExportFilesMissing', retryable: false, action: 'DescribeBackupUrl' });
    expect(status.error?.message).toContain('2 file(s)');
    expect(status.error?.message).toContain('3 shard(s)');
  });
});
