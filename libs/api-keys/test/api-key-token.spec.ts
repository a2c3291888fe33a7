// The key form: ids found in the token, made-up and placeholder values refused, scopes parsed strictly.
import { describe, expect, it } from 'vitest';
import {
  API_KEY_SCOPES,
  apiKeyIdOf,
  bearerTokenOf,
  newApiKeyToken,
  parseApiKeyScopes,
  requireApiKeyToken,
  WeakApiKeyError,
} from '../src';

describe('API key tokens', () => {
  it('makes random keys that carry their id', () => {
    const first = newApiKeyToken();
    const second = newApiKeyToken();
    expect(first.token).toMatch(/^crs_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyIdOf(first.token)).toBe(first.id);
    expect(second.token).not.toBe(first.token);
    expect(second.id).not.toBe(first.id);
  });

  it.each([
    ['the old crsx_ form', `crsx_${'a1B2'.repeat(8)}`],
    ['a placeholder', 'change-me-0123456789abcdef'],
    ['a made-up secret of one letter', `crs_0123456789ab_${'a'.repeat(43)}`],
    ['a repeated pattern', `crs_0123456789ab_${'abc123'.repeat(7)}x`],
    ['a secret one character short', `crs_0123456789ab_${newApiKeyToken().token.slice(-42)}`],
    [
      'an upper-case id',
      newApiKeyToken().token.replace(/^crs_([0-9a-f]{12})/, (_m, id: string) => `crs_${id.toUpperCase()}`),
    ],
  ])('refuses %s', (_label, token) => {
    expect(apiKeyIdOf(token)).toBeNull();
    expect(() => requireApiKeyToken(token, 'the test key')).toThrow(WeakApiKeyError);
  });

  it('reads bearer tokens and nothing else', () => {
    expect(bearerTokenOf('Bearer abc')).toBe('abc');
    expect(bearerTokenOf('bearer   abc  ')).toBe('abc');
    expect(bearerTokenOf('Basic abc')).toBeNull();
    expect(bearerTokenOf('Bearer')).toBeNull();
    expect(bearerTokenOf(undefined)).toBeNull();
  });

  it('parses scopes into their canonical order, and names what is not a scope', () => {
    expect(parseApiKeyScopes('urls, read,read')).toEqual(['read', 'urls']);
    expect(parseApiKeyScopes('all')).toEqual([...API_KEY_SCOPES]);
    expect(() => parseApiKeyScopes('read,write')).toThrow(/not a scope: write/);
    expect(() => parseApiKeyScopes(' , ')).toThrow(/no scope given/);
  });
});
