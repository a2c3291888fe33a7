// Beijing time (UTC+8) to ISO and back: what the listing's zone-less times mean.
import { describe, expect, it } from 'vitest';
import { beijingTimeToIso, formatBeijingTime, parseBeijingTime } from './beijing-time';

describe('Beijing time', () => {
  it('reads a zone-less Tencent time as UTC+8', () => {
    expect(beijingTimeToIso('2026-11-28 03:00:00')).toBe('2026-11-27T19:00:00.000Z');
    expect(parseBeijingTime('2026-11-28 11:00:00')).toBe(Date.UTC(2026, 10, 28, 3, 0, 0));
  });

  it('crosses the date line the way Beijing does', () => {
    expect(beijingTimeToIso('2026-01-01 07:59:59')).toBe('2025-12-31T23:59:59.000Z');
    expect(formatBeijingTime(Date.UTC(2025, 11, 31, 16, 0, 0))).toBe('2026-01-01 00:00:00');
  });

  it('writes what it reads, to the second', () => {
    const epochMs = Date.UTC(2026, 1, 28, 22, 14, 5, 999);
    const text = formatBeijingTime(epochMs);
    expect(text).toBe('2026-03-01 06:14:05');
    expect(parseBeijingTime(text)).toBe(epochMs - 999);
  });

  it('accepts a T between date and time', () => {
    expect(beijingTimeToIso('2026-11-28T03:00:00')).toBe('2026-11-27T19:00:00.000Z');
  });

  it('refuses what is not a real time', () => {
    for (const text of [
      '0000-00-00 00:00:00',
      '2026-02-30 00:00:00',
      '2026-11-28',
      '',
      '2026-11-28 25:00:00',
      'soon',
    ]) {
      expect(parseBeijingTime(text)).toBeNull();
      expect(beijingTimeToIso(text)).toBeNull();
    }
  });
});
