// No secret in any error, JSON, inspect or string conversion of what this library hands out.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactedSnippet, redactUrls, safeLocation, WebhookSecret, webhookEndpoint, WebhookEndpoints } from '../src';

const VALUE = 'super-secret-signing-key-42';

describe('WebhookSecret', () => {
  it('hides its value from JSON, inspect, String, template literals, spreads and structuredClone', () => {
    const secret = new WebhookSecret(VALUE);
    const views = [
      JSON.stringify({ secret }),
      inspect(secret),
      inspect({ nested: { secret } }, { depth: 10, showHidden: true }),
      String(secret),
      `${secret}`,
      JSON.stringify({ ...secret }),
      JSON.stringify(structuredClone({ ...secret })),
      Object.keys(secret).join(','),
    ];
    for (const view of views) expect(view).not.toContain(VALUE);
    expect(inspect(secret)).toBe('WebhookSecret([redacted])');
    expect(secret.reveal()).toBe(VALUE);
  });

  it('is not in the errors of endpoints given in code', () => {
    try {
      webhookEndpoint({
        name: 'x',
        url: `https://u:${VALUE}@h.example/`,
        secrets: [new WebhookSecret(VALUE)],
        timeoutMs: 1,
      });
      throw new Error('accepted');
    } catch (error) {
      expect([String(error), inspect(error), JSON.stringify(error)].join()).not.toContain(VALUE);
    }
    const endpoint = webhookEndpoint({ name: 'x', url: 'https://h.example/', secrets: [new WebhookSecret(VALUE)] });
    const endpoints = new WebhookEndpoints([endpoint]);
    expect(inspect(endpoints, { depth: 10 })).not.toContain(VALUE);
    expect(inspect(endpoints.all(), { depth: 10 })).not.toContain(VALUE);
  });
});

describe('redaction', () => {
  it('cuts URLs to scheme and host, dropping user:password', () => {
    expect(redactUrls('GET https://a:b@host.example:8443/p/q?x=1 failed; see s3://bucket/key')).toBe(
      'GET https://host.example:8443/… failed; see s3://bucket/…',
    );
    expect(redactUrls('no url here')).toBe('no url here');
  });

  it('keeps a location’s path but not its credentials, query or fragment', () => {
    expect(safeLocation('s3://bucket/prefix/dir/')).toBe('s3://bucket/prefix/dir/');
    expect(safeLocation('https://k:s@cos.example/b/dir/?sig=1#f')).toBe('https://cos.example/b/dir/');
    expect(safeLocation('/var/archive/dir?x')).toBe('/var/archive/dir');
  });

  it('replaces secret values before shortening', () => {
    expect(redactedSnippet(`a ${VALUE} b`, [VALUE], 100)).toBe('a [redacted] b');
    expect(redactedSnippet(`${'x'.repeat(20)}${VALUE}`, [VALUE], 25)).toBe(`${'x'.repeat(20)}[red…`);
  });
});
