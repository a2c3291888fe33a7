// Predictive polling end to end (API 3.0, the real Temporal dev server): an export of `new` for an instance whose
// earlier backups took T waits T before asking about its task, asks once, sees the end within the margin, and
// makes 7 CRS calls in all; without history it backs off as before.
import { formatBeijingTime } from '@crs-export/crs-v3-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExportHarness, outcomeOf, type ExportHarness } from './support/export-harness';
import { useV3Scenario } from './support/v3-scenario';

let harness: ExportHarness;
beforeAll(async () => {
  harness = await openExportHarness({ api: 3 });
});
afterAll(async () => harness?.close());

const HOUR = 3_600_000;

/** The calls since `from` (a call log length), in order: the action names. */
function actionsSince(from: number): { action: string; atMs: number }[] {
  return harness.sim
    .calls({ api: 'v3' })
    .slice(from)
    .filter((call) => call.action !== 'download')
    .map((call) => ({ action: call.action, atMs: Date.parse(call.time) }));
}

describe('an export of `new` with the instance’s backup history', () => {
  it('asks about the task once, when its earlier backups say it ends, and makes 7 CRS calls', async () => {
    const durationMs = 3000;
    const now = Date.now();
    const target = useV3Scenario(harness.sim, {
      durationMs,
      // Earlier backups of the instance: they took as long as its backup tasks take (the simulator's EndTime).
      backups: [3, 2, 1].map((days) => ({ status: 2, startTime: formatBeijingTime(now - days * 24 * HOUR) })),
      v3: { clusterConversion: 'none' },
    });
    const from = harness.sim.calls({ api: 'v3' }).length;
    const status = await harness.run({ redisId: target.redisId, backupId: 'new', region: target.region }, outcomeOf);
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    const calls = actionsSince(from);
    expect(calls.map((call) => call.action)).toEqual([
      'DescribeInstances',
      'DescribeInstanceBackups',
      'ManualBackupInstance',
      'DescribeTaskInfo',
      'DescribeInstanceBackups',
      'DescribeBackupDetail',
      'DescribeBackupUrl',
    ]);
    expect(status.polls).toBe(1);
    expect(status.backup).toMatchObject({ engine: 'Redis 7.0', shardCount: 3 });
    // The one poll comes after the task's end, within the margin (250 ms) and the retry's dispatch.
    const taskEnd = (calls[2]?.atMs ?? Number.NaN) + durationMs;
    const poll = calls[3]?.atMs ?? Number.NaN;
    expect(poll).toBeGreaterThanOrEqual(taskEnd);
    expect(poll - taskEnd).toBeLessThan(1000);
    const done = Date.parse(status.stateEnteredAt.SUCCEEDED ?? '');
    expect(done - taskEnd).toBeLessThan(1500);
  });

  it('when the history is short of the task, polls every 10% of the wait from then on and counts each call', async () => {
    const durationMs = 3000;
    const now = Date.now();
    // Earlier backups took 2 s; this one takes 3 s.
    const backups = [2, 1].map((days) => ({
      status: 2,
      startTime: formatBeijingTime(now - days * 24 * HOUR),
      endTime: formatBeijingTime(now - days * 24 * HOUR + 2000),
    }));
    const target = useV3Scenario(harness.sim, { durationMs, backups, v3: { clusterConversion: 'none' } });
    const from = harness.sim.calls({ api: 'v3' }).length;
    const status = await harness.run({ redisId: target.redisId, backupId: 'new', region: target.region }, outcomeOf);
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    const calls = actionsSince(from);
    const started = calls.find((call) => call.action === 'ManualBackupInstance')?.atMs ?? Number.NaN;
    const polls = calls.filter((call) => call.action === 'DescribeTaskInfo');
    expect(polls.length).toBeGreaterThan(1);
    // None before the estimate (2 s and its margin), and the attempts that only waited are not counted as polls.
    expect((polls[0]?.atMs ?? 0) - started).toBeGreaterThanOrEqual(2250);
    expect(status.polls).toBe(polls.length);
    // Temporal retries no sooner than about 1 s: the end is seen within that of the task's end.
    expect((polls.at(-1)?.atMs ?? Number.NaN) - (started + durationMs)).toBeLessThan(1300);
  });

  it('without history polls at once and backs off, as before (no estimate)', async () => {
    const target = useV3Scenario(harness.sim, { durationMs: 800, backups: [], v3: { clusterConversion: 'none' } });
    const from = harness.sim.calls({ api: 'v3' }).length;
    const status = await harness.run({ redisId: target.redisId, backupId: 'new', region: target.region }, outcomeOf);
    expect(status.state, JSON.stringify(status.error)).toBe('SUCCEEDED');
    const calls = actionsSince(from).map((call) => call.action);
    const polls = calls.filter((action) => action === 'DescribeTaskInfo').length;
    // The first poll right after ManualBackupInstance, then the retry policy's backoff until 800 ms have passed.
    expect(calls.slice(0, 4)).toEqual([
      'DescribeInstances',
      'DescribeInstanceBackups',
      'ManualBackupInstance',
      'DescribeTaskInfo',
    ]);
    expect(polls).toBeGreaterThan(1);
    expect(status.polls).toBe(polls);
  });
});
