// Cluster slots as Redis computes them (CRC16/XMODEM, hash tags) and the shards' contiguous slot ranges.
import { describe, expect, it } from 'vitest';
import { CLUSTER_SLOTS, crc16, keySlot, shardOwnsKey, shardSlotRange } from './cluster-slot';
import { ShardKeyNames } from './shard-key-names';

describe('cluster slots', () => {
  it('uses CRC16/XMODEM (check value 0x31c3) and the slots Redis documents', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x31c3);
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('bar')).toBe(5061);
  });

  it('hashes only a non-empty {hash tag}', () => {
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('foo{}{bar}')).toBe(crc16(Buffer.from('foo{}{bar}')) % CLUSTER_SLOTS);
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
  });

  it('splits the 16384 slots into contiguous ranges, one per shard, covering all', () => {
    for (const count of [1, 3, 7, 16, 128]) {
      let next = 0;
      for (let index = 0; index < count; index++) {
        const { first, last } = shardSlotRange({ index, count });
        expect(first).toBe(next);
        expect(last).toBeGreaterThanOrEqual(first);
        next = last + 1;
      }
      expect(next).toBe(CLUSTER_SLOTS);
    }
    expect(() => shardSlotRange({ index: 3, count: 3 })).toThrow(RangeError);
  });

  it('names keys into the shard, keeping tagged keys tagged and fixed-width names fixed', () => {
    const shard = { index: 5, count: 16 };
    const names = new ShardKeyNames(shard);
    for (let i = 0; i < 50; i++) {
      expect(shardOwnsKey(shard, names.name(`user:${i}`))).toBe(true);
      const tagged = names.tagged(`order:${i}`, ':status');
      expect(shardOwnsKey(shard, tagged)).toBe(true);
      expect(tagged).toMatch(/^\{order:\d+(:[0-9a-z]{4})?\}:status$/);
      expect(names.fixedWidth(`blob:${String(i).padStart(10, '0')}`)).toHaveLength(20);
    }
    expect(new ShardKeyNames().fixedWidth('blob:1')).toBe('blob:1');
  });
});
