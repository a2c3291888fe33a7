// Every route of the app declares its access, and each declared scope is enforced on each route: 401 without a
// key, 403 with a key lacking the scope, allowed with a key holding only that scope. The routes come from the app
// itself, so a controller added later is covered without touching this file. A real Temporal dev server; no worker.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_SCOPES, type ApiKeyScope } from '@crs-export/api-keys';
import { exportIdFor } from '@crs-export/contracts';
import { testApiKeyToken, testTemporalAddress, writeTestApiKeys } from '@crs-export/testing';
import type { ExecutionContext } from '@nestjs/common';
import { ApiAccessGuard } from '../src/auth/api-access.guard';
import { hasScope } from '../src/auth/authenticated-caller';
import { declaredRoutesOf, type DeclaredRoute } from '../src/auth/declared-routes';
import { RequestRateLimiter } from '../src/auth/request-rate-limiter';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';

/** A key holding only `scope`, and one holding every scope but it. */
const only = (scope: ApiKeyScope): string => testApiKeyToken(`auth-routes-only-${scope}`);
const allBut = (scope: ApiKeyScope): string => testApiKeyToken(`auth-routes-all-but-${scope}`);

/**
 * The access each route must declare. Exports and operations are fixed here; for batches, schedules and
 * notifications the rule the API follows: reads need `read`, starts and cancels `export`, other changes `admin`.
 */
function expectedAccess(route: Pick<DeclaredRoute, 'method' | 'path'>): ApiKeyScope | 'public' | null {
  const key = `${route.method} ${route.path}`;
  const fixed: Record<string, ApiKeyScope | 'public'> = {
    'POST /exports': 'export',
    'GET /exports': 'read',
    'GET /exports/:exportId': 'read',
    'POST /exports/:exportId/cancel': 'export',
    'GET /healthz': 'public',
    'GET /readyz': 'public',
    'GET /metrics': 'public',
    'POST /notifications/test': 'admin',
  };
  if (fixed[key]) return fixed[key];
  if (route.method === 'GET' && /^\/(batches|schedules|notifications)(\/|$)/.test(route.path)) return 'read';
  if (/^\/batches(\/|$)/.test(route.path)) return 'export';
  if (/^\/schedules(\/|$)/.test(route.path)) return 'admin';
  return null;
}

/** A concrete URL for a route template: unknown ids, so that an allowed request changes nothing. */
function urlOf(path: string): string {
  return path
    .replace(':exportId', exportIdFor('crs-nothere0', randomUUID()))
    .replace(/:[A-Za-z]+/g, `unknown-${randomUUID().slice(0, 8)}`);
}

function send(api: ApiTestApp, route: DeclaredRoute, token: string | null): request.Test {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let call = request(api.server)[method](urlOf(route.path));
  if (token !== null) call = call.set('Authorization', `Bearer ${token}`);
  // An empty object: valid JSON, never a valid request of a route that changes something.
  return route.method === 'GET' || route.method === 'DELETE' ? call : call.send({});
}

let api: ApiTestApp;
let routes: DeclaredRoute[];

beforeAll(async () => {
  const keys = await writeTestApiKeys(
    API_KEY_SCOPES.flatMap((scope) => [
      { token: only(scope), scopes: [scope] },
      { token: allBut(scope), scopes: API_KEY_SCOPES.filter((other) => other !== scope) },
    ]),
  );
  api = await startApiTestApp({
    ...keys.env,
    TEMPORAL_ADDRESS: testTemporalAddress(),
    TEMPORAL_TASK_QUEUE: `auth-routes-${randomUUID()}`,
  });
  routes = declaredRoutesOf(api.app);
});

afterAll(async () => {
  await api?.close();
});

