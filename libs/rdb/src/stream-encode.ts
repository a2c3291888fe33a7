// Builds stream values as Redis's rdbSaveObject writes them (types 15, 19, 21): listpack nodes with a master
// entry, the stream's IDs and counters, and consumer groups with their PEL and consumers.
import { encodeListpack } from './listpack-encode';
import { RdbBytes, encodeMillis } from './rdb-encoding';
import type { CompactValue } from './compact-value';

export type StreamId = readonly [ms: number, seq: number];

export interface StreamEntry {
  id: StreamId;
  fields: ReadonlyArray<readonly [string, string]>;
  /** Deleted by XDEL: kept in its listpack with the deleted flag. */
  deleted?: boolean;
}

export interface StreamConsumer {
  name: string;
  seenTime: number;
  activeTime: number;
  /** IDs of the group's pending entries this consumer owns. */
  pending: readonly StreamId[];
}

export interface StreamGroup {
  name: string;
  lastId: StreamId;
  entriesRead: number;
  /** Pending entries: ID, last delivery time, delivery count (each owned by exactly one consumer). */
  pending: ReadonlyArray<{ id: StreamId; deliveryTime: number; deliveryCount: number }>;
  consumers: readonly StreamConsumer[];
}

export interface StreamSpec {
  /** Entries per listpack node, in ID order. */
  nodes: ReadonlyArray<readonly StreamEntry[]>;
  lastId: StreamId;
  groups: readonly StreamGroup[];
}

const FLAG_DELETED = 1;
const FLAG_SAME_FIELDS = 2;

/** The 16-byte big-endian form of a stream ID (streamEncodeID), as node keys and PEL entries store it. */
export function encodeStreamId(id: StreamId): Buffer {
  const out = Buffer.alloc(16);
  out.writeBigUInt64BE(BigInt(id[0]), 0);
  out.writeBigUInt64BE(BigInt(id[1]), 8);
  return out;
}

/** One node's listpack: the master entry (count, deleted, master fields, 0), then each entry. */
export function encodeStreamListpack(entries: readonly StreamEntry[]): Buffer {
  const first = entries[0];
  if (!first) throw new RangeError('a stream listpack holds at least one entry');
  const masterFields = first.fields.map(([field]) => field);
  const live = entries.filter((e) => !e.deleted).length;
  const values: CompactValue[] = [live, entries.length - live, masterFields.length, ...masterFields, 0];
  for (const entry of entries) {
    const same =
      entry.fields.length === masterFields.length && entry.fields.every(([field], i) => field === masterFields[i]);
    const flags = (entry.deleted ? FLAG_DELETED : 0) | (same ? FLAG_SAME_FIELDS : 0);
    const parts: CompactValue[] = [flags, entry.id[0] - first.id[0], entry.id[1] - first.id[1]];
    if (same) {
      parts.push(...entry.fields.map(([, value]) => value));
    } else {
      parts.push(entry.fields.length);
      for (const [field, value] of entry.fields) parts.push(field, value);
    }
    parts.push(parts.length); // lp-count: the entry's elements before it
    values.push(...parts);
  }
  return encodeListpack(values);
}

/** The value of a stream key of RDB type 15 (Redis 5-6), 19 (7.0) or 21 (7.2). */
export function encodeStreamValue(spec: StreamSpec, type: 15 | 19 | 21, compress: boolean): Buffer {
  const out = new RdbBytes();
  const all = spec.nodes.flat();
  const live = all.filter((e) => !e.deleted);
  const deleted = all.filter((e) => e.deleted);
  out.len(spec.nodes.length);
  for (const node of spec.nodes) {
    const first = node[0];
    if (!first) throw new RangeError('a stream node holds at least one entry');
    out.raw(encodeStreamId(first.id));
    out.string(encodeStreamListpack(node), compress);
  }
  out.len(live.length).len(spec.lastId[0]).len(spec.lastId[1]);
  if (type >= 19) {
    const firstLive = live[0]?.id ?? [0, 0];
    const maxDeleted = deleted.reduce<StreamId>(
      (max, e) => (e.id[0] > max[0] || (e.id[0] === max[0] && e.id[1] > max[1]) ? e.id : max),
      [0, 0],
    );
    out.len(firstLive[0]).len(firstLive[1]).len(maxDeleted[0]).len(maxDeleted[1]).len(all.length);
  }
  out.len(spec.groups.length);
  for (const group of spec.groups) {
    out.string(group.name, compress).len(group.lastId[0]).len(group.lastId[1]);
    if (type >= 19) out.len(group.entriesRead);
    out.len(group.pending.length);
    for (const nack of group.pending) {
      out.push(encodeStreamId(nack.id)).millis(nack.deliveryTime).len(nack.deliveryCount);
    }
    out.len(group.consumers.length);
    for (const consumer of group.consumers) {
      out.string(consumer.name, compress).push(encodeMillis(consumer.seenTime));
      if (type >= 21) out.push(encodeMillis(consumer.activeTime));
      out.len(consumer.pending.length);
      for (const id of consumer.pending) out.push(encodeStreamId(id));
    }
  }
  return out.toBuffer();
}
