// Express middleware ahead of routing and of any body parsing: checks the bearer key once (one HMAC, no I/O)
// and records the caller, or why the key was refused, on the request. The access guard decides what that means.
import type { NextFunction, Response } from 'express';
import { bearerTokenOf, type ApiKeyStore } from '@crs-export/api-keys';
import type { ApiRequest } from '../core/api-request';

export function authenticateRequests(keys: ApiKeyStore) {
  return (request: ApiRequest, _response: Response, next: NextFunction): void => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const token = bearerTokenOf(header);
      const check = token === null ? null : keys.verify(token);
      if (check?.ok) request.caller = { keyId: check.keyId, scopes: check.scopes };
      else
        request.authFailure = check
          ? { reason: check.reason, keyId: check.keyId }
          : { reason: 'not-bearer', keyId: null };
    }
    next();
  };
}
