// Who starts an export: the API key's id (set by the key guard) and the optional Idempotency-Key header.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiRequest } from '../core/api-request';
import { RequestValidationError } from '../problems/api-errors';

export interface Caller {
  keyId: string;
  idempotencyKey?: string;
}

/** Printable ASCII, at most 255 characters (what the IETF Idempotency-Key draft and Stripe accept). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function callerOf(request: ApiRequest): Caller {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return { keyId: request.apiKeyId ?? '' };
  if (typeof raw !== 'string' || !IDEMPOTENCY_KEY.test(raw)) {
    throw new RequestValidationError([
      { field: 'Idempotency-Key', messages: ['Idempotency-Key must be 1 to 255 printable ASCII characters'] },
    ]);
  }
  return { keyId: request.apiKeyId ?? '', idempotencyKey: raw };
}

export const CallerOf = createParamDecorator((_data: unknown, context: ExecutionContext): Caller =>
  callerOf(context.switchToHttp().getRequest<ApiRequest>()),
);
