// The listing windows: never more than 30 days apart, contiguous, newest first, covering the whole range.
import { describe, expect, it } from 'vitest';
import { parseBeijingTime } from './beijing-time';
import { MAX_WINDOW_MS, windowsBack } from './backup-windows';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 3, 14, 5, 500);

describe('windowsBack', () => {
  it('covers 90 days with four windows of at most 30 days, newest first and without gaps', () => {
    const windows = windowsBack(NOW - 90 * DAY, NOW + DAY);
    expect(windows).toHaveLength(4);
    for (const window of windows) {
      expect(window.endMs - window.beginMs).toBeLessThanOrEqual(30 * DAY);
      expect(parseBeijingTime(window.BeginTime)).toBe(window.beginMs);
      expect(parseBeijingTime(window.EndTime)).toBe(window.endMs);
    }
    for (let i = 1; i < windows.length; i += 1) {
      expect(windows[i]?.endMs).toBe((windows[i - 1]?.beginMs ?? 0) - 1000);
    }
    expect(windows[0]?.endMs).toBeGreaterThanOrEqual(NOW + DAY);
    expect(windows.at(-1)?.beginMs).toBeLessThanOrEqual(NOW - 90 * DAY);
  });

  it('gives one window for a range shorter than 30 days', () => {
    const windows = windowsBack(NOW - 10 * 60_000, NOW + DAY);
    expect(windows).toHaveLength(1);
    expect(windows[0]?.endMs).toBe(Math.ceil((NOW + DAY) / 1000) * 1000);
  });

  it('uses the whole 30 days less a second per window', () => {
    const [first] = windowsBack(NOW - 365 * DAY, NOW);
    expect(first && first.endMs - first.beginMs).toBe(MAX_WINDOW_MS);
    expect(MAX_WINDOW_MS).toBe(30 * DAY - 1000);
  });
});
