// Unit tests of the percentile arithmetic that every benchmark figure rests on.
import { describe, expect, it } from 'vitest';
import { percentile, percentileOfSorted, summarize } from './percentiles';

describe('percentile', () => {
  it('interpolates between the two nearest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
  });

  it('returns the extremes at 0 and 100, whatever the input order', () => {
    expect(percentile([5, 1, 9, 3], 0)).toBe(1);
    expect(percentile([5, 1, 9, 3], 100)).toBe(9);
  });

  it('takes the one value of a single sample for every percentile', () => {
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN for no values rather than a made-up zero', () => {
    expect(percentileOfSorted([], 50)).toBeNaN();
  });

  it('rejects a percentile outside 0..100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('reports count, extremes, mean and the tail of 1..100', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(values)).toEqual({ count: 100, min: 1, mean: 50.5, p50: 50.5, p95: 95.05, p99: 99.01, max: 100 });
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
