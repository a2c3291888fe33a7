// Declares the API key scope a route needs (`@RequireScope('export')`), on a handler or a whole controller.
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { ApiKeyScope } from '@crs-export/api-keys';
import { ApiProblemResponses } from '../problems/problem-responses.decorator';

export const REQUIRED_SCOPE = 'crs-export:required-scope';

/**
 * The route answers 401 without a valid key, 403 when the key lacks the scope, 429 over the rate limit; every
 * route has this or @PublicRoute() (a test walks them all). On a handler it overrides its controller's.
 */
export const RequireScope = (scope: ApiKeyScope): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    ApiExtension('x-required-scope', scope),
    ApiProblemResponses(401, 403, 429),
  );
