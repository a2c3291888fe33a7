// A request to a path the API serves, with a method it does not serve there, gets a 405 problem with an Allow
// header naming the methods that path takes (RFC 9110 §15.5.6), instead of a 404 that suggests the path is
// wrong. Paths the API does not serve at all still reach Nest's 404.
import type { RequestHandler } from 'express';
import { STATUS_CODES } from 'node:http';
import type { DeclaredRoute } from '../auth/declared-routes';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem.dto';
import { ProblemType } from '../problems/problem-types';

interface RoutePattern {
  pattern: RegExp;
  methods: Set<string>;
}

function patternsOf(routes: readonly Pick<DeclaredRoute, 'method' | 'path'>[]): RoutePattern[] {
  const byPath = new Map<string, RoutePattern>();
  for (const route of routes) {
    const source = route.path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const entry = byPath.get(source) ?? { pattern: new RegExp(`^${source}/?$`), methods: new Set<string>() };
    entry.methods.add(route.method);
    if (route.method === 'GET') entry.methods.add('HEAD');
    byPath.set(source, entry);
  }
  return [...byPath.values()];
}

/** The methods `path` is served with, or null when no route has that path. */
export function allowedMethods(
  routes: readonly Pick<DeclaredRoute, 'method' | 'path'>[],
  path: string,
): string[] | null {
  const matching = patternsOf(routes).filter((entry) => entry.pattern.test(path));
  if (matching.length === 0) return null;
  return [...new Set(matching.flatMap((entry) => [...entry.methods]))].sort();
}

export function methodNotAllowed(routes: readonly Pick<DeclaredRoute, 'method' | 'path'>[]): RequestHandler {
  const patterns = patternsOf(routes);
  return (request, response, next) => {
    const path = request.path;
    const matching = patterns.filter((entry) => entry.pattern.test(path));
    if (matching.length === 0 || matching.some((entry) => entry.methods.has(request.method))) {
      next();
      return;
    }
    const allow = [...new Set(matching.flatMap((entry) => [...entry.methods]))].sort();
    const body = {
      type: ProblemType.http(405),
      title: STATUS_CODES[405],
      status: 405,
      detail: `${request.method} is not served on ${path}; it takes ${allow.join(', ')}`,
      instance: path,
      requestId: (request as { requestId?: string }).requestId ?? '',
    };
    response
      .status(405)
      .setHeader('Allow', allow.join(', '))
      .setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
      .end(JSON.stringify(body));
  };
}
