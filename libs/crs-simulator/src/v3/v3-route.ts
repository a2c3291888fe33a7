// `/` as redis.tencentcloudapi.com serves it: POST JSON (or GET query strings) with X-TC-Action, checked in
// the order a gateway needs (action, version, TC3 signature, region, rate limit, parameters), answered in
// the 3.0 envelope with X-TC-TraceId; faults, the call log and the state file as for v2.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { flattenParams } from '../call-log';
import { decideFault } from '../fault-decision';
import type { FaultKind } from '../fault-schema';
import { BodyTooLargeError, delay, holdWithoutAnswer, readRawBody, type HeldSockets } from '../http-io';
import { rateLimitOf } from '../rate-limits';
import { longRegionName, regionOfLongName } from '../regions';
import type { SimulatorCore } from '../simulator-core';
import { isV3ActionName } from './v3-action-names';
import { V3_ACTIONS } from './v3-actions';
import { errorEnvelope, sendEnvelope, sendGatewayError, successEnvelope } from './v3-envelope';
import { v3Error, V3SimError } from './v3-error';
import { unflattenQuery, type ParamSource } from './v3-params';
import { verifyTc3 } from './tc3-verifier';

export const V3_PATH = '/';
export const V3_VERSION = '2018-04-12';
export const V3_SERVICE = 'redis';
/** Tencent refuses bodies over 10 MB (RequestSizeLimitExceeded). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface V3RouteOptions extends HeldSockets {
  /** Base URL of download URLs when the call was addressed to Tencent's name (the simulator's own). */
  ownBaseUrl: () => string;
}

