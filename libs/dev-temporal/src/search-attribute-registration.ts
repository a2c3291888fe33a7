// Registers the export search attributes on a namespace; safe to repeat (already-registered is fine).
import { type Connection } from '@temporalio/client';
import { EXPORT_SEARCH_ATTRIBUTES } from '@crs-export/contracts';
import { temporal } from '@temporalio/proto';

export async function ensureExportSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const listed = await connection.operatorService.listSearchAttributes({ namespace });
  const existing = new Set(Object.keys(listed.customAttributes ?? {}));
  const missing = EXPORT_SEARCH_ATTRIBUTES.filter((key) => !existing.has(key.name));
  if (missing.length === 0) return;
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of missing) {
    searchAttributes[key.name] = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  }
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (error) {
    // ALREADY_EXISTS (gRPC 6): another process registered them first.
    if ((error as { code?: number }).code !== 6) throw error;
  }
}
