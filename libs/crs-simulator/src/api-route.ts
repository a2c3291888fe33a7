// `/v2/index.php`: parameters from the query (GET) or the form body (POST), faults, the signature check,
// then the action; every call lands in the call log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CRS_ACTIONS } from './crs-actions';
import { CrsSimError, errorBody, injectedError } from './error-codes';
import { decideFault, type FaultKind } from './faults';
import { BodyTooLargeError, delay, readBody, sendJson, sendText } from './http-io';
import { loggableParams } from './call-log';
import { canonicalRegion } from './regions';
import type { SimulatorCore } from './simulator-core';
import type { SignedRequest } from './signature-check';

export const API_PATH = '/v2/index.php';
const MAX_FORM_BYTES = 1024 * 1024;

export interface ApiRouteOptions {
  /** How long a `timeout` fault holds a socket before closing it (if the client has not given up first). */
  timeoutHoldMs: number;
  /** Sockets held by timeout faults, so that closing the server can release them. */
  heldSockets: Set<() => void>;
}

interface Answer {
  body: Record<string, unknown>;
  code: number;
}

/** Runs an authenticated call; never throws (every failure becomes an error body). */
function answerCall(core: SimulatorCore, request: SignedRequest): Answer {
  const shape = core.scenario.errorShape;
  try {
    const call = core.signatures.verify(request);
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
    return { body, code: 0 };
  } catch (error) {
    const simError =
      error instanceof CrsSimError
        ? error
        : new CrsSimError(6000, `internal simulator error: ${String(error)}`, 'InternalError');
    const body = errorBody(simError, shape);
    return { body: { ...body }, code: body.code };
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
  options: ApiRouteOptions,
): Promise<void> {
  const started = Date.now();
  const time = new Date(core.clock.now()).toISOString();
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
  const log = (code: number | null, httpStatus: number | null, fault: FaultKind | null): void => {
    core.calls.add({
      time,
      method,
      action,
      region: params['Region'] ?? null,
      params: loggableParams(params),
      code,
      httpStatus,
      fault,
      durationMs: Date.now() - started,
    });
  };

  const fault = decideFault(core.faults, action, core.random);
  if (fault.latencyMs > 0) await delay(fault.latencyMs);
  switch (fault.kind) {
    case 'timeout': {
      log(null, null, 'timeout');
      holdWithoutAnswer(req, res, options);
      return;
    }
    case 'httpError': {
      const status = fault.code ?? 502;
      log(null, status, 'httpError');
      sendText(res, status, `injected fault: HTTP ${status}`);
      return;
    }
    case 'error': {
      const body = errorBody(injectedError(fault.code ?? 6000), core.scenario.errorShape);
      log(body.code, 200, 'error');
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
    log(answer.code, null, 'dropResponse');
    req.socket.destroy();
    return;
  }
  log(answer.code, 200, null);
  sendJson(res, 200, answer.body, core.scenario.numbersAsStrings);
}

/** No answer: keep the socket until the client gives up, or close it after holdMs so nothing leaks. */
function holdWithoutAnswer(req: IncomingMessage, res: ServerResponse, options: ApiRouteOptions): void {
  const release = (): void => {
    clearTimeout(timer);
    options.heldSockets.delete(release);
    req.socket.destroy();
  };
  const timer = setTimeout(release, options.timeoutHoldMs);
  options.heldSockets.add(release);
  res.on('close', release);
}
