// Endpoint hosts (default, regional, finance zone, URL form) and region names.
import { describe, expect, it } from 'vitest';
import { parseV3Endpoint, v3RegionName } from './v3-endpoint';

describe('parseV3Endpoint', () => {
  it('defaults to redis.tencentcloudapi.com over https', () => {
    expect(parseV3Endpoint(undefined, undefined)).toEqual({ host: 'redis.tencentcloudapi.com', protocol: 'https://' });
  });

  it('takes regional and finance-zone hosts, bare or as URLs', () => {
    expect(parseV3Endpoint('redis.ap-guangzhou.tencentcloudapi.com', undefined).host).toBe(
      'redis.ap-guangzhou.tencentcloudapi.com',
    );
    expect(parseV3Endpoint('https://redis.ap-shanghai-fsi.tencentcloudapi.com', undefined)).toEqual({
      host: 'redis.ap-shanghai-fsi.tencentcloudapi.com',
      protocol: 'https://',
    });
    expect(parseV3Endpoint('https://redis.intl.tencentcloudapi.com/', undefined).host).toBe(
      'redis.intl.tencentcloudapi.com',
    );
    expect(parseV3Endpoint('http://redis.tencentcloudapi.com', undefined).protocol).toBe('http://');
    expect(parseV3Endpoint('redis.tencentcloudapi.com', 'http://').protocol).toBe('http://');
  });

  it('refuses what the SDK would sign wrongly: another service label, a port, a path, an IP', () => {
    expect(() => parseV3Endpoint('cvm.tencentcloudapi.com', undefined)).toThrow(/first label must be "redis"/);
    expect(() => parseV3Endpoint('http://127.0.0.1:8090', undefined)).toThrow(/connectTo/);
    expect(() => parseV3Endpoint('redis.tencentcloudapi.com:443', undefined)).toThrow(/no port/);
    expect(() => parseV3Endpoint('https://redis.tencentcloudapi.com/v2/index.php', undefined)).toThrow(/bare host/);
    expect(() => parseV3Endpoint('https://redis.tencentcloudapi.com', 'http://')).toThrow(/protocol/);
  });
});

describe('v3RegionName', () => {
  it('names a region the 3.0 way, whichever way it was given', () => {
    expect(v3RegionName('gz')).toBe('ap-guangzhou');
    expect(v3RegionName('ap-guangzhou')).toBe('ap-guangzhou');
    expect(v3RegionName('shjr')).toBe('ap-shanghai-fsi');
    expect(v3RegionName(' SH ')).toBe('ap-shanghai');
  });

  it('passes a long name the table does not have yet, and refuses anything else', () => {
    expect(v3RegionName('ap-jakarta')).toBe('ap-jakarta');
    expect(v3RegionName('sa-saopaulo')).toBe('sa-saopaulo');
    expect(v3RegionName('xx')).toBeNull();
    expect(v3RegionName('')).toBeNull();
  });
});
