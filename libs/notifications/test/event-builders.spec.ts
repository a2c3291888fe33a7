// The event builders: stable ids, the envelope, and nothing but safe fields in data.
import { describe, expect, it } from 'vitest';
import { initialExportStatus, type ExportStatus } from '@crs-export/contracts';
import {
  buildBatchEvent,
  buildExportEvent,
  buildScheduleRunEvent,
  buildTestEvent,
  MAX_EVENT_FAILURES,
  parseWebhookEvent,
  WebhookEventError,
} from '../src';

const DOWNLOAD_URL = 'https://crs-backup.cos.ap-guangzhou.myqcloud.com/crs-1/backup.rdb?sign=q-signature%3Dabc123';

/** An ExportStatus as the workflow returns it (contracts' own type), download URLs included. */
function failedStatus(): ExportStatus {
  return {
    ...initialExportStatus(
      { exportId: 'export-crs-1-bk-1', redisId: 'crs-1', backupId: 'bk-1', region: 'ap-guangzhou' },
      '2026-11-28T03:00:00.000Z',
    ),
    requestedBackup: 'latest',
    state: 'FAILED',
    finishedAt: '2026-11-28T03:05:00+08:00',
    backup: {
      backupId: 'bk-1',
      type: 'manual',
      startedAt: '2026-11-28T02:59:00.000Z',
      shardCount: 3,
      engine: 'Redis 7.0',
      rdbVersion: 11,
      encrypted: false,
    },
    files: [
      { shard: 1, name: 'a.rdb', sizeBytes: 10, intranetUrl: DOWNLOAD_URL, extranetUrl: DOWNLOAD_URL, expiresAt: 'x' },
    ],
    archive: {
      location: 's3://backups/prod/crs-1/20261128T025900Z-bk-1/',
      state: 'FAILED',
      manifest: null,
      bytesDone: 0,
      bytesTotal: 30,
      files: [],
    },
    error: {
      type: 'CrsApiError',
      code: 'InternalError',
      name: 'CrsApiError',
      message: `download of ${DOWNLOAD_URL} failed:\n  503`,
      retryable: false,
      action: 'DescribeBackupUrl',
    },
  };
}

