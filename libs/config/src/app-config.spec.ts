import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, crsEndpointOf, envSchema, loadConfig, temporalAddressOf, v3EndpointOf } from './app-config';
import { temporalConnectionOptions } from './temporal-connection';
import { DEMO_SECRET_KEY } from './demo-credentials';

describe('loadConfig', () => {
  it('gives the documented defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config.api.port).toBe(3000);
    expect(config.temporal).toEqual({
      address: null,
      namespace: 'default',
      taskQueue: 'crs-export',
      tls: { enabled: false, caFile: null, certFile: null, keyFile: null, serverName: null },
      apiKey: null,
    });
    expect(config.crs).toMatchObject({ apiVersion: 3, credentialSource: 'static', connectTo: null });
    expect(crsEndpointOf(config)).toBe('http://127.0.0.1:8090/v2/index.php');
    expect(config.crs.region).toBe('gz');
    expect(config.polling).toEqual({
      initialIntervalMs: 2000,
      backoffCoefficient: 2,
      maximumIntervalMs: 60000,
      deadlineMs: 21600000,
    });
  });

  it('lists every bad variable at once', () => {
    const attempt = () =>
      loadConfig({ API_PORT: 'eighty', TEMPORAL_ADDRESS: 'no-port', CRS_ENDPOINT: 'ftp://x', CRS_HTTP_METHOD: 'PUT' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const key of ['API_PORT', 'TEMPORAL_ADDRESS', 'CRS_ENDPOINT', 'CRS_HTTP_METHOD'])
        expect(problems).toContain(key);
    }
  });

  it('refuses the retired API_KEYS, saying what to do instead, without printing its value', () => {
    try {
      loadConfig({ API_KEYS: 'an-old-plain-text-key-0123456789' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/API_KEYS: no longer read: .*keys create.*API_KEYS_FILE/);
      expect((error as Error).message).not.toContain('an-old-plain-text-key');
    }
    expect(loadConfig({ API_KEYS_FILE: '/etc/crs-export/api-keys.json' }).api).toMatchObject({
      keysFile: '/etc/crs-export/api-keys.json',
      keysPepperFile: null,
    });
  });

  it('trusts X-Forwarded-For only from the proxies API_TRUST_PROXY names', () => {
    expect(loadConfig({}).api.trustProxy).toBe(false);
    expect(loadConfig({ API_TRUST_PROXY: 'off' }).api.trustProxy).toBe(false);
    expect(loadConfig({ API_TRUST_PROXY: '1' }).api.trustProxy).toBe(1);
    expect(loadConfig({ API_TRUST_PROXY: '10.0.0.0/8, loopback,fd00::/8' }).api.trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
      'fd00::/8',
    ]);
    for (const value of ['true', '*', '10.0.0.0/33', 'proxy.internal', '11']) {
      expect(() => loadConfig({ API_TRUST_PROXY: value }), value).toThrow(/API_TRUST_PROXY/);
    }
  });

  it('requires the secret key when a secret id is set', () => {
    expect(() => loadConfig({ TENCENTCLOUD_SECRET_ID: 'AKIDxyz' })).toThrow(/TENCENTCLOUD_SECRET_KEY/);
  });

  it('refuses a v2 endpoint for API 3.0, and takes regional and finance-zone hosts', () => {
    expect(() => loadConfig({ CRS_ENDPOINT: 'https://redis.api.qcloud.com/v2/index.php' })).toThrow(
      /CRS_ENDPOINT=.*API 3\.0 needs the host of Tencent Cloud Redis/,
    );
    for (const host of [
      'redis.tencentcloudapi.com',
      'redis.ap-guangzhou.tencentcloudapi.com',
      'redis.ap-shanghai-fsi.tencentcloudapi.com',
    ]) {
      expect(v3EndpointOf(loadConfig({ CRS_ENDPOINT: `https://${host}` })).endpoint).toBe(`https://${host}`);
    }
    expect(v3EndpointOf(loadConfig({}))).toEqual({
      endpoint: 'http://redis.tencentcloudapi.com',
      connectTo: '127.0.0.1:8090',
    });
  });

  it('switches to an external Temporal and the real Tencent endpoint by configuration alone', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      CRS_API_VERSION: '2',
      CRS_ENDPOINT: 'https://redis.api.qcloud.com/v2/index.php',
    });
    expect(config.temporal.address).toBe('temporal.internal:7233');
    expect(crsEndpointOf(config)).toBe('https://redis.api.qcloud.com/v2/index.php');
  });

  it('never shows secrets when the config is logged', () => {
    const config = loadConfig({
      TENCENTCLOUD_SECRET_ID: 'AKIDx',
      TENCENTCLOUD_SECRET_KEY: 'tencent-secret-value',
    });
    const printed = `${JSON.stringify(config)}\n${inspect(config, { depth: 10 })}\n${String(config.crs.secretKey)}`;
    expect(printed).not.toContain('tencent-secret-value');
    expect(printed).not.toContain(DEMO_SECRET_KEY);
    expect(config.crs.secretKey.reveal()).toBe('tencent-secret-value');
  });

  it('connects to the embedded dev server unless TEMPORAL_ADDRESS says otherwise', () => {
    expect(temporalAddressOf(loadConfig({}))).toBe('127.0.0.1:7233');
    expect(temporalAddressOf(loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }))).toBe('temporal:7233');
  });

  it('turns TLS on with a CA or a client certificate, reads the files, and names a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-config-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'client.pem'), 'CRT');
    writeFileSync(join(dir, 'client.key'), 'KEY');
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CA: join(dir, 'ca.pem'),
      TEMPORAL_TLS_CERT: join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY: join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    const settings = temporalConnectionOptions(config);
    expect(settings.address).toBe('temporal.internal:7233');
    expect(settings.tls?.serverNameOverride).toBe('temporal.internal');
    expect(settings.tls?.serverRootCACertificate?.toString()).toBe('CA');
    expect(settings.tls?.clientCertPair?.crt.toString()).toBe('CRT');
    expect(() => temporalConnectionOptions(loadConfig({ TEMPORAL_TLS_CA: join(dir, 'missing.pem') }))).toThrow(
      /TEMPORAL_TLS_CA=.*missing\.pem.*cannot be read/,
    );
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: join(dir, 'client.pem') })).toThrow(/TEMPORAL_TLS_KEY/);
    expect(temporalConnectionOptions(loadConfig({})).tls).toBeUndefined();
    expect(temporalConnectionOptions(loadConfig({ TEMPORAL_API_KEY: 'cloud-key' }))).toMatchObject({
      apiKey: 'cloud-key',
      tls: {},
    });
  });

  it("reads the payload codec's keys and its server's settings, refusing both key sources and a bad origin", () => {
    expect(loadConfig({}).codec).toEqual({
      keysFile: null,
      keys: null,
      server: { port: 8888, host: '127.0.0.1', tokens: [], allowedOrigins: ['http://127.0.0.1:8233'] },
    });
    const config = loadConfig({
      CODEC_KEYS: 'k-1:c2VjcmV0LWtleS1tYXRlcmlhbC0wMTIzNDU2Nzg5YWI=',
      CODEC_SERVER_TOKENS: 'token-0123456789abcdefghij, token-2-0123456789abcdefghij',
      TEMPORAL_UI_URL: 'https://temporal.example.com/ui',
    });
    expect(config.codec.keys?.reveal()).toBe('k-1:c2VjcmV0LWtleS1tYXRlcmlhbC0wMTIzNDU2Nzg5YWI=');
    expect(config.codec.server.tokens.map((token) => token.reveal())).toEqual([
      'token-0123456789abcdefghij',
      'token-2-0123456789abcdefghij',
    ]);
    expect(config.codec.server.allowedOrigins).toEqual(['https://temporal.example.com']);
    expect(JSON.stringify(config.codec)).not.toContain('c2VjcmV0');
    expect(() =>
      loadConfig({ CODEC_KEYS: 'k-1:c2VjcmV0', CODEC_KEYS_FILE: '/keys.json', CODEC_SERVER_ORIGINS: 'http://ui/x' }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'CODEC_KEYS: set CODEC_KEYS or CODEC_KEYS_FILE, not both',
          expect.stringMatching(/^CODEC_SERVER_ORIGINS="http:\/\/ui\/x": expected comma-separated origins/),
        ],
      }),
    );
    expect(() => loadConfig({ CODEC_SERVER_TOKENS: 'short' })).toThrow(/CODEC_SERVER_TOKENS: every key must be/);
  });

  it('is documented: every variable of the schema is in the README configuration table', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const undocumented = Object.keys(envSchema.shape).filter((key) => !readme.includes(`\`${key}\``));
    expect(undocumented).toEqual([]);
  });
});
