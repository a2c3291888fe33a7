// Who is calling: the API key a request authenticated with (set before routing), and the helper services use.
import type { ApiKeyRefusal, ApiKeyScope } from '@crs-export/api-keys';

export interface AuthenticatedCaller {
  /** The key's id (12 hex digits): safe to log and to store, it is not the key. */
  readonly keyId: string;
  readonly scopes: ReadonlySet<ApiKeyScope>;
}

/** Why a presented Authorization header was refused (kept for the 401's detail and the request log). */
export interface AuthenticationFailure {
  /** `not-bearer`: another scheme, or no token after `Bearer`. */
  readonly reason: ApiKeyRefusal | 'not-bearer';
  /** The id the token claimed, when it had the form of a key. */
  readonly keyId: string | null;
}

/** True when the request's key holds the scope, e.g. `hasScope(request, 'urls')` before showing download URLs. */
export function hasScope(request: { readonly caller?: AuthenticatedCaller | undefined }, scope: ApiKeyScope): boolean {
  return request.caller?.scopes.has(scope) ?? false;
}
