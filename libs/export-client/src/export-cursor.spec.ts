import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from './export-client-errors';
import { decodeExportCursor, encodeExportCursor } from './export-cursor';
import { exportVisibilityQuery } from './export-visibility-query';

const query = exportVisibilityQuery({ redisId: 'crs-j30wibe7' });

describe('export list cursors', () => {
  it('carry the page token back unchanged', () => {
    const token = new Uint8Array([1, 2, 3, 250]);
    const cursor = encodeExportCursor(query, token);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Array.from(decodeExportCursor(query, cursor))).toEqual([1, 2, 3, 250]);
  });

  it('reject a cursor from a listing with other filters', () => {
    const cursor = encodeExportCursor(query, new Uint8Array([1]));
    expect(() => decodeExportCursor(exportVisibilityQuery({ state: 'FAILED' }), cursor)).toThrow(InvalidCursorError);
  });

  it.each(['', 'not base64!', 'Zm9v', Buffer.from('{"v":2,"q":"x","t":"AQ"}').toString('base64url'), 'a'.repeat(5000)])(
    'reject %j',
    (cursor) => {
      expect(() => decodeExportCursor(query, cursor)).toThrow(InvalidCursorError);
    },
  );
});

describe('the visibility query of a listing', () => {
  it('filters on the workflow type and every given search attribute', () => {
    expect(exportVisibilityQuery({ redisId: 'crs-j30wibe7', state: 'FAILED' })).toBe(
      "WorkflowType = 'exportRedisBackup' AND RedisId = 'crs-j30wibe7' AND ExportState = 'FAILED'",
    );
  });

  it('escapes quotes so a value cannot widen the query', () => {
    expect(exportVisibilityQuery({ backupId: "x' OR 'a'='a" })).toBe(
      "WorkflowType = 'exportRedisBackup' AND BackupId = 'x\\' OR \\'a\\'=\\'a'",
    );
  });
});
