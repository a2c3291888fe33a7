import { describe, expect, it } from 'vitest';
import { bearerTokenAuthorizer, generateCodecCapabilityToken, type CodecRequest } from './index';

const token = generateCodecCapabilityToken();
const other = generateCodecCapabilityToken();
const authorize = bearerTokenAuthorizer([token, other]);
const withAuthorization = (authorization?: string): CodecRequest => ({
  operation: 'decode',
  headers: authorization === undefined ? {} : { authorization },
  namespace: 'default',
  origin: null,
});

describe('bearerTokenAuthorizer', () => {
  it('allows each configured token as a bearer token, whatever the scheme case', () => {
    expect(authorize(withAuthorization(`Bearer ${token}`))).toBe('allow');
    expect(authorize(withAuthorization(`bearer ${other}`))).toBe('allow');
  });

  it('answers unauthenticated to no header, another scheme, another token and a token prefix', () => {
    for (const header of [
      undefined,
      `Basic ${token}`,
      `Bearer ${generateCodecCapabilityToken()}`,
      `Bearer ${token.slice(0, -1)}`,
      'Bearer',
    ]) {
      expect(authorize(withAuthorization(header)), String(header)).toBe('unauthenticated');
    }
  });

  it('allows nothing when no token is configured', () => {
    expect(bearerTokenAuthorizer([])(withAuthorization(`Bearer ${token}`))).toBe('unauthenticated');
  });
});
