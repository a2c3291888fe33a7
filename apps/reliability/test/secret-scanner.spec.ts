// The secret scan is only as good as its search: it must find each secret in each encoding and each
// giveaway pattern, once per place, and leave alone what only names a secret.
import { describe, expect, it } from 'vitest';
import { scanForSecrets, scanTexts, withoutHandedOutUrls } from '../src/secret-scanner';

const SECRET = 'relsk-abcdefghijklmnopqrstuvwx-never-log-me';
const DECRYPT_KEY = 'q3JvcGVydHktb2YtdGhlLXN1aXRlLW5vdC1hLWtleSE=';
const V2_URL =
  'http://127.0.0.1:41234/download/WyJjcnMtZmF1bHR6MDAiLCIzYTA3YjI3ZSIsMTc2NDYzMDAwMDAwMF0.AbCdEfGhIjKlMnOpQrStUvWxYz012345.rdb';
const COS_URL =
  'https://crs-export.cos.ap-guangzhou.myqcloud.com/1250000000/redis/crs-abc/data/2026-11-28/-1.rdb?sign=q-sign-algorithm%3Dsha1%26q-ak%3DAKIDx%26q-sign-time%3D1%3B2%26q-signature%3D0123456789abcdef0123456789abcdef01234567';

describe('scanTexts', () => {
  it('finds the key plain, base64 inside a payload (any alignment), and hex, naming the place but not the key', () => {
    const findings = scanTexts(
      [
        { where: 'log', text: `{"msg":"signing","key":"${SECRET}"}` },
        { where: 'payload', text: `{"data":"${Buffer.from(`{"k":1}${SECRET}"}`).toString('base64')}"}` },
        { where: 'dump', text: Buffer.from(SECRET).toString('hex') },
        { where: 'clean', text: 'SecretKey: [redacted]' },
      ],
      SECRET,
    );
    expect(findings.map((f) => f.where)).toEqual(['log', 'payload', 'dump']);
    expect(JSON.stringify(findings)).not.toContain(SECRET);
  });

  it('finds a base64-encoded key that starts a payload', () => {
    expect(scanTexts([{ where: 'payload', text: Buffer.from(SECRET).toString('base64') }], SECRET)).toEqual([
      { where: 'payload', kind: 'tencent-secret', form: 'base64' },
    ]);
  });

  it('reports a place once even when two encodings spell the same (a URL-safe key)', () => {
    expect(scanTexts([{ where: 'log', text: SECRET }], SECRET)).toHaveLength(1);
  });

  it('refuses a short secret, whose absence would prove nothing', () => {
    expect(() => scanTexts([], 'short')).toThrow(/long and distinctive/);
  });
});

describe('scanForSecrets', () => {
  const scan = (text: string) => scanForSecrets([{ where: 'here', text }], {}).map((f) => `${f.kind}: ${f.form}`);

  it('finds download URLs by their signed query or token, v2 and COS alike, also inside JSON', () => {
    expect(scan(`{"extranetUrl":"${V2_URL}"}`)).toEqual(['download-url: download token']);
    expect(scan(`fetched ${COS_URL} in 2 s`)).toEqual([
      'download-url: URL with a signed query',
      'download-url: COS signature',
    ]);
    expect(scan('https://bucket.s3.amazonaws.com/k.rdb?X-Amz-Algorithm=AWS4&X-Amz-Signature=abcdef0123')).toEqual([
      'download-url: URL with a signed query',
    ]);
  });

  it('finds DecryptKey, SecretKey and session token fields that carry a value', () => {
    expect(scan(`{"DecryptKey":"${DECRYPT_KEY}"}`)).toEqual(['decrypt-key: DecryptKey field']);
    expect(scan('TENCENTCLOUD_SECRET_KEY=Gu5t9xGARNpq86cd98joQYCN3EXAMPLE')).toEqual([
      'tencent-secret: SecretKey field',
    ]);
    expect(scan('{"SecretKey":"Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"}')).toEqual(['tencent-secret: SecretKey field']);
    expect(scan('X-TC-Token: da3ec8fcbd2ee7ee2d6dc4f4a5a7c0a1')).toEqual(['tencent-secret: session token field']);
  });

  it('leaves alone what only names a secret or a URL: empty or redacted fields, URLs without a signature', () => {
    expect(scan('{"DecryptKey":"","Encrypted":false}')).toEqual([]);
    expect(scan('SecretKey: [redacted]; TENCENTCLOUD_SECRET_KEY is not set')).toEqual([]);
    expect(scan('{"links":{"self":"http://127.0.0.1:3000/exports/export-crs-abc-3a07?limit=10"}}')).toEqual([]);
    expect(scan('{"files":[{"extranetUrl":"[handed out]"}]}')).toEqual([]);
  });

  it('finds a planted DecryptKey and the API key by value, in any form, once per place', () => {
    const findings = scanForSecrets(
      [
        { where: 'history', text: Buffer.from(`{"key":"${DECRYPT_KEY}"}`).toString('base64') },
        { where: 'log', text: `auth rel-api-abcdefghijklmnopqrstuvwx rel-api-abcdefghijklmnopqrstuvwx` },
      ],
      {
        known: [
          { kind: 'decrypt-key', value: DECRYPT_KEY },
          { kind: 'api-key', value: 'rel-api-abcdefghijklmnopqrstuvwx' },
        ],
      },
    );
    expect(findings).toEqual([
      { where: 'history', kind: 'decrypt-key', form: 'base64+1' },
      { where: 'log', kind: 'api-key', form: 'plain' },
    ]);
  });
});

describe('withoutHandedOutUrls', () => {
  it("blanks the files' URLs of export resources, wherever they sit, and keeps everything else", () => {
    const resource = {
      exportId: 'export-crs-abc-1',
      files: [{ shard: 1, intranetUrl: V2_URL, extranetUrl: COS_URL, expiresAt: 'x' }],
      links: { self: '/exports/export-crs-abc-1' },
      error: { message: `not a file: ${V2_URL}` },
    };
    const { json, urls } = withoutHandedOutUrls({ items: [resource] });
    expect(urls).toEqual([V2_URL, COS_URL]);
    const text = JSON.stringify(json);
    expect(text).toContain('"intranetUrl":"[handed out]"');
    // A URL anywhere else (an error message) is still there for the scan to find.
    expect(scan(text)).toEqual(['download-url: download token']);
  });
});

function scan(text: string): string[] {
  return scanForSecrets([{ where: 'here', text }], {}).map((f) => `${f.kind}: ${f.form}`);
}
