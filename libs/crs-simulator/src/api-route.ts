// `/v2/index.php`: parameters from the query (GET) or the form body (POST), faults, the signature check,
// then the action; every call lands in the call log, and a call that changed the account is saved to the
// state file before its answer leaves.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CRS_ACTIONS } from './crs-actions';
import { CrsSimError, errorBody, injectedError } from './error-codes';
import { decideFault } from './fault-decision';
import type { FaultKind } from './fault-schema';
import { BodyTooLargeError, delay, holdWithoutAnswer, readBody, sendJson, sendText, type HeldSockets } from './http-io';
import { loggableParams } from './call-log';
import { canonicalRegion } from './regions';
import type { SimulatorCore } from './simulator-core';
import type { SignedRequest } from './signature-check';

export const API_PATH = '/v2/index.php';
const MAX_FORM_BYTES = 1024 * 1024;
/** The v2 actions whose success changes the account. */
const MUTATING_ACTIONS = new Set(['ExportRedisBackup', 'ManualBackupInstance']);

interface Answer {
  body: Record<string, unknown>;
  code: number;
  account: string | null;
}

/** Runs an authenticated call; never throws (every failure becomes an error body). */
function answerCall(core: SimulatorCore, request: SignedRequest): Answer {
  const shape = core.scenario.errorShape;
  let account: string | null = null;
  try {
    const call = core.signatures.verify(request);
    account = core.accountOf(call.secretId);
    const handler = Object.prototype.hasOwnProperty.call(CRS_ACTIONS, call.action)
      ? CRS_ACTIONS[call.action]
      : undefined;
    if (!handler) throw new CrsSimError(4000, `(Action) unknown action ${call.action}`, 'InvalidAction');
    if (!call.region)
      throw new CrsSimError(4000, '(Region) missing common parameter: the region, e.g. gz', 'InvalidParameter');
    const region = canonicalRegion(call.region);
    if (!region) throw new CrsSimError(4000, `(Region) unknown region ${call.region}`, 'InvalidParameter');
    const result = handler({
      state: core.state,
      region,
      params: call.params,
      host: request.host,
      downloads: core.downloads,
      now: core.clock.now(),
    });
    const body: Record<string, unknown> = { code: 0, message: '', codeDesc: 'Success' };
    if (result.totalCount !== undefined) body['totalCount'] = result.totalCount;
    body['data'] = result.data;
    if (MUTATING_ACTIONS.has(call.action)) core.persist();
    return { body, code: 0, account };
  } catch (error) {
    const simError =
      error instanceof CrsSimError
        ? error
        : new CrsSimError(6000, `internal simulator error: ${String(error)}`, 'InternalError');
    const body = errorBody(simError, shape);
    return { body: { ...body }, code: body.code, account };
  }
}

async function requestParams(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
  // With POST the query string is ignored, as Tencent documents.
  const text = req.method === 'POST' ? await readBody(req, MAX_FORM_BYTES) : url.search.slice(1);
  return Object.fromEntries(new URLSearchParams(text));
}

export async function handleApiCall(
  core: SimulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HeldSockets,
): Promise<void> {
  const started = Date.now();
  const time = new Date(core.clock.now()).toISOString();
  const wallTime = new Date(core.authClock.now()).toISOString();
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    sendText(res, 405, 'only GET and POST are supported');
    return;
  }
  let params: Record<string, string>;
  try {
    params = await requestParams(req, url);
  } catch (error) {
    sendText(res, error instanceof BodyTooLargeError ? 413 : 400, String(error));
    return;
  }
  const action = params['Action'] ?? '';
  const log = (
    code: number | null,
    httpStatus: number | null,
    fault: FaultKind | null,
    account: string | null,
  ): void => {
    core.calls.add({
      api: 'v2',
      time,
      wallTime,
      method,
      action,
      region: params['Region'] ?? null,
      account,
      params: loggableParams(params),
      code,
      httpStatus,
      fault,
      downloadFault: null,
      durationMs: Date.now() - started,
    });
  };

  const fault = decideFault(core.faults, action, 'v2', core.random);
  if (fault.latencyMs > 0) await delay(fault.latencyMs);
  switch (fault.kind) {
    case 'timeout': {
      log(null, null, 'timeout', null);
      holdWithoutAnswer(req, res, options);
      return;
    }
    case 'httpError': {
      const status = Number(fault.code ?? 502);
      log(null, status, 'httpError', null);
      sendText(res, status, `injected fault: HTTP ${status}`);
      return;
    }
    case 'error': {
      const body = errorBody(injectedError(Number(fault.code ?? 6000)), core.scenario.errorShape);
      log(body.code, 200, 'error', null);
      sendJson(res, 200, body, core.scenario.numbersAsStrings);
      return;
    }
    case 'dropResponse':
    case null:
      break;
  }

  const answer = answerCall(core, { method, host: req.headers.host ?? '', path: url.pathname, params });
  if (fault.kind === 'dropResponse') {
    // The call took effect; the client never learns it.
    log(answer.code, null, 'dropResponse', answer.account);
    req.socket.destroy();
    return;
  }
  log(answer.code, 200, null, answer.account);
  sendJson(res, 200, answer.body, core.scenario.numbersAsStrings);
}
