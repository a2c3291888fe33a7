// The export resource and the problem document as the HTTP API sends them (DESIGN.md, "HTTP API").
import type { ExportFilter, ExportPage, ExportSummaryResource } from '@crs-export/contracts';

export type { ExportFilter, ExportResource, ExportSummaryResource } from '@crs-export/contracts';

/** GET /exports as the API answers it: summaries with links. */
export type ExportResourcePage = ExportPage<ExportSummaryResource>;

/** RFC 9457 problem details. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: unknown;
}

/** `crs-export list`: the filter and the page it asks for. */
export interface ListExportsOptions extends ExportFilter {
  limit?: number;
  cursor?: string;
}
