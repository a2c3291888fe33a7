// What a route declares about access: public, one scope, or nothing (a bug: the guard refuses it, a test finds it).
import type { ApiKeyScope } from '@crs-export/api-keys';
import { PUBLIC_ROUTE } from './public-route.decorator';
import { REQUIRED_SCOPE } from './require-scope.decorator';

export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'scope'; readonly scope: ApiKeyScope }
  /** Neither @RequireScope nor @PublicRoute, or both on the same handler or controller. */
  | { readonly kind: 'undeclared' };

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- handlers and controllers are any functions
type Target = Function;

function declaredOn(target: Target): RouteAccess | null {
  const isPublic = Reflect.getMetadata(PUBLIC_ROUTE, target) === true;
  const scope = Reflect.getMetadata(REQUIRED_SCOPE, target) as ApiKeyScope | undefined;
  if (isPublic && scope !== undefined) return { kind: 'undeclared' };
  if (isPublic) return { kind: 'public' };
  return scope === undefined ? null : { kind: 'scope', scope };
}

/** The handler's own declaration, else its controller's. */
export function routeAccessOf(handler: Target, controller: Target): RouteAccess {
  return declaredOn(handler) ?? declaredOn(controller) ?? { kind: 'undeclared' };
}
