// The one guard in front of every route, before its body is read: public routes pass; the rest count against
// the rate limit (unauthenticated requests too), then need a valid key (401) holding the route's scope (403).
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ApiRequest } from '../core/api-request';
import { ForbiddenError, RateLimitedError, UnauthorizedError } from '../problems/api-errors';
import type { AuthenticationFailure } from './authenticated-caller';
import { RequestRateLimiter } from './request-rate-limiter';
import { routeAccessOf } from './route-access';

function unauthorizedDetail(failure: AuthenticationFailure | undefined): string {
  switch (failure?.reason) {
    case undefined:
    case 'not-bearer':
      return 'send an API key as Authorization: Bearer <key>';
    case 'revoked':
      return `the API key ${failure.keyId ?? ''} has been revoked`;
    case 'expired':
      return `the API key ${failure.keyId ?? ''} has expired`;
    case 'malformed':
    case 'unknown':
    case 'mismatch':
      return 'the API key is not valid';
  }
}

@Injectable()
export class ApiAccessGuard implements CanActivate {
  constructor(private readonly limiter: RequestRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const access = routeAccessOf(context.getHandler(), context.getClass());
    if (access.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const decision = this.limiter.take(request);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
    if (access.kind === 'undeclared') {
      // Fail closed: a route nobody declared is a bug (auth-routes.spec.ts names it), not an open door.
      throw new Error(
        `${context.getClass().name}.${context.getHandler().name} declares neither @RequireScope() nor @PublicRoute()`,
      );
    }
    const caller = request.caller;
    if (!caller) throw new UnauthorizedError(unauthorizedDetail(request.authFailure));
    if (!caller.scopes.has(access.scope)) {
      throw new ForbiddenError(
        `this route needs an API key with the scope ${access.scope}; key ${caller.keyId} lacks it`,
      );
    }
    return true;
  }
}
