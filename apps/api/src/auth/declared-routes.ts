// Every route the Nest app registered, with what it declares about access: what auth-routes.spec.ts checks,
// so that a controller added later without @RequireScope() or @PublicRoute() fails the tests.
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { routeAccessOf, type RouteAccess } from './route-access';

export interface DeclaredRoute {
  /** `GET`, `POST`, ... */
  readonly method: string;
  /** Express form, e.g. `/exports/:exportId/cancel`. */
  readonly path: string;
  /** `ExportsController.cancel`. */
  readonly handler: string;
  readonly access: RouteAccess;
}

const pathsOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value ?? '')]);

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

export function declaredRoutesOf(app: INestApplication): DeclaredRoute[] {
  const scanner = new MetadataScanner();
  const routes: DeclaredRoute[] = [];
  const seen = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler)) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const base of pathsOf(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const path of pathsOf(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({
              method,
              path: joinPath(base, path),
              handler: `${controller.name}.${name}`,
              access: routeAccessOf(handler, controller),
            });
          }
        }
      }
    }
  }
  return routes;
}
