// The export resource and the problem document as the HTTP API sends them (DESIGN.md, "HTTP API").
import type { DownloadUrls, ExportError, ExportState } from '@crs-export/contracts';

/** A list item: the export without its progress details. */
export interface ExportSummary {
  exportId: string;
  redisId: string;
  backupId: string;
  region: string;
  state: ExportState;
  startedAt?: string;
  finishedAt?: string | null;
  links?: Record<string, string | undefined>;
}

export interface ExportResource extends ExportSummary {
  taskId: number | null;
  taskStatus: number | null;
  polls: number;
  download: DownloadUrls | null;
  error: ExportError | null;
  updatedAt?: string;
  /** `links.temporalUi` is the execution in the Temporal Web UI. */
}

export interface ExportPage {
  items: ExportSummary[];
  nextCursor: string | null;
}

/** RFC 9457 problem details. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: unknown;
}

export interface ExportFilter {
  redisId?: string;
  backupId?: string;
  state?: ExportState;
  limit?: number;
  cursor?: string;
}
