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
  it("lets at most the action's limit through in a second, and the rest as tokens come back", async () => {
    const limiter = new CrsRateLimiter({ limits: { DescribeBackupUrl: 20 }, now: () => Date.now() });
    expect(await grantedAfter(limiter, 'DescribeBackupUrl', 50, 0)).toBe(20);
    expect(await grantedAfter(limiter, 'DescribeBackupUrl', 0, 0)).toBe(0);
    const limiter2 = new CrsRateLimiter({ limits: { DescribeBackupUrl: 20 }, now: () => Date.now() });
    expect(await grantedAfter(limiter2, 'DescribeBackupUrl', 50, 1_000)).toBe(40);
    limiter.close();
    limiter2.close();
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
    expect(await grantedAfter(limiter, 'DescribeBackupUrl', 100, 2_000)).toBe(15);
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
    await vi.advanceTimersByTimeAsync(1_000);
    // The token that came back is still there for the next caller.
    expect(await grantedAfter(limiter, 'X', 1, 0)).toBe(1);
    limiter.close();
  });
});
