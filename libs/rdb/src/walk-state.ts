// The walker's state as plain data (frames of the grammar interpreter, the key being read, the summary so
// far) and its snapshot form, so a walk can be saved at any byte and resumed in another process.
import type { LzfState } from './lzf-stream';
import type { RdbMagic } from './rdb-opcodes';
import type { RdbContentSummary, RdbChecksumStatus } from './rdb-summary';
import type { ProgramId } from './walk-programs';

/** One running program of walk-programs.ts. */
export interface ProgramFrame {
  k: 'p';
  p: ProgramId;
  /** Index of the op being executed. */
  pc: number;
  /** Iterations left, the current one included (a `repeat` body runs n times). */
  n: number;
  /** The last length read by this program (what `repeat`, `optional` and `node` act on). */
  v: number;
  /** Waiting for the string or blob it started. */
  w: boolean;
  /** Sub-step of a multi-read op (a score's text length + 1, a module opcode). */
  m: number;
}

/** A string being read: its length header, then its raw, integer or LZF payload. */
export interface StringFrame {
  k: 's';
  what: string;
  /** 0 discard, 1 capture a prefix (aux fields), 2 buffer whole for validation (blobs), 3 key name. */
  sink: number;
  step: number;
  /** Raw: payload bytes left; LZF: the compressed length until the LZF state takes over. */
  rem: number;
  /** The string's (uncompressed) length. */
  len: number;
  /** File offset of the payload (after the length header). */
  start: number;
  /** Whether the payload goes to the walker's target buffer. */
  keep: boolean;
  /** For an integer-encoded string: 0, 1 or 2 for 8, 16 or 32 bits. */
  enc: number;
  lzf: LzfState | null;
}

export type Frame = ProgramFrame | StringFrame;

export interface KeyState {
  type: number;
  /** File offset of the type byte. */
  start: number;
  db: number;
  /** The key name's printable prefix, for messages (set in snapshots; a live walk keeps the bytes). */
  name: string;
  /** Elements seen (zero after the whole value means an empty key, which loaders skip). */
  elements: number;
  /** A blob too large to validate: its element count is unknown. */
  uncounted: boolean;
  expires: boolean;
  module: string | null;
}

export type WalkPhase = 'magic' | 'body' | 'checksum' | 'done';

export interface WalkState {
  phase: WalkPhase;
  magic: RdbMagic;
  version: number;
  db: number;
  /** An EXPIRETIME opcode was read for the next key. */
  expirePending: boolean;
  key: KeyState | null;
  /** The top-level item being read (an opcode name), for messages; null between items and for keys. */
  item: string | null;
  itemStart: number;
  auxKey: string | null;
  stack: Frame[];
  summary: RdbContentSummary;
  uncheckedBlobs: number;
  checksum: { status: RdbChecksumStatus; computed: string; stored?: string } | null;
}

/** A JSON-serializable copy of a walker at one offset; `RdbWalker.restore` continues from it. */
export interface RdbWalkerSnapshot {
  format: 'crs-export/rdb-walker@1';
  offset: number;
  maxBlobBytes: number;
  crc: string;
  state: WalkState;
  /** Bytes of a fixed-size read cut by a chunk boundary (base64). */
  partial: string;
  /** The string being kept: its buffer's capacity and the bytes filled so far (base64). */
  target: { capacity: number; data: string } | null;
}
