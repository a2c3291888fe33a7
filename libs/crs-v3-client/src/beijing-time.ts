// Tencent's zone-less `YYYY-MM-DD HH:mm:ss` times, read and written as Beijing time (UTC+8): the 3.0 API
// names no zone, and its automatic backups run 02:00-08:00 by that clock (crs-v3-api.md §1.2, INFERRED).

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;
const TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/;

/** `2026-11-28 11:00:00` for 2026-11-28T03:00:00Z: what BeginTime and EndTime expect. */
export function formatBeijingTime(epochMs: number): string {
  return new Date(epochMs + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Epoch ms of a Beijing time, or null when the text is not a real calendar time (`0000-00-00 00:00:00`). */
export function parseBeijingTime(text: string): number | null {
  const match = TIME_PATTERN.exec(text.trim());
  if (!match) return null;
  const iso = `${match[1]}T${match[2]}`;
  const utc = Date.parse(`${iso}Z`);
  // Date.parse rolls 2026-02-30 over into March; a real date formats back to itself.
  if (Number.isNaN(utc) || new Date(utc).toISOString().slice(0, 19) !== iso) return null;
  return utc - BEIJING_OFFSET_MS;
}

/** ISO-8601 in UTC (`2026-11-28T03:00:00.000Z`) of a Beijing time, or null when it is not one. */
export function beijingTimeToIso(text: string): string | null {
  const epochMs = parseBeijingTime(text);
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
