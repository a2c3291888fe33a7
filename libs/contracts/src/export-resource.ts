// The export as the HTTP API shows it (DESIGN.md "HTTP API"): shared by the API, the CLI and the suites.
import type { ExportState } from './export-state';
import type { ExportStatus } from './export-status';

export interface ExportLinks {
  /** The resource itself: `/exports/{exportId}`. */
  self: string;
  /** The execution in the Temporal Web UI. */
  temporalUi: string;
}

/** A list item: what visibility knows, without the progress details. */
export interface ExportSummary {
  exportId: string;
  redisId: string;
  backupId: string;
  region: string;
  state: ExportState;
  startedAt: string;
  finishedAt: string | null;
  links: ExportLinks;
}

/** GET /exports/{exportId}: everything the workflow reports, plus links. */
export interface ExportResource extends ExportStatus {
  links: ExportLinks;
}

/** GET /exports: a page, newest first; `nextCursor` (with the same filters) fetches the next one. */
export interface ExportPage {
  items: ExportSummary[];
  nextCursor: string | null;
}
