// The envelope in both error shapes, and the one table that decides what may be retried.
import { describe, expect, it } from 'vitest';
import {
  errorFromEnvelope,
  moduleCodeOf,
  parseEnvelopeText,
  unwrapEnvelope,
  type EnvelopeContext,
} from './crs-envelope';
import { classifyV2Error, CrsApiError, isRetryableHttpStatus, V2_ERROR_CODES } from '@crs-export/contracts';

const context: EnvelopeContext = { action: 'ExportRedisBackup', httpStatus: 200, redact: (text) => text };

function errorOf(body: Record<string, unknown>): CrsApiError {
  return errorFromEnvelope(body, context);
}

describe('a success answer', () => {
  it('gives `data` and a top-level totalCount sent as a string', () => {
    const answer = unwrapEnvelope(
      { code: '0', message: '', codeDesc: 'Success', totalCount: '3', data: { a: 1 } },
      context,
    );
    expect(answer).toEqual({ data: { a: 1 }, totalCount: 3 });
  });

  it('gives {} when there is no data', () => {
    expect(unwrapEnvelope({ code: 0 }, context)).toEqual({ data: {}, totalCount: undefined });
  });

  it('rejects an answer without `code`', () => {
    expect(() => unwrapEnvelope({ data: {} }, context)).toThrow(
      /ExportRedisBackup: invalid response: the answer has no `code`/,
    );
  });

  it('throws the classified error of an error answer', () => {
    expect(() => unwrapEnvelope({ code: 10711, message: 'bad status' }, context)).toThrow(CrsApiError);
  });
});

describe('the two error shapes', () => {
  it('reads a business code sent in `code` itself', () => {
    const error = errorOf({ code: 11214, message: 'only cluster', codeDesc: 'OnlyClusterInstanceCanExportBackup' });
    expect(error).toMatchObject({ code: 11214, businessCode: 11214, platformCode: 11214, retryable: false });
    expect(error.codeName).toBe('OnlyClusterInstanceCanExportBackup');
  });

  it('reads a business code as a module code in the message of a platform error, and lets it win', () => {
    const error = errorOf({
      code: 4000,
      message: '(11214)only cluster',
      codeDesc: 'OnlyClusterInstanceCanExportBackup',
    });
    expect(error.toJSON()).toMatchObject({ code: 11214, businessCode: 11214, platformCode: 4000, retryable: false });
  });

  it('reads both shapes the same when every number is a string', () => {
    const codeShape = errorOf({ code: '10702', message: 'busy' });
    const moduleShape = errorOf({ code: '4000', message: '(10702)busy' });
    for (const error of [codeShape, moduleShape]) {
      expect(error).toMatchObject({
        code: 10702,
        businessCode: 10702,
        retryable: true,
        codeName: 'InstanceStatusAbnormal',
      });
    }
    expect(moduleShape.platformCode).toBe(4000);
  });

  it('names a module error by the business code when codeDesc only names the platform code', () => {
    expect(errorOf({ code: 4000, message: '(11213)no backup', codeDesc: 'InvalidParameter' }).codeName).toBe(
      'BackupNotExists',
    );
  });

  it('prefers the codeDesc Tencent sent over the table name (10711 differs per action)', () => {
    expect(errorOf({ code: 10711, message: 'x', codeDesc: 'BackupStatusAbnormal' }).codeName).toBe(
      'BackupStatusAbnormal',
    );
    expect(errorOf({ code: 10711, message: 'x' }).codeName).toBe('BackupStatusInvalid');
  });

  it('keeps 4000 non-retryable when the module code inside is not a Redis code', () => {
    const error = errorOf({ codeDesc: 'InvalidParameter', code: 4000, message: '(503) Quota run out' });
    expect(error).toMatchObject({ code: 4000, businessCode: null, retryable: false, codeName: 'InvalidParameter' });
  });

  it('keeps 5100 retryable with an unknown module code inside (the generic doc example)', () => {
    const error = errorOf({ code: '5100', message: '(100004)projectId不正确' });
    expect(error).toMatchObject({ code: 100004, platformCode: 5100, businessCode: 100004, retryable: true });
  });

  it('does not retry an unknown business code', () => {
    expect(errorOf({ code: 19999, message: 'new' })).toMatchObject({
      code: 19999,
      retryable: false,
      codeName: 'UnknownError',
    });
  });

  it('keeps a code that is not a number as it was sent, not retryable', () => {
    expect(errorOf({ code: 'InternalError', message: 'x' })).toMatchObject({ code: 'InternalError', retryable: false });
  });

  it('puts action, code, name and Tencent message into the error message', () => {
    expect(errorOf({ code: 10711, message: 'backup status is 3' }).message).toBe(
      'ExportRedisBackup: 10711 BackupStatusInvalid: backup status is 3',
    );
  });

  it('finds a module code only at the start of the message', () => {
    expect(moduleCodeOf('(11214)x')).toBe(11214);
    expect(moduleCodeOf(' (10701) x')).toBe(10701);
    expect(moduleCodeOf('failed (11214)')).toBeNull();
  });
});

describe('a body that is not an envelope', () => {
  it.each(['<html>', '', '[1,2]', 'null', '42'])('makes %j an InvalidResponse naming the action', (text) => {
    let error: unknown;
    try {
      parseEnvelopeText(text, context);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CrsApiError);
    expect(error).toMatchObject({ code: 'InvalidResponse', retryable: false, action: 'ExportRedisBackup' });
  });
});

describe('the classification table (DESIGN.md "Failures")', () => {
  const notRetryable = [
    11214, 10711, 11201, 10701, 11213, 4000, 4100, 4101, 4102, 4103, 4104, 4105, 4106, 4110, 4300, 5000, 10712,
  ];
  const retryable = [5100, 6000, 6200, 4400, 4500, 10702, 10707, 10710];

  it.each(notRetryable)('fails at once on %i', (code) => {
    expect(V2_ERROR_CODES[code]?.retry).toBe('never');
    expect(errorOf({ code, message: 'x' }).retryable).toBe(false);
  });

  it.each(retryable)('retries %i', (code) => {
    expect(V2_ERROR_CODES[code]?.retry).not.toBe('never');
    expect(errorOf({ code, message: 'x' }).retryable).toBe(true);
  });

  it.each(retryable.filter((code) => code >= 10000))('retries %i also inside a non-retryable 4000', (code) => {
    expect(classifyV2Error(4000, code).retryable).toBe(true);
  });

  it.each(notRetryable.filter((code) => code >= 10000))('fails at once on %i also inside a retryable 5100', (code) => {
    expect(classifyV2Error(5100, code).retryable).toBe(false);
  });

  it('retries HTTP 5xx, 429 and 408 but no other status', () => {
    expect([500, 502, 503, 504, 429, 408].every(isRetryableHttpStatus)).toBe(true);
    expect([400, 401, 403, 404, 301].some(isRetryableHttpStatus)).toBe(false);
  });
});
