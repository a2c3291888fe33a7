// Reads the v2 response envelope {code, message, codeDesc, data, totalCount?}: the data on success, a
// classified CrsApiError otherwise. Both error shapes are accepted: a business code in `code` itself
// ({"code":11214}) and a platform code with the business code in the message ({"code":4000,"message":"(11214)..."}).
import { coerceNumber, coerceString, isRecord, type JsonRecord } from './coerce';
import { classifyV2Error, CrsApiError, V2_BUSINESS_CODE_MIN, v2CodeInfo } from '@crs-export/contracts';

export interface CrsSuccess {
  /** `data`, or {} when the answer has none. */
  data: JsonRecord;
  /** Some actions put `totalCount` at the top level; coerced from a numeric string. */
  totalCount: number | undefined;
}

export interface EnvelopeContext {
  action: string;
  httpStatus: number | null;
  /** Removes credentials from any text that goes into an error. */
  redact: (text: string) => string;
}

/** A module code at the start of `message`: "(11214)only cluster...", "(503) Quota run out". */
const MODULE_CODE_PREFIX = /^\s*\((\d+)\)/;
const SNIPPET_CHARS = 120;

/** JSON.parse that turns any body that is not a JSON object into an InvalidResponse error. */
export function parseEnvelopeText(text: string, context: EnvelopeContext): JsonRecord {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw CrsApiError.invalidResponse(
      context.action,
      `body is not JSON: ${snippet(text, context)}`,
      context.httpStatus,
    );
  }
  if (!isRecord(body)) {
    throw CrsApiError.invalidResponse(
      context.action,
      `body is not a JSON object: ${snippet(text, context)}`,
      context.httpStatus,
    );
  }
  return body;
}

export function isErrorEnvelope(body: JsonRecord): boolean {
  return body['code'] !== undefined && coerceNumber(body['code']) !== 0;
}

/** The data of a success answer; throws the classified CrsApiError of an error answer. */
export function unwrapEnvelope(body: JsonRecord, context: EnvelopeContext): CrsSuccess {
  const rawCode = body['code'];
  if (rawCode === undefined || rawCode === null) {
    throw CrsApiError.invalidResponse(context.action, 'the answer has no `code`', context.httpStatus);
  }
  const code = coerceNumber(rawCode);
  if (code === 0) {
    const data = body['data'];
    return {
      data: isRecord(data) ? data : Array.isArray(data) ? { items: data } : {},
      totalCount: coerceNumber(body['totalCount']),
    };
  }
  throw errorFromEnvelope(body, context);
}

/** The CrsApiError for an answer whose `code` is not 0. */
export function errorFromEnvelope(body: JsonRecord, context: EnvelopeContext): CrsApiError {
  const message = context.redact(coerceString(body['message']) ?? '');
  const codeDesc = coerceString(body['codeDesc'])?.trim() || undefined;
  const code = coerceNumber(body['code']);
  if (code === undefined || !Number.isInteger(code)) {
    // Not a number at all ("InvalidParameter"?): keep what was sent, and do not retry the unknown.
    const text = coerceString(body['code']) ?? JSON.stringify(body['code']);
    return new CrsApiError({
      kind: 'api',
      action: context.action,
      code: text,
      codeName: codeDesc ?? text,
      retryable: false,
      detail: message,
      httpStatus: context.httpStatus,
    });
  }
  const moduleCode = moduleCodeOf(message);
  // Short module codes ("(503) Quota run out") belong to other products' modules, not to Redis.
  const businessCode =
    code >= V2_BUSINESS_CODE_MIN ? code : moduleCode !== null && moduleCode >= V2_BUSINESS_CODE_MIN ? moduleCode : null;
  const classified = classifyV2Error(code, businessCode);
  return new CrsApiError({
    kind: 'api',
    action: context.action,
    code: classified.code,
    codeName: nameOf(codeDesc, classified.name, code, businessCode),
    retryable: classified.retryable,
    detail: message,
    platformCode: code,
    businessCode,
    httpStatus: context.httpStatus,
  });
}

/** The `(NNNNN)` module code at the start of a message, if any (any digit count: other modules use 3-6). */
export function moduleCodeOf(message: string): number | null {
  const match = MODULE_CODE_PREFIX.exec(message);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * Tencent's `codeDesc` names the error best (10711 is BackupStatusInvalid on export but BackupStatusAbnormal
 * on GetBackupDownloadUrl), unless it only names the platform code while a known business code is inside.
 */
function nameOf(
  codeDesc: string | undefined,
  tableName: string | undefined,
  platformCode: number,
  businessCode: number | null,
): string {
  const platformName = v2CodeInfo(platformCode)?.name;
  const describesOnlyPlatform = businessCode !== null && businessCode !== platformCode && codeDesc === platformName;
  if (codeDesc && codeDesc !== 'Success' && !(describesOnlyPlatform && tableName)) return codeDesc;
  return tableName ?? codeDesc ?? platformName ?? 'UnknownError';
}

function snippet(text: string, context: EnvelopeContext): string {
  const flat = context.redact(text).replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > SNIPPET_CHARS ? `${JSON.stringify(flat.slice(0, SNIPPET_CHARS))}...` : JSON.stringify(flat);
}
