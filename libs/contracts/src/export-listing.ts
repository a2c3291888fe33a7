// Exports as lists show them, and the resource as the HTTP API shows it (DESIGN.md "HTTP API").
import type { ExportState } from './export-state';
import type { ExportStatus } from './export-status';

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

/** GET /exports/{exportId}: everything the workflow reports, plus links. */
export type ExportResource = ExportStatus & { links: ExportLinks };

/** A list item as the HTTP API shows it. */
export type ExportSummaryResource = ExportSummary & { links: ExportLinks };