describe('route access declarations', () => {
  it('finds the routes of the app, the export routes among them', () => {
    const names = routes.map((route) => `${route.method} ${route.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /exports',
        'GET /exports/:exportId',
        'POST /exports/:exportId/cancel',
        'GET /healthz',
      ]),
    );
  });

  it('has every route declare @RequireScope() or @PublicRoute()', () => {
    const undeclared = routes.filter((route) => route.access.kind === 'undeclared');
    expect(undeclared.map((route) => `${route.method} ${route.path} (${route.handler})`)).toEqual([]);
  });

  it('declares the agreed scope on each route', () => {
    const wrong = routes
      .map((route) => {
        const declared = route.access.kind === 'scope' ? route.access.scope : route.access.kind;
        return { route: `${route.method} ${route.path}`, declared, expected: expectedAccess(route) ?? declared };
      })
      .filter(({ declared, expected }) => declared !== expected);
    expect(wrong).toEqual([]);
  });

  it('refuses a route without a declaration even to a key with every scope (fail closed, a 500)', () => {
    class UndeclaredController {
      open(): string {
        return 'open';
      }
    }
    const guard = new ApiAccessGuard(new RequestRateLimiter(100));
    const request = { caller: { keyId: '0123456789ab', scopes: new Set(API_KEY_SCOPES) }, headers: {} };
    const context = {
      getHandler: () => UndeclaredController.prototype.open,
      getClass: () => UndeclaredController,
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
    expect(() => guard.canActivate(context)).toThrow(
      /UndeclaredController\.open declares neither @RequireScope\(\) nor @PublicRoute\(\)/,
    );
  });
});

describe('scope enforcement, route by route', () => {
  it('answers 401 without a key and with an unknown one on every non-public route', async () => {
    for (const route of routes.filter((candidate) => candidate.access.kind === 'scope')) {
      for (const token of [null, testApiKeyToken('auth-routes-unknown')]) {
        const response = await send(api, route, token);
        expect(response.status, `${route.method} ${route.path} with ${token ? 'an unknown key' : 'no key'}`).toBe(401);
        expect(response.body).toMatchObject({ type: 'urn:crs-export:problem:unauthorized' });
      }
    }
  });

  it('answers 403 with a key lacking the scope, and lets a key holding only that scope through', async () => {
    const checked: string[] = [];
    for (const route of routes) {
      if (route.access.kind !== 'scope') continue;
      const { scope } = route.access;
      const name = `${route.method} ${route.path} (${scope})`;
      const refused = await send(api, route, allBut(scope));
      expect(refused.status, name).toBe(403);
      expect(refused.body).toMatchObject({ type: 'urn:crs-export:problem:forbidden' });
      expect(refused.body.detail as string).toContain(scope);
      const allowed = await send(api, route, only(scope));
      expect([401, 403, 500], `${name}: ${JSON.stringify(allowed.body)}`).not.toContain(allowed.status);
      checked.push(name);
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'POST /exports (export)',
        'GET /exports (read)',
        'GET /exports/:exportId (read)',
        'POST /exports/:exportId/cancel (export)',
      ]),
    );
  });

  it('answers the export routes as they should once allowed', async () => {
    const find = (method: string, path: string): DeclaredRoute => {
      const route = routes.find((candidate) => candidate.method === method && candidate.path === path);
      if (!route) throw new Error(`no route ${method} ${path}`);
      return route;
    };
    expect((await send(api, find('GET', '/exports'), only('read'))).status).toBe(200);
    expect((await send(api, find('GET', '/exports/:exportId'), only('read'))).status).toBe(404);
    expect((await send(api, find('POST', '/exports'), only('export'))).status).toBe(400);
    expect((await send(api, find('POST', '/exports/:exportId/cancel'), only('export'))).status).toBe(404);
  });

  it('leaves public routes open without a key', async () => {
    for (const route of routes.filter((candidate) => candidate.access.kind === 'public')) {
      expect([401, 403], `${route.method} ${route.path}`).not.toContain((await send(api, route, null)).status);
    }
  });
});

describe('hasScope', () => {
  it("tells a service whether the request's key holds a scope", () => {
    const caller = { keyId: '0123456789ab', scopes: new Set<ApiKeyScope>(['read', 'urls']) };
    expect(hasScope({ caller }, 'urls')).toBe(true);
    expect(hasScope({ caller }, 'export')).toBe(false);
    expect(hasScope({}, 'read')).toBe(false);
  });
});
