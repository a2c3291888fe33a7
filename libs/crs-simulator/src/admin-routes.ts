// The admin routes under /_sim, outside Tencent's API: scenario, state, calls, faults, files, reset,
// clock. With an admin token configured, every route but the health check needs it (401 otherwise).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasAdminToken } from './admin-token';
import { FaultConfigError, parseFaultConfig } from './fault-schema';
import { BodyTooLargeError, readBody, sendJson } from './http-io';
import { ScenarioError } from './scenario-schema';
import type { SimulatorCore } from './simulator-core';

export const ADMIN_PREFIX = '/_sim/';
const MAX_ADMIN_BODY_BYTES = 16 * 1024 * 1024;
/** Open even with a token: readiness probes carry no secret. */
const OPEN_ROUTES = new Set(['GET /_sim/healthz']);

class AdminInputError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'AdminInputError';
  }
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req, MAX_ADMIN_BODY_BYTES);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AdminInputError('the body must be JSON');
  }
}

/** The scenario as shown to a caller: secret keys and tokens hidden. */
function publicScenario(core: SimulatorCore): Record<string, unknown> {
  const { credentials, instances: _instances, ...settings } = core.scenario;
  return {
    ...settings,
    credentials: credentials.map((credential) => ({
      ...credential,
      secretKey: '[redacted]',
      ...(credential.token ? { token: '[redacted]' } : {}),
    })),
  };
}

type AdminHandler = (core: SimulatorCore, req: IncomingMessage, url: URL) => Promise<unknown>;

const ROUTES: Record<string, AdminHandler> = {
  'GET /_sim/healthz': async () => ({ ok: true }),
  'GET /_sim/state': async (core) => ({
    scenario: publicScenario(core),
    faults: core.faults,
    ...core.state.snapshot(),
  }),
  'PUT /_sim/scenario': async (core, req) => {
    const scenario = core.setScenario(await jsonBody(req));
    return { ok: true, instances: scenario.instances.length };
  },
  'GET /_sim/calls': async (core, _req, url) => {
    const action = url.searchParams.get('action') ?? undefined;
    const api = url.searchParams.get('api') ?? undefined;
    if (api !== undefined && api !== 'v2' && api !== 'v3') throw new AdminInputError('api is v2 or v3');
    const limit = Number(url.searchParams.get('limit') ?? 'NaN');
    const calls = core.calls.list({ ...(action ? { action } : {}), ...(api ? { api } : {}) });
    return { calls: Number.isInteger(limit) && limit > 0 ? calls.slice(-limit) : calls };
  },
  'DELETE /_sim/calls': async (core) => {
    core.calls.clear();
    return { ok: true };
  },
  'GET /_sim/faults': async (core) => ({ faults: core.faults }),
  'PUT /_sim/faults': async (core, req) => {
    core.faults = parseFaultConfig(await jsonBody(req));
    return { ok: true, faults: core.faults };
  },
  'DELETE /_sim/faults': async (core) => {
    core.faults = {};
    return { ok: true };
  },
  'GET /_sim/files': async (core, _req, url) => {
    const redisId = url.searchParams.get('redisId');
    const backupId = url.searchParams.get('backupId');
    if (!redisId || !backupId) throw new AdminInputError('expected ?redisId=<instance>&backupId=<backup>');
    const files = core.files(redisId, backupId);
    if (!files) throw new AdminInputError(`no backup ${backupId} of ${redisId}`);
    return files;
  },
  'POST /_sim/reset': async (core) => {
    core.reset();
    return { ok: true };
  },
  'POST /_sim/advance': async (core, req) => {
    const body = await jsonBody(req);
    const ms = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['ms'] : undefined;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      throw new AdminInputError('expected { "ms": <milliseconds to move the simulated clock forward> }');
    return { now: new Date(core.advance(ms)).toISOString() };
  },
};

export async function handleAdmin(
  core: SimulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  adminToken: string | null,
): Promise<void> {
  const key = `${req.method ?? 'GET'} ${url.pathname}`;
  if (!OPEN_ROUTES.has(key) && !hasAdminToken(req, adminToken)) {
    sendJson(res, 401, { error: 'the admin routes need Authorization: Bearer <the simulator admin token>' }, false, {
      'www-authenticate': 'Bearer realm="crs-simulator"',
    });
    return;
  }
  const route = ROUTES[key];
  if (!route) {
    sendJson(res, 404, { error: `no admin route ${req.method ?? ''} ${url.pathname}`, routes: Object.keys(ROUTES) });
    return;
  }
  try {
    sendJson(res, 200, await route(core, req, url));
  } catch (error) {
    if (error instanceof ScenarioError || error instanceof FaultConfigError || error instanceof AdminInputError) {
      sendJson(res, 400, { error: error.message.split('\n')[0], problems: error.problems });
    } else if (error instanceof BodyTooLargeError) {
      sendJson(res, 413, { error: error.message });
    } else {
      sendJson(res, 500, { error: String(error) });
    }
  }
}
