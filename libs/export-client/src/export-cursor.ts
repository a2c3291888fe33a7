// Opaque list cursors: Temporal's nextPageToken, bound to the visibility query it belongs to.
import { createHash } from 'node:crypto';
import { InvalidCursorError } from './export-client-errors';

const CURSOR_VERSION = 1;
const MAX_CURSOR_LENGTH = 4096;

interface CursorBody {
  v: number;
  /** A digest of the query: a cursor only continues the listing it came from. */
  q: string;
  t: string;
}

function queryDigest(query: string): string {
  return createHash('sha256').update(query).digest('base64url').slice(0, 16);
}

export function encodeExportCursor(query: string, pageToken: Uint8Array): string {
  const body: CursorBody = {
    v: CURSOR_VERSION,
    q: queryDigest(query),
    t: Buffer.from(pageToken).toString('base64url'),
  };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The page token inside a cursor; throws InvalidCursorError for anything this client did not issue. */
export function decodeExportCursor(query: string, cursor: string): Uint8Array {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError('not a cursor returned by GET /exports');
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor returned by GET /exports');
  }
  if (!isCursorBody(body)) throw new InvalidCursorError('not a cursor returned by GET /exports');
  if (body.q !== queryDigest(query)) throw new InvalidCursorError('it belongs to a listing with other filters');
  const token = Buffer.from(body.t, 'base64url');
  if (token.length === 0) throw new InvalidCursorError('empty page token');
  return token;
}

function isCursorBody(value: unknown): value is CursorBody {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record['v'] === CURSOR_VERSION && typeof record['q'] === 'string' && typeof record['t'] === 'string';
}
