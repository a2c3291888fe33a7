// The RDB grammar as data: for every value type and top-level opcode, the sequence of reads that Redis's
// rdbLoadObject / rdbLoadRio perform (src/rdb.c), which the walker interprets one step at a time.

/** What a length is, beyond being read: the walker acts on these. */
export type LenUse =
  | 'elements' // a collection's size (a zero means an empty key, which loaders skip)
  | 'database'
  | 'module-id'
  | 'module-aux-id'
  | 'when-opcode'
  | 'container'
  | 'slot-info';

/** What a string is, beyond being read through. */
export type StrUse = 'key-name' | 'aux-key' | 'aux-value' | 'stream-id' | 'function' | 'slot-import';

/** The inner encodings the walker validates entry by entry. */
export type BlobCheck =
  | 'ziplist'
  | 'ziplist-pairs'
  | 'quicklist-ziplist'
  | 'listpack'
  | 'listpack-pairs'
  | 'listpack-triples'
  | 'quicklist-listpack'
  | 'intset'
  | 'zipmap'
  | 'stream-listpack';

export type BytesUse = 'expire-seconds' | 'expire-ms' | 'score' | 'field-expiry';

export type Op =
  | { readonly op: 'len'; readonly what: string; readonly use?: LenUse }
  | { readonly op: 'str'; readonly what: string; readonly use?: StrUse }
  | { readonly op: 'blob'; readonly what: string; readonly check: BlobCheck }
  | { readonly op: 'bytes'; readonly what: string; readonly n: number; readonly use?: BytesUse }
  /** A zset score of RDB < 8: one length byte (253 NaN, 254 +inf, 255 -inf) and that many ASCII bytes. */
  | { readonly op: 'score' }
  /** Runs `body` as many times as the last length read in this program said. */
  | { readonly op: 'repeat'; readonly body: string }
  /** Runs `body` once if the last length read was not 0. */
  | { readonly op: 'optional'; readonly body: string }
  /** A quicklist2 node: a plain string or a listpack, as the container length before it says. */
  | { readonly op: 'node' }
  /** Module data: (opcode, value) pairs up to the EOF opcode, as rdbLoadCheckModuleValue reads them. */
  | { readonly op: 'module' };

const len = (what: string, use?: LenUse): Op => ({ op: 'len', what, use });
const str = (what: string, use?: StrUse): Op => ({ op: 'str', what, use });
const blob = (what: string, check: BlobCheck): Op => ({ op: 'blob', what, check });
const bytes = (what: string, n: number, use?: BytesUse): Op => ({ op: 'bytes', what, n, use });
const repeat = (body: string): Op => ({ op: 'repeat', body });

const streamHead = [len('stream listpack count'), repeat('stream-node')];
const streamV2Ids = [
  len('stream first ID ms'),
  len('stream first ID seq'),
  len('stream max deleted ID ms'),
  len('stream max deleted ID seq'),
  len('stream entries added'),
];
const streamTail = [len('stream length'), len('stream last ID ms'), len('stream last ID seq')];

