// The admin routes under /_sim, outside Tencent's API: scenario, state, calls, faults, reset, clock.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultConfigError, parseFaultConfig } from './faults';
import { BodyTooLargeError, readBody, sendJson } from './http-io';
import { ScenarioError } from './scenario';
import type { SimulatorCore } from './simulator-core';

export const ADMIN_PREFIX = '/_sim/';
const MAX_ADMIN_BODY_BYTES = 16 * 1024 * 1024;

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

/** The scenario as shown to a caller: secret keys hidden. */
function publicScenario(core: SimulatorCore): Record<string, unknown> {
  const { credentials, instances: _instances, ...settings } = core.scenario;
  return {
    ...settings,
    credentials: credentials.map((credential) => ({ secretId: credential.secretId, secretKey: '[redacted]' })),
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
    const limit = Number(url.searchParams.get('limit') ?? 'NaN');
    const calls = core.calls.list(action ? { action } : {});
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
  'POST /_sim/reset': async (core) => {
    core.reset();
    return { ok: true };
  },
  'POST /_sim/advance': async (core, req) => {
    const body = await jsonBody(req);
    const ms = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['ms'] : undefined;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      throw new AdminInputError('expected { "ms": <milliseconds to move the simulated clock forward> }');
    return { now: new Date(core.clock.advance(ms)).toISOString() };
  },
};

export async function handleAdmin(
  core: SimulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const route = ROUTES[`${req.method ?? 'GET'} ${url.pathname}`];
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
