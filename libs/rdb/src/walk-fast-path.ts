// The walker's fast path: whole items that lie in the chunk at hand (a string or single-blob key, a
// quicklist, an expire opcode, a string or blob inside a collection) read in place, without frames.
// It never throws and never half-consumes: anything unusual (a cut, a bad blob, a rare encoding) is left
// to the frame path, which then reports it exactly as if the fast path did not exist.
import { checkBlob, mustNotBeEmpty } from './blob-checks';
import type { ChunkCursor } from './chunk-cursor';
import { OPCODE, opcodeAllowed, valueType, versionAllows, type RdbValueType } from './rdb-opcodes';
import { countWalkedKey } from './rdb-summary';
import type { StringReader } from './string-reader';
import { STRING_LZF, scanString, type StringScan } from './string-scan';
import { PROGRAMS, valueProgram, type BlobCheck, type Op } from './walk-programs';
import type { WalkState } from './walk-state';

/** A value type whose whole key the fast path can walk: a string, a single blob, or a quicklist. */
interface FastType {
  type: RdbValueType;
  shape: 'string' | 'blob' | 'quicklist' | 'quicklist2';
  check: BlobCheck;
}

/** A plain 1 or 2-byte length at p (what counts and containers use), or -1 for anything else or a cut. */
function shortLength(buf: Uint8Array, p: number, limit: number): number {
  if (p >= limit) return -1;
  const first = buf[p] as number;
  if (first < 0x40) return first;
  if (first < 0x80 && p + 1 < limit) return ((first & 0x3f) << 8) | (buf[p + 1] as number);
  return -1;
}

export class FastPath {
  private readonly scan: StringScan = { kind: 0, start: 0, end: 0, len: 0 };
  /** Per type byte, whether and how a whole key is walked here (built once the magic is known). */
  private table: Array<FastType | undefined> | undefined;

  constructor(
    private readonly cursor: ChunkCursor,
    private readonly strings: StringReader,
  ) {}

  /** A whole top-level item (a key or an expire/LFU opcode) at the cursor; false to use frames. */
  item(st: WalkState): boolean {
    const c = this.cursor;
    const buf = c.buf;
    const code = buf[c.pos] as number;
    if (code >= OPCODE.SLOT_IMPORT) return this.opcode(st, code);
    const fast = this.types(st)[code];
    if (!fast) return false;
    const scan = this.scan;
    if (!scanString(buf, c.pos + 1, c.limit, scan)) return false;
    if (scan.kind === STRING_LZF && !this.strings.lzfValid(buf, scan)) return false;
    let end: number;
    let elements = 1;
    if (fast.shape === 'quicklist' || fast.shape === 'quicklist2') {
      const nodes = this.quicklist(scan.end, fast.shape === 'quicklist2');
      if (!nodes) return false;
      [end, elements] = nodes;
    } else {
      if (!scanString(buf, scan.end, c.limit, scan)) return false;
      if (fast.shape === 'string') {
        if (scan.kind === STRING_LZF && !this.strings.lzfValid(buf, scan)) return false;
      } else {
        const entries = this.validate(fast.check);
        if (entries < 0) return false;
        elements = entries;
      }
      end = scan.end;
    }
    c.pos = end;
    countWalkedKey(st.summary, {
      type: fast.type,
      db: st.db,
      elements,
      uncounted: false,
      expires: st.expirePending,
      module: null,
    });
    st.expirePending = false;
    return true;
  }

  /** A string whose bytes are not kept, skipped whole if it lies in the chunk. */
  discard(nonEmpty: boolean): boolean {
    const c = this.cursor;
    if (c.partialLen !== 0) return false;
    const scan = this.scan;
    if (!scanString(c.buf, c.pos, c.limit, scan)) return false;
    if (nonEmpty && scan.len === 0) return false;
    if (scan.kind === STRING_LZF && !this.strings.lzfValid(c.buf, scan)) return false;
    c.pos = scan.end;
    return true;
  }

  /** A blob validated in place if it lies whole in the chunk: its entries, or -1 to use frames. */
  blob(check: BlobCheck): number {
    const c = this.cursor;
    if (c.partialLen !== 0) return -1;
    const scan = this.scan;
    if (!scanString(c.buf, c.pos, c.limit, scan)) return -1;
    if (scan.len === 0 && mustNotBeEmpty(check)) return -1;
    const entries = this.validate(check);
    if (entries >= 0) c.pos = scan.end;
    return entries;
  }

  /** The entries of the blob just scanned, or -1 if it is too large to keep or does not validate. */
  private validate(check: BlobCheck): number {
    const blob = this.strings.scannedBytes(this.cursor.buf, this.scan);
    if (!blob) return -1;
    const outcome = checkBlob(check, blob);
    return outcome.ok ? outcome.entries : -1;
  }

  /** A quicklist value from p: [its end, its elements], or undefined to use frames. */
  private quicklist(p: number, version2: boolean): [number, number] | undefined {
    const c = this.cursor;
    const buf = c.buf;
    const scan = this.scan;
    const nodes = shortLength(buf, p, c.limit);
    if (nodes < 0) return undefined;
    let q = p + ((buf[p] as number) < 0x40 ? 1 : 2);
    let elements = 0;
    for (let i = 0; i < nodes; i++) {
      let container = 2;
      if (version2) {
        container = shortLength(buf, q, c.limit);
        if (container !== 1 && container !== 2) return undefined;
        q++;
      }
      if (!scanString(buf, q, c.limit, scan) || scan.len === 0) return undefined;
      if (container === 1) {
        if (scan.kind === STRING_LZF && !this.strings.lzfValid(buf, scan)) return undefined;
        elements++;
      } else {
        const entries = this.validate(version2 ? 'quicklist-listpack' : 'quicklist-ziplist');
        if (entries < 0) return undefined;
        elements += entries;
      }
      q = scan.end;
    }
    return [q, elements];
  }

  private opcode(st: WalkState, code: number): boolean {
    const c = this.cursor;
    switch (code) {
      case OPCODE.EXPIRETIME_MS:
      case OPCODE.EXPIRETIME: {
        const size = code === OPCODE.EXPIRETIME_MS ? 9 : 5;
        if (c.pos + size > c.limit) return false;
        c.pos += size;
        st.expirePending = true;
        return true;
      }
      case OPCODE.FREQ:
        if (c.pos + 2 > c.limit || !opcodeAllowed(st.magic, st.version, code)) return false;
        c.pos += 2;
        return true;
      default:
        return false;
    }
  }

  private types(st: WalkState): Array<FastType | undefined> {
    if (this.table) return this.table;
    const table: Array<FastType | undefined> = [];
    for (let code = 0; code < OPCODE.SLOT_IMPORT; code++) {
      const type = valueType(st.magic, code);
      if (!type || code === 6 || !versionAllows(st.magic, st.version, type.since)) continue;
      const program = valueProgram(code, st.magic === 'VALKEY');
      const ops: readonly Op[] = program ? PROGRAMS[program] : [];
      const only = ops.length === 1 ? ops[0] : undefined;
      if (only?.op === 'str' && only.use === undefined) table[code] = { type, shape: 'string', check: 'listpack' };
      else if (only?.op === 'blob') table[code] = { type, shape: 'blob', check: only.check };
      else if (program === 'quicklist' || program === 'quicklist2')
        table[code] = { type, shape: program, check: 'listpack' };
    }
    this.table = table;
    return table;
  }
}
