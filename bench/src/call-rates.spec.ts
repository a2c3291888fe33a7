// Calls per second per action from the simulator's call log: what the fleet benchmark judges Tencent's limits by.
import type { CallRecord } from '@crs-export/crs-simulator';
import { describe, expect, it } from 'vitest';
import { callRates, LIMIT_EXCEEDED } from './call-rates';

function call(action: string, wallMs: number, code: number | string = 0): CallRecord {
  const time = new Date(wallMs).toISOString();
  return {
    seq: 0,
    api: 'v3',
    time,
    wallTime: time,
    method: 'POST',
    action,
    region: 'ap-guangzhou',
    account: '1',
    params: {},
    code,
    httpStatus: 200,
    fault: null,
    downloadFault: null,
    durationMs: 1,
  };
}

const LIMITS = { DescribeInstances: 3, '*': 2 };
const T0 = Date.UTC(2026, 11, 2, 0, 0, 0);

describe('callRates', () => {
  it('counts calls in 1 s buckets and in any sliding second, per action, with its limit', () => {
    const rates = callRates(
      [
        call('DescribeInstances', T0 + 100),
        call('DescribeInstances', T0 + 900),
        call('DescribeInstances', T0 + 1100),
        call('DescribeInstances', T0 + 1200),
        call('DescribeBackupUrl', T0 + 2500),
        call('download', T0 + 2600),
      ],
      LIMITS,
    );
    const instances = rates.actions.find((rate) => rate.action === 'DescribeInstances');
    expect(instances).toMatchObject({ limit: 3, calls: 4, maxPerSecond: 2, maxInAnySecond: 3, refused: 0 });
    expect(rates.actions.find((rate) => rate.action === 'DescribeBackupUrl')).toMatchObject({ limit: 2, calls: 1 });
    expect(rates.actions.map((rate) => rate.action)).not.toContain('download');
    expect(rates.series).toContainEqual([0, 'DescribeInstances', 2]);
    expect(rates.series).toContainEqual([1, 'DescribeInstances', 2]);
    expect(rates.series).toContainEqual([2, 'DescribeBackupUrl', 1]);
    expect(rates.withinLimits).toBe(true);
  });

  it('is not within limits when a bucket holds more than the limit, or a call was refused', () => {
    const over = callRates(
      [0, 10, 20].map((ms) => call('DescribeBackupUrl', T0 + ms)),
      LIMITS,
    );
    expect(over.actions[0]).toMatchObject({ maxPerSecond: 3, maxAcceptedPerSecond: 3 });
    expect(over.withinLimits).toBe(false);
    const refused = callRates(
      [call('DescribeBackupUrl', T0), call('DescribeBackupUrl', T0 + 10, LIMIT_EXCEEDED)],
      LIMITS,
    );
    expect(refused.actions[0]).toMatchObject({ maxPerSecond: 2, maxAcceptedPerSecond: 1, refused: 1 });
    expect(refused.withinLimits).toBe(false);
  });
});
