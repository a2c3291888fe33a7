// The export resource and the problem document as the HTTP API sends them (DESIGN.md, "HTTP API").
import type { DownloadUrls, ExportError, ExportState } from '@crs-export/contracts';

export interface ExportResource {
  exportId: string;
  redisId: string;
  backupId: string;
  region: string;
  state: ExportState;
  taskId: number | null;
  taskStatus: number | null;
  polls: number;
  download: DownloadUrls | null;
  error: ExportError | null;
  startedAt?: string;
  updatedAt?: string;
  finishedAt?: string | null;
  /** Link to the execution in the Temporal Web UI, under whichever name the API gives it. */
  temporalUiUrl?: string;
  links?: Record<string, string | undefined>;
}

export interface ExportPage {
  items: ExportResource[];
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
