// Human-friendly text for exports: the list table, one export's details, the watch progress line.
import type { ExportResource, ExportSummaryResource } from './export-resource';

const TASK_STATUS_NAMES: Record<string, string> = {
  '0': 'queued',
  '1': 'running',
  '2': 'succeeded',
  '3': 'failed',
  '-1': 'error',
};

/** v2 numbers get a name; 3.0 statuses are words already (`running`, `succeed`). */
export function taskStatusName(status: number | string | null): string {
  if (status === null) return '-';
  if (typeof status === 'string') return status;
  return TASK_STATUS_NAMES[String(status)] ?? `status ${status}`;
}

/** 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit] ?? 'B'}`;
}

function backupLine(item: ExportResource): string {
  const backup = item.backup;
  if (!backup)
    return item.requestedBackup === item.backupId ? item.backupId : `${item.requestedBackup} (not resolved yet)`;
  const facts = [backup.type, backup.engine, backup.shardCount === null ? null : `${backup.shardCount} shard(s)`]
    .filter(Boolean)
    .join(', ');
  const asked = item.requestedBackup === backup.backupId ? '' : ` (${item.requestedBackup})`;
  return `${backup.backupId}${asked}${facts ? `  ${facts}` : ''}`;
}

function expiryLine(item: ExportResource): string[] {
  const expiry = item.files?.[0]?.expiresAt;
  return expiry ? [`  expires   ${expiry}`] : [];
}

/** 75_000 -> "1:15"; 3_723_000 -> "1:02:03". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Columns padded to their widest cell; the last column is not padded. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatExportList(items: ExportSummaryResource[], nextCursor: string | null): string {
  if (items.length === 0) return 'no exports';
  const table = formatTable(
    ['EXPORT ID', 'STATE', 'REGION', 'STARTED', 'FINISHED'],
    items.map((item) => [item.exportId, item.state, item.region, item.startedAt ?? '-', item.finishedAt ?? '-']),
  );
  return nextCursor ? `${table}\n\nmore: --cursor ${nextCursor}` : table;
}

export function temporalUiLink(item: ExportSummaryResource): string | undefined {
  return item.links.temporalUi;
}

export function formatExportDetail(item: ExportResource): string {
  const rows: [string, string][] = [
    ['export', item.exportId],
    ['state', item.state],
    ['redis', `${item.redisId} (${item.region})`],
    ['backup', backupLine(item)],
    ['task', item.taskId === null ? '-' : `${item.taskId} (${taskStatusName(item.taskStatus)}), ${item.polls} polls`],
  ];
  if (item.startedAt) rows.push(['started', item.startedAt]);
  if (item.finishedAt) rows.push(['finished', item.finishedAt]);
  if (item.error) {
    rows.push(['error', `${item.error.code} ${item.error.name}: ${item.error.message}`]);
  }
  for (const file of item.files ?? []) {
    rows.push([
      `shard ${file.shard}`,
      `${file.name}${file.sizeBytes === null ? '' : ` (${formatBytes(file.sizeBytes)})`}`,
    ]);
    if (file.intranetUrl) rows.push(['  intranet', file.intranetUrl]);
    if (file.extranetUrl) rows.push(['  extranet', file.extranetUrl]);
  }
  const expiry = item.files?.[0]?.expiresAt;
  if (expiry) rows.push(['expires', expiry]);
  const ui = temporalUiLink(item);
  if (ui) rows.push(['temporal ui', ui]);
  return rows.map(([label, value]) => `${label.padEnd(12)}${value}`).join('\n');
}

/** The one line `watch` redraws: state, task status, polls and elapsed time. */
export function formatProgressLine(item: ExportResource, elapsedMs: number, spinner = ''): string {
  const task =
    item.taskId === null
      ? 'no task yet'
      : item.taskStatus === null
        ? `task ${item.taskId}`
        : `task ${item.taskId} ${taskStatusName(item.taskStatus)}`;
  const prefix = spinner ? `${spinner} ` : '';
  return `${prefix}${item.exportId}  ${item.state.padEnd(16)}  ${task}  polls ${item.polls}  elapsed ${formatElapsed(elapsedMs)}`;
}

/** Where the files were archived, once they were. */
function archiveLines(item: ExportResource): string[] {
  const { archive } = item;
  if (!archive) return [];
  if (archive.state === 'ALREADY_ARCHIVED')
    return [`  archive  ${archive.location}  (already complete: nothing copied)`];
  return [`  archive  ${archive.location}  (${archive.state.toLowerCase()}, manifest ${archive.manifest ?? 'none'})`];
}

/** What `watch` prints once the export has ended. */
export function formatOutcome(item: ExportResource, elapsedMs: number): string {
  const head = `${item.state} after ${formatElapsed(elapsedMs)} (${item.polls} polls)`;
  switch (item.state) {
    case 'SUCCEEDED':
      return [
        head,
        ...(item.files ?? []).flatMap((file) =>
          file.extranetUrl ? [`  shard ${file.shard}  extranet  ${file.extranetUrl}`] : [],
        ),
        ...expiryLine(item),
        ...archiveLines(item),
      ].join('\n');
    case 'FAILED':
      return item.error ? `${head}\n  ${item.error.code} ${item.error.name}: ${item.error.message}` : head;
    case 'CANCELLED':
      return head;
    case 'VALIDATING':
    case 'EXPORTING':
    case 'WAITING_FOR_TASK':
    case 'FETCHING_URL':
    case 'ARCHIVING':
      return head;
  }
}
