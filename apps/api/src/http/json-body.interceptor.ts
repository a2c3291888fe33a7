// Reads JSON request bodies after the access guard, so that a request without a valid key is answered 401 (or
// 429) before a byte of its body is read; 400, 413 and 415 come out of the one problem-details filter.
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { json, type RequestHandler, type Response } from 'express';
import type { Observable } from 'rxjs';
import type { AppConfig } from '@crs-export/config';
import type { ApiRequest } from '../core/api-request';
import { API_CONFIG } from '../core/api-tokens';
import {
  MalformedBodyError,
  PayloadTooLargeError,
  RequestValidationError,
  UnsupportedMediaTypeError,
} from '../problems/api-errors';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

function hasBody(request: ApiRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** body-parser's error types, mapped onto our errors. */
function bodyError(error: unknown, limitBytes: number): Error {
  const type = (error as { type?: unknown }).type;
  switch (type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(limitBytes);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('the request body must be UTF-8 JSON');
    case 'entity.parse.failed':
      return new MalformedBodyError('the request body is not valid JSON');
    default:
      return new MalformedBodyError('the request body could not be read');
  }
}

/**
 * class-validator's whitelist looks field names up in a plain object, so `__proto__`, `constructor` or
 * `toString` would pass as known fields: refuse them here, as the validation pipe refuses any unknown field.
 */
function rejectPrototypeKeys(body: object): void {
  const fields = Object.keys(body).filter((key) => key in Object.prototype);
  if (fields.length > 0) {
    throw new RequestValidationError(
      fields.map((field) => ({ field, messages: [`property ${field} should not exist`] })),
    );
  }
}

@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  private readonly parse: RequestHandler;
  private readonly limitBytes: number;

  constructor(@Inject(API_CONFIG) config: AppConfig) {
    this.limitBytes = config.api.bodyLimitBytes;
    // The media type is checked below; the parser reads every body it is handed.
    this.parse = json({ limit: this.limitBytes, strict: true, type: () => true });
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<ApiRequest>();
    if (hasBody(request)) await this.read(request, http.getResponse<Response>());
    return next.handle();
  }

  private async read(request: ApiRequest, response: Response): Promise<void> {
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new UnsupportedMediaTypeError(`the request body must be application/json, not ${mediaType || 'untyped'}`);
    }
    await new Promise<void>((resolve, reject) => {
      this.parse(request, response, (error?: unknown) =>
        error ? reject(bodyError(error, this.limitBytes)) : resolve(),
      );
    });
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new MalformedBodyError('the request body must be a JSON object');
    }
    rejectPrototypeKeys(body);
  }
}
