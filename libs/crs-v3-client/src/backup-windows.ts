// The start-time windows DescribeInstanceBackups is asked about: BeginTime and EndTime may be at most 30 days
// apart (crs-v3-api.md §1.2), so a look further back walks contiguous windows, newest first.
import { formatBeijingTime } from './beijing-time';

const DAY_MS = 86_400_000;
/** 30 days less a second: the bounds are inclusive and second-precise, so windows neither overlap nor exceed 30 days. */
export const MAX_WINDOW_MS = 30 * DAY_MS - 1000;
/**
 * How far past our "now" the newest window reaches: a backup's StartTime is Tencent's clock, which may run
 * ahead of ours; a future EndTime costs nothing.
 */
export const FUTURE_SLACK_MS = DAY_MS;
/** The longest a backup can be kept (ManualBackupInstance StorageDays ≤ 1825, §1.4): nothing older exists. */
export const DEFAULT_LOOKBACK_DAYS = 1825;
/** How far back `latest` looks: three windows (a newest backup older than that is exported by its ID). */
export const DEFAULT_LATEST_LOOKBACK_DAYS = 90;

export interface TimeWindow {
  beginMs: number;
  endMs: number;
  /** As BeginTime / EndTime want them (Beijing time). */
  BeginTime: string;
  EndTime: string;
}

/** Windows covering [oldestMs, newestMs], newest first, each at most 30 days (whole seconds). */
export function windowsBack(oldestMs: number, newestMs: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  const floor = Math.floor(oldestMs / 1000) * 1000;
  let endMs = Math.ceil(newestMs / 1000) * 1000;
  while (endMs >= floor) {
    const beginMs = Math.max(floor, endMs - MAX_WINDOW_MS);
    windows.push({ beginMs, endMs, BeginTime: formatBeijingTime(beginMs), EndTime: formatBeijingTime(endMs) });
    endMs = beginMs - 1000;
  }
  return windows;
}
