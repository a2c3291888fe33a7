// The error's plain form (what goes into Temporal failures) and its transport variants.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CrsApiError, isCrsApiError } from './crs-api-error';

describe('CrsApiError', () => {
  it('serialises to exactly the documented fields, with the code of the call that never got an answer', () => {
    const error = CrsApiError.timeout('DescribeTaskInfo', 10_000);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'Timeout',
      name: 'Timeout',
      message: 'DescribeTaskInfo: timed out after 10000 ms',
      retryable: true,
      action: 'DescribeTaskInfo',
      apiVersion: 2,
      requestId: null,
      platformCode: null,
      businessCode: null,
      httpStatus: null,
    });
  });

  it('is an Error named CrsApiError, also in its stack', () => {
    const error = CrsApiError.network('ExportRedisBackup', 'ECONNRESET: socket hang up');
    expect(error).toBeInstanceOf(Error);
    expect(isCrsApiError(error)).toBe(true);
    expect(error.name).toBe('CrsApiError');
    expect(error.stack).toMatch(/^CrsApiError: ExportRedisBackup: network error: ECONNRESET/);
    expect(error.retryable).toBe(true);
  });

  it('has HttpError as code and the status beside it', () => {
    const error = CrsApiError.http('GetBackupDownloadUrl', 503, 'Service Unavailable', true);
    expect(error.toJSON()).toMatchObject({ code: 'HttpError', httpStatus: 503, retryable: true });
    expect(error.message).toBe('GetBackupDownloadUrl: HTTP 503 Service Unavailable');
  });

  it('becomes the export error with the failure type, and the RequestId of a 3.0 answer in the message', () => {
    const error = new CrsApiError({
      kind: 'api',
      action: 'DescribeBackupUrl',
      code: 'ResourceNotFound.InstanceNotExists',
      codeName: 'ResourceNotFound.InstanceNotExists',
      retryable: false,
      detail: 'no such instance',
      apiVersion: 3,
      requestId: 'req-1',
    });
    expect(error.toExportError()).toEqual({
      type: 'CrsApiError',
      code: 'ResourceNotFound.InstanceNotExists',
      name: 'ResourceNotFound.InstanceNotExists',
      message: 'DescribeBackupUrl: ResourceNotFound.InstanceNotExists: no such instance (RequestId req-1)',
      retryable: false,
      action: 'DescribeBackupUrl',
    });
  });

  it('shows in util.inspect only its own fields', () => {
    const text = inspect(CrsApiError.aborted('DescribeRedis'));
    expect(text).toContain("code: 'Aborted'");
    expect(text).not.toContain('config');
  });
});
