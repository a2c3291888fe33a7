// The one error of a failed 3.0 call: code, RequestId and retry class from the code table, for each way
// the SDK can fail, and nothing secret in it.
import { describe, expect, it } from 'vitest';
import { CrsApiError } from '@crs-export/contracts';
import { clockOffError, crsErrorOf, redactorOf, v3ApiError, type FailureContext } from './v3-errors';

const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA';
const TOKEN = 'tmp-session-token-xyz';

function context(overrides: Partial<FailureContext> = {}): FailureContext {
  return {
    action: 'DescribeInstances',
    traceId: 'trace-1',
    timeoutMs: 1000,
    timedOut: false,
    callerAborted: false,
    redact: redactorOf([SECRET_KEY, TOKEN]),
    ...overrides,
  };
}

/** What the SDK throws: a TencentCloudSDKHttpException (an Error with requestId, traceId, code or httpCode). */
function sdkException(
  message: string,
  fields: { requestId?: string; traceId?: string; code?: string; httpCode?: number },
): Error {
  return Object.assign(
    new Error(message),
    { requestId: fields.requestId ?? '', traceId: fields.traceId ?? '' },
    fields,
  );
}

describe('crsErrorOf', () => {
  it("keeps an API error's 3.0 code, message and RequestId, never retrying a missing instance", () => {
    const error = crsErrorOf(
      sdkException('instance crs-x does not exist', { code: 'ResourceNotFound.InstanceNotExists', requestId: 'req-9' }),
      context(),
    );
    expect(error).toBeInstanceOf(CrsApiError);
    expect(error.toJSON()).toMatchObject({
      code: 'ResourceNotFound.InstanceNotExists',
      name: 'ResourceNotFound.InstanceNotExists',
      retryable: false,
      action: 'DescribeInstances',
      apiVersion: 3,
      requestId: 'req-9',
    });
    expect(error.message).toBe('DescribeInstances: ResourceNotFound.InstanceNotExists: instance crs-x does not exist');
  });

  it.each([
    ['RequestLimitExceeded', true],
    ['RequestLimitExceeded.UinLimitExceeded', true],
    ['InternalError.DbOperationFailed', true],
    ['FailedOperation.SystemError', true],
    ['ResourceUnavailable.BackupStatusInvalid', true],
    ['ResourceUnavailable.InstanceLockedError', true],
    ['AuthFailure.SignatureFailure', false],
    ['InvalidParameterValue.BackupNotExists', false],
    ['UnsupportedOperation.OnlyClusterInstanceCanExportBackup', false],
    ['UnauthorizedOperation.NoCAMAuthed', false],
    ['LimitExceeded', false],
    ['SomethingNobodyKnows', false],
  ])('classifies %s as retryable=%s from the one code table', (code, retryable) => {
    expect(crsErrorOf(sdkException('m', { code, requestId: 'r' }), context()).retryable).toBe(retryable);
  });

  it('retries HTTP 5xx and 429, not other statuses, and quotes the trace id', () => {
    const bad = crsErrorOf(sdkException('Bad Gateway', { httpCode: 502, traceId: 'tc-trace' }), context());
    expect(bad.toJSON()).toMatchObject({ code: 'HttpError', httpStatus: 502, retryable: true, requestId: 'tc-trace' });
    expect(crsErrorOf(sdkException('Too Many Requests', { httpCode: 429 }), context()).retryable).toBe(true);
    const notFound = crsErrorOf(sdkException('Not Found', { httpCode: 404 }), context());
    expect(notFound.toJSON()).toMatchObject({
      code: 'HttpError',
      httpStatus: 404,
      retryable: false,
      requestId: 'trace-1',
    });
  });

  it('retries a network error and keeps no URL query in its message', () => {
    const error = crsErrorOf(
      sdkException('request to https://redis.tencentcloudapi.com/?Action=X&Token=abc failed, reason: socket hang up', {
        traceId: 'trace-1',
      }),
      context(),
    );
    expect(error.toJSON()).toMatchObject({ code: 'NetworkError', retryable: true, requestId: 'trace-1' });
    expect(error.message).toContain('socket hang up');
    expect(error.message).not.toContain('Token=abc');
  });

  it('takes a 200 whose body is not JSON (a raw SyntaxError or node-fetch invalid-json) as a retryable InvalidResponse', () => {
    for (const thrown of [
      new SyntaxError('Unexpected token < in JSON at position 0'),
      Object.assign(new Error('invalid json response body at https://redis.tencentcloudapi.com/?a=b reason: x'), {
        name: 'FetchError',
        type: 'invalid-json',
      }),
    ]) {
      const error = crsErrorOf(thrown, context());
      expect(error.toJSON()).toMatchObject({ code: 'InvalidResponse', retryable: true, httpStatus: 200 });
      expect(error.message).not.toContain('a=b');
    }
  });

  it("takes a 200 without Response (the SDK's raw TypeError) as a retryable InvalidResponse", () => {
    const error = crsErrorOf(new TypeError("Cannot read properties of undefined (reading 'Error')"), context());
    expect(error.toJSON()).toMatchObject({ code: 'InvalidResponse', retryable: true });
    expect(error.message).toContain('no Response object');
  });

  it('says Timeout (retryable) when our deadline fired, and Aborted (not retryable) when the caller cancelled', () => {
    const aborted = sdkException('The user aborted a request.', {});
    expect(crsErrorOf(aborted, context({ timedOut: true })).toJSON()).toMatchObject({
      code: 'Timeout',
      retryable: true,
      message: 'DescribeInstances: timed out after 1000 ms',
    });
    expect(crsErrorOf(aborted, context({ callerAborted: true })).toJSON()).toMatchObject({
      code: 'Aborted',
      retryable: false,
    });
  });

  it("takes the SDK's own request timeout as a Timeout too", () => {
    expect(crsErrorOf(sdkException('network timeout at: https://redis.tencentcloudapi.com/', {}), context()).code).toBe(
      'Timeout',
    );
  });

  it('names only the class of something unexpected', () => {
    const error = crsErrorOf(new RangeError(`leaked ${SECRET_KEY}`), context());
    expect(error.toJSON()).toMatchObject({ code: 'RequestError', retryable: false });
    expect(error.message).not.toContain(SECRET_KEY);
  });

  it("redacts the secret key, the token and signatures from Tencent's own message", () => {
    const error = crsErrorOf(
      sdkException(
        `bad key ${SECRET_KEY}, token ${TOKEN}, Signature=6316bac994b14c4c8109709f1557439d7f7ad88005fc761c8a2c485d70ffa8d8`,
        {
          code: 'AuthFailure.SignatureFailure',
        },
      ),
      context(),
    );
    expect(error.message).not.toContain(SECRET_KEY);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain('6316bac9');
    expect(error.message).toContain('[redacted]');
  });
});

describe('clockOffError', () => {
  it('makes a second SignatureExpire final and says the clock is off', () => {
    const first = v3ApiError('DescribeInstances', 'AuthFailure.SignatureExpire', 'signature expired', 'req-2');
    expect(first.retryable).toBe(true);
    const final = clockOffError(first);
    expect(final.toJSON()).toMatchObject({ code: 'AuthFailure.SignatureExpire', retryable: false, requestId: 'req-2' });
    expect(final.message).toMatch(/clock is probably more than 5 minutes off/);
  });
});