export const PROGRAMS = {
  // Values, by RDB type.
  string: [str('string value')],
  list: [len('list length', 'elements'), repeat('element')],
  set: [len('set size', 'elements'), repeat('element')],
  element: [str('element')],
  zset: [len('zset size', 'elements'), repeat('zset-member')],
  'zset-member': [str('zset member'), { op: 'score' }],
  zset2: [len('zset size', 'elements'), repeat('zset2-member')],
  'zset2-member': [str('zset member'), bytes('zset score', 8, 'score')],
  hash: [len('hash size', 'elements'), repeat('hash-field')],
  'hash-field': [str('hash field'), str('hash value')],
  module2: [len('module type ID', 'module-id'), { op: 'module' }],
  zipmap: [blob('zipmap', 'zipmap')],
  'list-ziplist': [blob('ziplist', 'ziplist')],
  intset: [blob('intset', 'intset')],
  'pairs-ziplist': [blob('ziplist', 'ziplist-pairs')],
  quicklist: [len('quicklist node count'), repeat('quicklist-node')],
  'quicklist-node': [blob('quicklist ziplist node', 'quicklist-ziplist')],
  'pairs-listpack': [blob('listpack', 'listpack-pairs')],
  'set-listpack': [blob('listpack', 'listpack')],
  quicklist2: [len('quicklist node count'), repeat('quicklist2-node')],
  'quicklist2-node': [len('quicklist node container', 'container'), { op: 'node' }],
  stream1: [...streamHead, ...streamTail, len('consumer group count'), repeat('group1')],
  stream2: [...streamHead, ...streamTail, ...streamV2Ids, len('consumer group count'), repeat('group2')],
  stream3: [...streamHead, ...streamTail, ...streamV2Ids, len('consumer group count'), repeat('group3')],
  'stream-node': [str('stream node master ID', 'stream-id'), blob('stream listpack', 'stream-listpack')],
  group1: [
    str('consumer group name'),
    len('group last ID ms'),
    len('group last ID seq'),
    len('group PEL size'),
    repeat('pel-entry'),
    len('consumer count'),
    repeat('consumer1'),
  ],
  group2: [
    str('consumer group name'),
    len('group last ID ms'),
    len('group last ID seq'),
    len('group entries read'),
    len('group PEL size'),
    repeat('pel-entry'),
    len('consumer count'),
    repeat('consumer1'),
  ],
  group3: [
    str('consumer group name'),
    len('group last ID ms'),
    len('group last ID seq'),
    len('group entries read'),
    len('group PEL size'),
    repeat('pel-entry'),
    len('consumer count'),
    repeat('consumer3'),
  ],
  'pel-entry': [bytes('PEL entry ID', 16), bytes('PEL delivery time', 8), len('PEL delivery count')],
  consumer1: [str('consumer name'), bytes('consumer seen time', 8), len('consumer PEL size'), repeat('consumer-pel')],
  consumer3: [
    str('consumer name'),
    bytes('consumer seen time', 8),
    bytes('consumer active time', 8),
    len('consumer PEL size'),
    repeat('consumer-pel'),
  ],
  'consumer-pel': [bytes('consumer PEL entry ID', 16)],
  'hash-ttl-pre-ga': [len('hash size', 'elements'), repeat('hash-ttl-field')],
  'hash-ttl': [bytes('hash minimum expire', 8), len('hash size', 'elements'), repeat('hash-ttl-field')],
  'hash-ttl-field': [len('hash field TTL'), str('hash field'), str('hash value')],
  'hash-listpack-ttl-pre-ga': [blob('listpack', 'listpack-triples')],
  'hash-listpack-ttl': [bytes('hash minimum expire', 8), blob('listpack', 'listpack-triples')],
  'valkey-hash2': [len('hash size', 'elements'), repeat('valkey-hash2-field')],
  'valkey-hash2-field': [str('hash field'), str('hash value'), bytes('hash field expire', 8, 'field-expiry')],

  // Top-level items, by opcode.
  'key-name': [str('key name', 'key-name')],
  aux: [str('aux field name', 'aux-key'), str('aux field value', 'aux-value')],
  selectdb: [len('database number', 'database')],
  resizedb: [len('database size hint'), len('expires size hint')],
  'slot-info': [len('slot number', 'slot-info'), len('slot size'), len('slot expires size')],
  'module-aux': [
    len('module type ID', 'module-aux-id'),
    len('module aux when-opcode', 'when-opcode'),
    len('module aux when'),
    { op: 'module' },
  ],
  'function-pre-ga': [
    str('function library name', 'function'),
    str('function engine'),
    len('function description flag'),
    { op: 'optional', body: 'function-description' },
    str('function code'),
  ],
  'function-description': [str('function description')],
  function2: [str('function library code', 'function')],
  'slot-import': [str('slot import job name', 'slot-import'), len('slot range count'), repeat('slot-range')],
  'slot-range': [len('slot range start'), len('slot range end')],
  'expire-seconds': [bytes('expire time (s)', 4, 'expire-seconds')],
  'expire-ms': [bytes('expire time (ms)', 8, 'expire-ms')],
  freq: [bytes('LFU frequency', 1)],
  idle: [len('LRU idle time')],
} satisfies Record<string, readonly Op[]>;

export type ProgramId = keyof typeof PROGRAMS;

export function isProgramId(name: string): name is ProgramId {
  return Object.prototype.hasOwnProperty.call(PROGRAMS, name);
}

// A body that names no program is a mistake in this table; fail at load rather than in the middle of a walk.
for (const [name, ops] of Object.entries(PROGRAMS) as Array<[string, readonly Op[]]>) {
  for (const op of ops) {
    if ((op.op === 'repeat' || op.op === 'optional') && !isProgramId(op.body)) {
      throw new Error(`walk program ${name} runs the unknown program ${op.body}`);
    }
  }
}

/** The program that reads a value of this RDB type code (the magic decides what 22 means). */
export function valueProgram(code: number, valkey: boolean): ProgramId | undefined {
  if (valkey && code === 22) return 'valkey-hash2';
  return VALUE_PROGRAMS[code];
}

const VALUE_PROGRAMS: Partial<Record<number, ProgramId>> = {
  0: 'string',
  1: 'list',
  2: 'set',
  3: 'zset',
  4: 'hash',
  5: 'zset2',
  7: 'module2',
  9: 'zipmap',
  10: 'list-ziplist',
  11: 'intset',
  12: 'pairs-ziplist',
  13: 'pairs-ziplist',
  14: 'quicklist',
  15: 'stream1',
  16: 'pairs-listpack',
  17: 'pairs-listpack',
  18: 'quicklist2',
  19: 'stream2',
  20: 'set-listpack',
  21: 'stream3',
  22: 'hash-ttl-pre-ga',
  23: 'hash-listpack-ttl-pre-ga',
  24: 'hash-ttl',
  25: 'hash-listpack-ttl',
};
