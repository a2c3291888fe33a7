// The export resource and the problem document as the HTTP API sends them (DESIGN.md, "HTTP API").
import type { ExportState } from '@crs-export/contracts';

export type { ExportPage, ExportResource, ExportSummary } from '@crs-export/contracts';

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
