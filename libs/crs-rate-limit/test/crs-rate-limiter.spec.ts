// The limiter on a clock of its own: how many calls it lets through per second, per action and share.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CrsRateLimiter } from '../src';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** How many of `count` acquisitions have resolved after `ms` of (fake) time. */
async function grantedAfter(limiter: CrsRateLimiter, action: string, count: number, ms: number): Promise<number> {
  let granted = 0;
  for (let i = 0; i < count; i++) void limiter.acquire(action).then(() => (granted += 1));
  await vi.advanceTimersByTimeAsync(ms);
  return granted;
}

describe('CrsRateLimiter', () => {
  it("lets at most the action's limit through in any sliding second (plus the margin), the rest as the window moves", async () => {
    const limiter = new CrsRateLimiter({ limits: { DescribeBackupUrl: 20 }, now: () => Date.now() });
    expect(await grantedAfter(limiter, 'DescribeBackupUrl', 50, 0)).toBe(20);
    expect(await grantedAfter(limiter, 'DescribeBackupUrl', 0, 0)).toBe(0);
    const limiter2 = new CrsRateLimiter({ limits: { DescribeBackupUrl: 20 }, now: () => Date.now() });
    let granted = 0;
    for (let i = 0; i < 50; i++) void limiter2.acquire('DescribeBackupUrl').then(() => (granted += 1));
    // A token bucket would have let 40 through by 1 s; Tencent counts a sliding second.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toBe(20);
    await vi.advanceTimersByTimeAsync(150);
    expect(granted).toBe(40);
    limiter.close();
    limiter2.close();
  });

  it('never grants more than the limit in any sliding second of a steady stream of callers', async () => {
    const limiter = new CrsRateLimiter({ limits: { '*': 20 }, now: () => Date.now() });
    const grantedAt: number[] = [];
    // Callers arrive every 7 ms for 5 s, each waiting for its slot.
    for (let t = 0; t < 5_000; t += 7) {
      void limiter.acquire('DescribeBackupDetail').then(() => grantedAt.push(Date.now()));
      await vi.advanceTimersByTimeAsync(7);
    }
    await vi.advanceTimersByTimeAsync(60_000);
    for (const start of grantedAt) {
      expect(grantedAt.filter((time) => time >= start && time < start + 1_000).length).toBeLessThanOrEqual(20);
    }
    // And it keeps up: 20 per 1.15 s over the run.
    expect(grantedAt.length).toBeGreaterThan(700);
    limiter.close();
  });

  it('keeps separate budgets per action and uses `*` for actions it does not name', async () => {
    const limiter = new CrsRateLimiter({ limits: { DescribeInstances: 35, '*': 20 }, now: () => Date.now() });
    expect(limiter.rateOf('DescribeInstances')).toBe(35);
    expect(limiter.rateOf('DescribeTaskInfo')).toBe(20);
    expect(await grantedAfter(limiter, 'DescribeInstances', 100, 0)).toBe(35);
    expect(await grantedAfter(limiter, 'DescribeTaskInfo', 100, 0)).toBe(20);
    limiter.close();
  });

  it("gives each of N workers 1/N of the account's limit", async () => {
    const limiter = new CrsRateLimiter({ limits: { '*': 20 }, share: () => 1 / 4, now: () => Date.now() });
    expect(limiter.rateOf('DescribeBackupUrl')).toBe(5);
    // 5 per second: 5 at once, 5 more once each second (plus the margin) has passed.
    expect(await grantedAfter(limiter, 'DescribeBackupUrl', 100, 2_300)).toBe(15);
    limiter.close();
  });

  it('does not limit actions when no limit applies', async () => {
    const limiter = new CrsRateLimiter({ limits: { DescribeInstances: 35 } });
    expect(await grantedAfter(limiter, 'DescribeTaskInfo', 1_000, 0)).toBe(1_000);
  });

  it('lets a waiting caller give up when its signal fires, without using a token', async () => {
    const limiter = new CrsRateLimiter({ limits: { '*': 1 }, now: () => Date.now() });
    await limiter.acquire('X');
    const controller = new AbortController();
    const waiting = limiter.acquire('X', controller.signal);
    controller.abort(new Error('activity cancelled'));
    await expect(waiting).rejects.toThrow('activity cancelled');
    await vi.advanceTimersByTimeAsync(1_150);
    // The slot it gave up is still there for the next caller.
    expect(await grantedAfter(limiter, 'X', 1, 0)).toBe(1);
    limiter.close();
  });
});
