// Type codes: engine, edition and RDB version; ProductType wins when it and Type disagree.
import { describe, expect, it } from 'vitest';
import { architectureOf, instanceTypeInfo } from './v3-instance-types';

describe('instance types', () => {
  it.each([
    [18, 'Redis 7.0', 'cluster', 10],
    [17, 'Redis 7.0', 'standard', 10],
    [16, 'Redis 6.2', 'cluster', 9],
    [15, 'Redis 6.2', 'standard', 9],
    [9, 'Redis 5.0', 'cluster', 9],
    [7, 'Redis 4.0', 'cluster', 8],
    [2, 'Redis 2.8', 'standard', 6],
    [20, 'Valkey 8.0', 'cluster', 11],
    [21, 'Valkey 8.0', 'standard', 11],
    [4, 'CKV 3.2', 'cluster', null],
  ])('Type %i is %s %s with RDB version %s', (type, engine, architecture, rdbVersion) => {
    expect(instanceTypeInfo(type)).toEqual({ engine, architecture, rdbVersion });
  });

  it('knows nothing of a Type it has no entry for', () => {
    expect(instanceTypeInfo(99)).toBeNull();
    expect(instanceTypeInfo(null)).toBeNull();
  });

  it('trusts ProductType over a Type that says otherwise', () => {
    expect(architectureOf({ ProductType: 'cluster', Type: 17, RedisShardNum: 3 })).toBe('cluster');
    expect(architectureOf({ ProductType: 'standalone', Type: 18, RedisShardNum: 1 })).toBe('standard');
  });

  it('falls back to Type, then to the shard count', () => {
    expect(architectureOf({ ProductType: null, Type: 16, RedisShardNum: null })).toBe('cluster');
    expect(architectureOf({ ProductType: 'weird', Type: 15, RedisShardNum: 4 })).toBe('standard');
    expect(architectureOf({ ProductType: null, Type: 99, RedisShardNum: 4 })).toBe('cluster');
    expect(architectureOf({ ProductType: null, Type: null, RedisShardNum: null })).toBe('standard');
  });
});