interface ReceivedCall {
  method: string;
  action: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

interface Answer {
  body: Record<string, unknown>;
  code: string | 0;
  account: string | null;
}

/** The call's parameters for the log, flattened; whatever cannot be parsed is left out. */
function loggableParams(method: string, url: URL, body: Buffer): Record<string, string> {
  if (method === 'GET') return Object.fromEntries(url.searchParams);
  try {
    return flattenParams(JSON.parse(body.toString('utf8')));
  } catch {
    return {};
  }
}

function header(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Download URLs point back at the host the call was sent to, unless that is Tencent's name (an agent). */
function downloadBaseOf(host: string | undefined, options: V3RouteOptions): string {
  if (!host || /(^|\.)tencentcloudapi\.com(:\d+)?$/i.test(host)) return options.ownBaseUrl();
  return `http://${host}`;
}

function rawParams(call: ReceivedCall): { source: ParamSource; raw: unknown } {
  if (call.method === 'GET') return { source: 'query', raw: unflattenQuery(call.url.searchParams) };
  const contentType = (header(call.headers, 'content-type') ?? '').toLowerCase();
  if (!contentType.startsWith('application/json'))
    throw v3Error('InvalidParameter', `POST bodies must be application/json, got ${JSON.stringify(contentType)}`);
  const text = call.body.toString('utf8');
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw v3Error('InvalidParameter', 'the request body is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw v3Error('InvalidParameter', 'the request body must be a JSON object');
  return { source: 'json', raw };
}

function answerCall(core: SimulatorCore, call: ReceivedCall, requestId: string, options: V3RouteOptions): Answer {
  let account: string | null = null;
  try {
    if (call.action === '') throw v3Error('MissingParameter', 'the request is missing the X-TC-Action header');
    if (!isV3ActionName(call.action))
      throw v3Error(
        'InvalidAction',
        `The action \`${call.action}\` is not found in the redis service (version ${V3_VERSION})`,
      );
    const version = header(call.headers, 'x-tc-version');
    if (version === undefined) throw v3Error('MissingParameter', 'the request is missing the X-TC-Version header');
    if (version !== V3_VERSION)
      throw v3Error('NoSuchVersion', `The version \`${version}\` of redis does not exist; use ${V3_VERSION}`);
    const auth = verifyTc3(
      {
        method: call.method,
        path: call.url.pathname,
        query: call.url.search.slice(1),
        headers: call.headers,
        body: call.body,
      },
      {
        service: V3_SERVICE,
        now: core.authClock.now(),
        credentialOf: (secretId) => {
          const credential = core.credential(secretId);
          return (
            credential && { secretKey: credential.secretKey, ...(credential.token ? { token: credential.token } : {}) }
          );
        },
      },
    );
    if (!auth.ok) throw v3Error(auth.code, auth.message);
    account = core.accountOf(auth.secretId);
    const regionName = header(call.headers, 'x-tc-region');
    if (regionName === undefined || regionName === '')
      throw v3Error('MissingParameter', 'the request is missing the X-TC-Region header');
    const region = regionOfLongName(regionName);
    if (region === null) throw v3Error('UnsupportedRegion', `the redis service is not offered in region ${regionName}`);
    const limit = rateLimitOf(core.v3.rateLimits, call.action);
    if (limit !== null && !core.rateLimits.admit(account, call.action, limit))
      throw v3Error(
        'RequestLimitExceeded',
        `Your current request times exceed the limit of ${call.action} (${limit} per second)`,
      );
    const { source, raw } = rawParams(call);
    const action = V3_ACTIONS[call.action];
    const fields = action.run(
      {
        state: core.state,
        settings: core.v3,
        cos: core.cos,
        region,
        regionLong: longRegionName(region),
        now: core.clock.now(),
        downloadBase: downloadBaseOf(header(call.headers, 'host'), options),
      },
      raw,
      source,
      core.v3.unknownParameters,
    );
    if (action.mutates) core.persist();
    return { body: successEnvelope(fields, requestId), code: 0, account };
  } catch (error) {
    const simError =
      error instanceof V3SimError ? error : v3Error('InternalError', `internal simulator error: ${String(error)}`);
    return { body: errorEnvelope(simError.code, simError.message, requestId), code: simError.code, account };
  }
}

export async function handleV3Call(
  core: SimulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: V3RouteOptions,
): Promise<void> {
  const started = Date.now();
  const time = new Date(core.clock.now()).toISOString();
  const wallTime = new Date(core.authClock.now()).toISOString();
  const method = req.method ?? 'GET';
  const action = header(req.headers, 'x-tc-action') ?? '';
  const traceId = header(req.headers, 'x-tc-traceid') ?? randomUUID();
  const requestId = randomUUID();
  let params: Record<string, string> = {};
  const log = (
    code: string | 0 | null,
    httpStatus: number | null,
    fault: FaultKind | null,
    account: string | null,
  ): void => {
    core.calls.add({
      api: 'v3',
      time,
      wallTime,
      method,
      action,
      region: header(req.headers, 'x-tc-region') ?? null,
      account,
      params,
      code,
      httpStatus,
      fault,
      downloadFault: null,
      durationMs: Date.now() - started,
    });
  };
  const refuse = (code: string, message: string): void => {
    log(code, 200, null, null);
    sendEnvelope(res, errorEnvelope(code, message, requestId), traceId);
  };
  if (method !== 'GET' && method !== 'POST') return refuse('UnsupportedProtocol', 'only GET and POST are supported');
  let body: Buffer;
  try {
    body = method === 'POST' ? await readRawBody(req, MAX_BODY_BYTES) : Buffer.alloc(0);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return refuse('RequestSizeLimitExceeded', error.message);
    throw error;
  }
  params = loggableParams(method, url, body);

  const fault = decideFault(core.faults, action, 'v3', core.random);
  if (fault.latencyMs > 0) await delay(fault.latencyMs);
  switch (fault.kind) {
    case 'timeout':
      log(null, null, 'timeout', null);
      holdWithoutAnswer(req, res, options);
      return;
    case 'httpError': {
      const status = Number(fault.code ?? 502);
      log(null, status, 'httpError', null);
      sendGatewayError(res, status, traceId);
      return;
    }
    case 'error': {
      const code = String(fault.code ?? 'InternalError');
      log(code, 200, 'error', null);
      sendEnvelope(res, errorEnvelope(code, `injected fault: ${code}`, requestId), traceId);
      return;
    }
    case 'dropResponse':
    case null:
      break;
  }

  const answer = answerCall(core, { method, action, url, headers: req.headers, body }, requestId, options);
  if (fault.kind === 'dropResponse') {
    // The call took effect; the client never learns it.
    log(answer.code, null, 'dropResponse', answer.account);
    req.socket.destroy();
    return;
  }
  log(answer.code, 200, null, answer.account);
  sendEnvelope(res, answer.body, traceId);
}
