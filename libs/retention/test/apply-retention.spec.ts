// applyRetention: deletes what the plan says one at a time, nothing in a dry run, and reports each failure.
import { describe, expect, it } from 'vitest';
import {
  applyRetention,
  DAY_MS,
  planRetention,
  RetentionPlanError,
  type ArchiveListing,
  type RetentionDecision,
} from '../src';

const NOW = new Date('2026-12-31T00:00:00Z');

function archive(redisId: string, daysAgo: number, complete = true): ArchiveListing {
  const startedAt = new Date(NOW.getTime() - daysAgo * DAY_MS).toISOString();
  return { redisId, dir: `${redisId}/${daysAgo}`, backupStartedAt: startedAt, complete };
}

/** Two instances: crs-a keeps 0 and 1 and loses 2, 3; crs-b keeps 0 (incomplete 5) and loses 9. */
const plan = planRetention({
  policy: { keepLast: 2 },
  archives: [
    archive('crs-a', 0),
    archive('crs-a', 1),
    archive('crs-a', 2),
    archive('crs-a', 3),
    archive('crs-b', 0),
    archive('crs-b', 5, false),
    archive('crs-b', 6),
    archive('crs-b', 9),
  ],
  now: NOW,
});

const dirs = (decisions: readonly { dir: string }[]): string[] => decisions.map((d) => d.dir);

describe('applyRetention', () => {
  it('deletes the planned archives one at a time and reports what it kept and why', async () => {
    const calls: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const report = await applyRetention({
      plan,
      dryRun: false,
      deleteArchive: async (dir) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        calls.push(dir);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
      },
    });
    expect(calls).toEqual(['crs-a/2', 'crs-a/3', 'crs-b/9']);
    expect(mostAtOnce).toBe(1);
    expect(dirs(report.deleted)).toEqual(['crs-a/2', 'crs-a/3', 'crs-b/9']);
    expect(report.kept.map((d) => [d.dir, d.reason])).toEqual([
      ['crs-a/0', 'among the 2 newest'],
      ['crs-a/1', 'among the 2 newest'],
      ['crs-b/0', 'among the 2 newest'],
      ['crs-b/5', 'incomplete: no manifest, never deleted by retention'],
      ['crs-b/6', 'among the 2 newest'],
    ]);
    expect(report).toMatchObject({ dryRun: false, wouldDelete: [], failed: [] });
  });

  it('deletes nothing in a dry run and lists what would go', async () => {
    const calls: string[] = [];
    const report = await applyRetention({
      plan,
      dryRun: true,
      deleteArchive: async (dir) => {
        calls.push(dir);
      },
    });
    expect(calls).toEqual([]);
    expect(report.deleted).toEqual([]);
    expect(dirs(report.wouldDelete)).toEqual(['crs-a/2', 'crs-a/3', 'crs-b/9']);
    expect(report.dryRun).toBe(true);
    expect(report.kept).toHaveLength(5);
  });

  it('reports a failed deletion and goes on with the others', async () => {
    const report = await applyRetention({
      plan,
      dryRun: false,
      deleteArchive: async (dir) => {
        if (dir === 'crs-a/2') throw new Error('AccessDenied:\n  not allowed to delete');
      },
    });
    expect(dirs(report.deleted)).toEqual(['crs-a/3', 'crs-b/9']);
    expect(report.failed).toEqual([
      { dir: 'crs-a/2', redisId: 'crs-a', reason: 'beyond the 2 newest', error: 'AccessDenied: not allowed to delete' },
    ]);
  });

  it('stops before the next deletion when cancelled, with the signal’s reason', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const calls: string[] = [];
    const run = applyRetention({
      plan,
      dryRun: false,
      signal: controller.signal,
      deleteArchive: async (dir) => {
        calls.push(dir);
        controller.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(calls).toEqual(['crs-a/2']);
  });

  it('refuses a plan that deletes an incomplete archive or every complete archive of an instance', async () => {
    const calls: string[] = [];
    const deleteArchive = async (dir: string): Promise<void> => {
      calls.push(dir);
    };
    const decision = (dir: string, complete: boolean, action: 'keep' | 'delete'): RetentionDecision => ({
      ...archive('crs-z', 1, complete),
      dir,
      action,
      rule: action === 'keep' ? 'keep-last' : 'expired',
      reason: 'edited by hand',
    });
    const unsafe = [decision('crs-z/a', false, 'delete'), decision('crs-z/b', true, 'delete')];
    await expect(applyRetention({ plan: unsafe, dryRun: false, deleteArchive })).rejects.toThrow(RetentionPlanError);
    await expect(applyRetention({ plan: unsafe, dryRun: false, deleteArchive })).rejects.toThrow(
      'crs-z/a is incomplete and would be deleted; every complete archive of crs-z would be deleted',
    );
    expect(calls).toEqual([]);
  });
});