describe('buildExportEvent', () => {
  it('builds export.failed with safe fields only: no files, no download URL, no query', () => {
    const event = buildExportEvent({ exportStatus: failedStatus(), runId: 'run-1', webUiUrl: 'http://ui/x' });
    expect(event.type).toBe('export.failed');
    expect(event.createdAt).toBe('2026-11-27T19:05:00.000Z');
    expect(event.data).toEqual({
      exportId: 'export-crs-1-bk-1',
      redisId: 'crs-1',
      backupId: 'bk-1',
      region: 'ap-guangzhou',
      state: 'FAILED',
      backupStartedAt: '2026-11-28T02:59:00.000Z',
      shardCount: 3,
      archive: { location: 's3://backups/prod/crs-1/20261128T025900Z-bk-1/', state: 'FAILED', manifest: null },
      error: {
        type: 'CrsApiError',
        code: 'InternalError',
        name: 'CrsApiError',
        message: 'download of https://crs-backup.cos.ap-guangzhou.myqcloud.com/… failed: 503',
        retryable: false,
      },
      cancelReason: null,
      batchId: null,
      startedAt: '2026-11-28T03:00:00.000Z',
      finishedAt: '2026-11-27T19:05:00.000Z',
      webUiUrl: 'http://ui/x',
    });
    const json = JSON.stringify(event);
    expect(json).not.toContain('sign=');
    expect(json).not.toContain('myqcloud.com/crs-1');
    expect(parseWebhookEvent(json)).toEqual({ event });
  });

  it('gives the same id to the same end of one run, and another to another run or outcome', () => {
    const a = buildExportEvent({ exportStatus: failedStatus(), runId: 'run-1' });
    const again = buildExportEvent({ exportStatus: failedStatus(), runId: 'run-1' });
    const rerun = buildExportEvent({ exportStatus: failedStatus(), runId: 'run-2' });
    const succeeded = buildExportEvent({
      exportStatus: { ...failedStatus(), state: 'SUCCEEDED', error: null },
      runId: 'run-1',
    });
    expect(a.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(again.id).toBe(a.id);
    expect(new Set([a.id, rerun.id, succeeded.id]).size).toBe(3);
    expect(succeeded.type).toBe('export.succeeded');
  });

  it('strips user:password and query from archive locations', () => {
    const status = failedStatus();
    status.archive = {
      location: 'https://user:pw@store.example/bucket/dir/?X-Amz-Signature=1',
      state: 'COMPLETE',
      manifest: 'https://user:pw@store.example/bucket/dir/manifest.json?X-Amz-Signature=1',
      bytesDone: 30,
      bytesTotal: 30,
      files: [],
    };
    const event = buildExportEvent({ exportStatus: status, runId: 'r' });
    expect(event.data.archive?.location).toBe('https://store.example/bucket/dir/');
    expect(event.data.archive?.manifest).toBe('https://store.example/bucket/dir/manifest.json');
  });

  it('refuses an export that has not ended', () => {
    expect(() => buildExportEvent({ exportStatus: { ...failedStatus(), state: 'ARCHIVING' }, runId: 'r' })).toThrow(
      WebhookEventError,
    );
    expect(() => buildExportEvent({ exportStatus: { ...failedStatus(), finishedAt: null }, runId: 'r' })).toThrow(
      /no finishedAt/,
    );
  });
});

describe('buildBatchEvent and buildScheduleRunEvent', () => {
  const failures = Array.from({ length: 130 }, (_, i) => ({
    redisId: `crs-${i}`,
    exportId: `export-crs-${i}-bk`,
    code: 'ResourceNotFound.InstanceNotExists',
    message: `see ${DOWNLOAD_URL}`,
    files: [{ extranetUrl: DOWNLOAD_URL }],
  }));
  const summary = {
    total: 200,
    counts: { SUCCEEDED: 70, FAILED: 130 },
    failures,
    destination: 's3://backups/prod/',
    startedAt: '2026-11-28T03:00:00Z',
    finishedAt: '2026-11-28T04:00:00Z',
  };

  it('lists the first failures, counts the rest, and keeps no URL', () => {
    const event = buildBatchEvent({ batchId: 'batch-1', runId: 'run-1', outcome: 'failed', ...summary });
    expect(event.type).toBe('batch.failed');
    expect(event.data.failures).toHaveLength(MAX_EVENT_FAILURES);
    expect(event.data.failuresOmitted).toBe(30);
    expect(event.data.failures[0]).toEqual({
      redisId: 'crs-0',
      exportId: 'export-crs-0-bk',
      code: 'ResourceNotFound.InstanceNotExists',
      name: 'ResourceNotFound.InstanceNotExists',
      message: 'see https://crs-backup.cos.ap-guangzhou.myqcloud.com/…',
    });
    expect(JSON.stringify(event)).not.toContain('sign=');
    expect(event.data.counts).toEqual({ SUCCEEDED: 70, FAILED: 130 });
    expect(buildBatchEvent({ batchId: 'batch-1', runId: 'run-1', outcome: 'failed', ...summary }).id).toBe(event.id);
  });

  it('builds a schedule run event with its retention counts', () => {
    const event = buildScheduleRunEvent({
      scheduleId: 'nightly',
      batchId: 'batch-7',
      outcome: 'succeeded',
      scheduledAt: '2026-11-28T03:00:00+08:00',
      retention: { dryRun: false, deleted: 3, kept: 30, failed: 0 },
      ...summary,
      failures: [],
    });
    expect(event).toMatchObject({
      type: 'schedule.run.succeeded',
      createdAt: '2026-11-28T04:00:00.000Z',
      data: { scheduleId: 'nightly', batchId: 'batch-7', scheduledAt: '2026-11-27T19:00:00.000Z', failuresOmitted: 0 },
    });
    expect(event.data.retention).toEqual({ dryRun: false, deleted: 3, kept: 30, failed: 0 });
  });
});

describe('buildTestEvent and parseWebhookEvent', () => {
  it('gives each test event a new id', () => {
    expect(buildTestEvent({ endpointName: 'ops' }).id).not.toBe(buildTestEvent({ endpointName: 'ops' }).id);
  });

  it.each([
    ['not JSON', '{', 'the body is not JSON'],
    ['an array', '[]', 'the body is not a JSON object'],
    [
      'an unknown type',
      '{"id":"e","type":"export.started","createdAt":"2026-01-01T00:00:00Z","data":{}}',
      'type is not a known event type',
    ],
    ['no data', '{"id":"e","type":"test","createdAt":"2026-01-01T00:00:00Z"}', 'data is not a JSON object'],
    ['a bad time', '{"id":"e","type":"test","createdAt":"yesterday","data":{}}', 'createdAt is not an ISO-8601 time'],
  ])('refuses %s', (_what, body, problem) => {
    expect(parseWebhookEvent(body)).toEqual({ problem });
  });
});
