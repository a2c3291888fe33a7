// The RDB opcodes and value types (src/rdb.h of Redis 2.6 to 7.4 and Valkey 9), with the RDB version each
// first appeared in, so a walk can tell a value that no server of the file's version could have written.

export const OPCODE = {
  /** Valkey 9: an in-progress slot import (job name, slot ranges). */
  SLOT_IMPORT: 0xf3,
  /** Redis 7.4 (and Valkey, ignored): slot id, keys in slot, expires in slot. */
  SLOT_INFO: 0xf4,
  FUNCTION2: 0xf5,
  /** Redis 7.0 release candidates: name, engine, optional description, code. */
  FUNCTION_PRE_GA: 0xf6,
  MODULE_AUX: 0xf7,
  IDLE: 0xf8,
  FREQ: 0xf9,
  AUX: 0xfa,
  RESIZEDB: 0xfb,
  EXPIRETIME_MS: 0xfc,
  EXPIRETIME: 0xfd,
  SELECTDB: 0xfe,
  EOF: 0xff,
} as const;

/** The opcodes inside module data (RDB_MODULE_OPCODE_*): each announces one value, EOF ends the data. */
export const MODULE_OPCODE = { EOF: 0, SINT: 1, UINT: 2, FLOAT: 3, DOUBLE: 4, STRING: 5 } as const;

/** The value kinds a summary counts keys by (what `TYPE key` would answer). */
export type RdbValueKind = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream' | 'module';

export const RDB_VALUE_KINDS: readonly RdbValueKind[] = ['string', 'list', 'set', 'zset', 'hash', 'stream', 'module'];

/** The format a file declares in its first 9 bytes. */
export type RdbMagic = 'REDIS' | 'VALKEY';

/** Valkey 9's native RDB version (magic VALKEY080); 12-79 are Redis CE's own versions, foreign to Valkey. */
export const VALKEY_RDB_VERSION = 80;

/** The highest REDIS-magic version this library walks (Redis 7.4). */
export const MAX_REDIS_RDB_VERSION = 12;

export interface RdbValueType {
  readonly code: number;
  readonly kind: RdbValueKind;
  /** How the value is laid out, as the summary's `encodings` names it, e.g. 'hash-listpack'. */
  readonly encoding: string;
  /** The first REDIS-magic RDB version that can hold it; versions 1-6 are treated as one (Redis ≤ 3.0). */
  readonly since: number;
  /** Whether a VALKEY-magic file can hold it. */
  readonly valkey: boolean;
}

const type = (code: number, kind: RdbValueKind, encoding: string, since: number, valkey = true): RdbValueType => ({
  code,
  kind,
  encoding: `${kind}-${encoding}`,
  since,
  valkey,
});

/** Type codes of REDIS-magic files. */
const REDIS_TYPES: readonly RdbValueType[] = [
  type(0, 'string', 'plain', 1),
  type(1, 'list', 'linkedlist', 1),
  type(2, 'set', 'hashtable', 1),
  type(3, 'zset', 'skiplist', 1),
  type(4, 'hash', 'hashtable', 1),
  type(5, 'zset', 'skiplist-binary', 8),
  type(6, 'module', 'pre-ga', 8),
  type(7, 'module', 'v2', 8),
  type(9, 'hash', 'zipmap', 1),
  type(10, 'list', 'ziplist', 1),
  type(11, 'set', 'intset', 1),
  type(12, 'zset', 'ziplist', 1),
  type(13, 'hash', 'ziplist', 1),
  type(14, 'list', 'quicklist', 7),
  type(15, 'stream', 'listpacks', 9),
  type(16, 'hash', 'listpack', 10),
  type(17, 'zset', 'listpack', 10),
  type(18, 'list', 'quicklist2', 10),
  type(19, 'stream', 'listpacks2', 10),
  type(20, 'set', 'listpack', 11),
  type(21, 'stream', 'listpacks3', 11),
  type(22, 'hash', 'metadata-pre-ga', 12, false),
  type(23, 'hash', 'listpack-ex-pre-ga', 12, false),
  type(24, 'hash', 'metadata', 12, false),
  type(25, 'hash', 'listpack-ex', 12, false),
];

/** Valkey 9 reuses code 22 for its own hash with field expiries. */
const VALKEY_HASH_2 = type(22, 'hash', 'hashtable-field-expiry', VALKEY_RDB_VERSION);

const REDIS_BY_CODE = new Map(REDIS_TYPES.map((t) => [t.code, t]));

/** The value type a type byte names in a file of this magic, or undefined if it names none. */
export function valueType(magic: RdbMagic, code: number): RdbValueType | undefined {
  if (magic === 'VALKEY') {
    if (code === VALKEY_HASH_2.code) return VALKEY_HASH_2;
    const t = REDIS_BY_CODE.get(code);
    return t?.valkey ? t : undefined;
  }
  return REDIS_BY_CODE.get(code);
}

/** The first REDIS-magic version that may hold each opcode; 80 marks Valkey's own. */
const OPCODE_SINCE: Readonly<Record<number, number>> = {
  [OPCODE.SLOT_IMPORT]: VALKEY_RDB_VERSION,
  [OPCODE.SLOT_INFO]: 12,
  [OPCODE.FUNCTION2]: 10,
  [OPCODE.FUNCTION_PRE_GA]: 10,
  [OPCODE.MODULE_AUX]: 9,
  [OPCODE.IDLE]: 9,
  [OPCODE.FREQ]: 9,
  [OPCODE.AUX]: 7,
  [OPCODE.RESIZEDB]: 7,
  [OPCODE.EXPIRETIME_MS]: 1,
  [OPCODE.EXPIRETIME]: 1,
  [OPCODE.SELECTDB]: 1,
  [OPCODE.EOF]: 1,
};

/** Whether a file of this magic and version may hold the opcode (false also for a byte that is no opcode). */
export function opcodeAllowed(magic: RdbMagic, version: number, code: number): boolean {
  const since = OPCODE_SINCE[code];
  if (since === undefined) return false;
  // Valkey loads Redis 7.4's slot info and ignores it ("foreign slot info, safe to ignore").
  if (magic === 'VALKEY' && code === OPCODE.SLOT_INFO) return true;
  return versionAllows(magic, version, since);
}

/** Whether a file of this magic and version may hold an item introduced in REDIS-magic version `since`. */
export function versionAllows(magic: RdbMagic, version: number, since: number): boolean {
  // Valkey's format is Redis 7.2's (RDB 11) plus its own additions, which carry `since` 80.
  if (magic === 'VALKEY') return since <= 11 || since === VALKEY_RDB_VERSION;
  // Redis 2.6 to 3.0 wrote RDB 6; the few changes between versions 1 and 6 are not told apart here.
  return since <= Math.max(version, 6) && since !== VALKEY_RDB_VERSION;
}

const OPCODE_NAMES = new Map<number, string>(Object.entries(OPCODE).map(([name, value]) => [value, name]));

export function opcodeName(code: number): string {
  return OPCODE_NAMES.get(code) ?? `0x${code.toString(16).padStart(2, '0')}`;
}
