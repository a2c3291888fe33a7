// Download URLs are bearer secrets: an export resource carries them only when the request asks for them
// (?include=urls) with a key that holds the `urls` scope; a request that asks without it gets a 403.
import { hasScope } from '../auth/authenticated-caller';
import type { ApiRequest } from '../core/api-request';
import { ForbiddenError } from '../problems/api-errors';
import type { GetExportQuery } from './dto/get-export.query';

export function urlsWanted(query: GetExportQuery, request: ApiRequest): boolean {
  if (query.include !== 'urls') return false;
  if (!hasScope(request, 'urls')) {
    throw new ForbiddenError('include=urls needs an API key with scope urls (download URLs are bearer secrets)');
  }
  return true;
}
