// Who starts an export: the API key's id, the request id (for the audit trail) and the optional Idempotency-Key.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiRequest } from '../core/api-request';
import { RequestValidationError } from '../problems/api-errors';

export interface Caller {
  keyId: string;
  requestId: string;
  idempotencyKey?: string;
}

/** Printable ASCII, at most 255 characters (what the IETF Idempotency-Key draft and Stripe accept). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function callerOf(request: ApiRequest): Caller {
  const raw = request.headers['idempotency-key'];
  const who = { keyId: request.caller?.keyId ?? '', requestId: request.requestId ?? '' };
  if (raw === undefined) return who;
  if (typeof raw !== 'string' || !IDEMPOTENCY_KEY.test(raw)) {
    throw new RequestValidationError([
      { field: 'Idempotency-Key', messages: ['Idempotency-Key must be 1 to 255 printable ASCII characters'] },
    ]);
  }
  return { ...who, idempotencyKey: raw };
}

export const CallerOf = createParamDecorator((_data: unknown, context: ExecutionContext): Caller =>
  callerOf(context.switchToHttp().getRequest<ApiRequest>()),
);
