// The zone-less `YYYY-MM-DD HH:mm:ss` times of both APIs, read as Beijing time (UTC+8): Tencent's auto
// backups run 02:00-08:00 by that clock (crs-v3-api.md §1.2).

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

export function formatBeijingTime(epochMs: number): string {
  return new Date(epochMs + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Epoch ms of a `YYYY-MM-DD HH:mm:ss` Beijing time, or NaN if it is not one. */
export function parseBeijingTime(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return Number.NaN;
  const utc = Date.parse(`${text.replace(' ', 'T')}Z`);
  // Date.parse rolls 2026-02-30 over to March; a real calendar date formats back to itself.
  if (Number.isNaN(utc) || new Date(utc).toISOString().slice(0, 19) !== text.replace(' ', 'T')) return Number.NaN;
  return utc - BEIJING_OFFSET_MS;
}

/** The date part (`2026-11-28`) of a Beijing time, for COS object paths. */
export function beijingDate(epochMs: number): string {
  return formatBeijingTime(epochMs).slice(0, 10);
}
