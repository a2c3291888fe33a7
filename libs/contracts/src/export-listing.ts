// Exports as lists show them, and the resource as the HTTP API shows it (DESIGN.md "HTTP API").
import type { ExportState } from './export-state';
import type { ExportFile, ExportStatus } from './export-status';

/** Which exports a listing returns; every field narrows it. */
export interface ExportFilter {
  redisId?: string;
  backupId?: string;
  state?: ExportState;
  /** The exports of one batch. */
  batchId?: string;
}

export interface ExportLinks {
  /** The resource itself: `/exports/{exportId}`. */
  self: string;
  /** The execution in the Temporal Web UI. */
  temporalUi: string;
}

/** A list item: what visibility knows, without the progress details (one Temporal call per page). */
export interface ExportSummary {
  exportId: string;
  redisId: string;
  backupId: string;
  region: string;
  state: ExportState;
  startedAt: string;
  finishedAt: string | null;
}

/** A page, newest first; `nextCursor` (with the same filter) fetches the next one. */
export interface ExportPage<Item = ExportSummary> {
  items: Item[];
  nextCursor: string | null;
}

/**
 * A file as the HTTP API shows it: its download URLs are bearer secrets (anyone holding one downloads the whole
 * database), so they are there only when asked for (`GET /exports/{id}?include=urls`, a key with scope `urls`).
 */
export type ExportFileResource = Omit<ExportFile, 'intranetUrl' | 'extranetUrl'> &
  Partial<Pick<ExportFile, 'intranetUrl' | 'extranetUrl'>>;

/** GET /exports/{exportId}: everything the workflow reports, plus links; URLs only when asked for. */
export type ExportResource = Omit<ExportStatus, 'files'> & { files: ExportFileResource[] | null; links: ExportLinks };

/** The files without their download URLs. */
export function filesWithoutUrls(files: readonly ExportFile[] | null): ExportFileResource[] | null {
  return files?.map(({ intranetUrl: _intranet, extranetUrl: _extranet, ...file }) => file) ?? null;
}

/** A list item as the HTTP API shows it. */
export type ExportSummaryResource = ExportSummary & { links: ExportLinks };
