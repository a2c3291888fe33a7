// The factory: everything the worker needs comes from the typed configuration.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@crs-export/config';
import { createCrsClientFromConfig } from './create-crs-client';

describe('createCrsClientFromConfig', () => {
  it('uses the embedded simulator when no endpoint is configured', () => {
    const client = createCrsClientFromConfig(loadConfig({ CRS_SIM_PORT: '8191' }));
    expect(client.endpoint).toBe('http://127.0.0.1:8191/v2/index.php');
    expect(client).toMatchObject({
      region: 'gz',
      httpMethod: 'POST',
      signatureMethod: 'HmacSHA256',
      timeoutMs: 10_000,
    });
    client.close();
  });

  it('points at the real Tencent endpoint by configuration alone', () => {
    const client = createCrsClientFromConfig(
      loadConfig({
        CRS_API_VERSION: '2',
        CRS_ENDPOINT: 'https://redis.api.qcloud.com/v2/index.php',
        TENCENTCLOUD_SECRET_ID: 'AKIDexample',
        TENCENTCLOUD_SECRET_KEY: 'example-secret-key',
        TENCENTCLOUD_REGION: 'sh',
        CRS_HTTP_METHOD: 'GET',
        CRS_SIGNATURE_METHOD: 'HmacSHA1',
        CRS_TIMEOUT_MS: '2500',
      }),
    );
    expect(client).toMatchObject({
      endpoint: 'https://redis.api.qcloud.com/v2/index.php',
      region: 'sh',
      httpMethod: 'GET',
      signatureMethod: 'HmacSHA1',
      timeoutMs: 2500,
    });
    client.close();
  });
});
