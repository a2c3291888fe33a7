// Redis Cluster key slots: CRC16/XMODEM of the key (or of its {hash tag}) mod 16384, and the contiguous
// slot range each shard of an evenly split cluster owns.

export const CLUSTER_SLOTS = 16384;

const CRC16_TABLE = new Uint16Array(256);
for (let n = 0; n < 256; n++) {
  let crc = n << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  CRC16_TABLE[n] = crc;
}

/** CRC16/XMODEM (polynomial 0x1021, init 0), as Redis's crc16.c; crc16("123456789") = 0x31c3. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ (CRC16_TABLE[((crc >> 8) ^ byte) & 0xff] as number);
  return crc;
}

/** keyHashSlot: only the part between the first '{' and the next '}' counts, if it is not empty. */
export function keySlot(key: string | Uint8Array): number {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  const open = bytes.indexOf(0x7b);
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(bytes.subarray(open + 1, close)) % CLUSTER_SLOTS;
  }
  return crc16(bytes) % CLUSTER_SLOTS;
}

export interface ShardSpec {
  /** 0-based shard number. */
  index: number;
  /** Shards in the cluster (1 to 16384). */
  count: number;
}

/** The first and last slot (inclusive) of shard `index` when 16384 slots are split evenly in order. */
export function shardSlotRange(shard: ShardSpec): { first: number; last: number } {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1 || count > CLUSTER_SLOTS) {
    throw new RangeError(`a cluster has 1 to ${CLUSTER_SLOTS} shards, not ${count}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`shard index ${index} is not in 0..${count - 1}`);
  }
  return {
    first: Math.floor((index * CLUSTER_SLOTS) / count),
    last: Math.floor(((index + 1) * CLUSTER_SLOTS) / count) - 1,
  };
}

export function shardOwnsKey(shard: ShardSpec, key: string | Uint8Array): boolean {
  const { first, last } = shardSlotRange(shard);
  const slot = keySlot(key);
  return slot >= first && slot <= last;
}
