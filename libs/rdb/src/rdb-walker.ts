// A streaming, resumable RDB verifier: fed the file in chunks of any size, it checks magic, version, every
// opcode and value (inner encodings entry by entry), the EOF opcode and the CRC-64, in bounded memory, and
// can be snapshotted between chunks and restored elsewhere to finish the walk with the same outcome.
import { ChunkCursor } from './chunk-cursor';
import { Crc64 } from './crc64';
import {
  MAX_REDIS_RDB_VERSION,
  MODULE_OPCODE,
  OPCODE,
  VALKEY_RDB_VERSION,
  opcodeAllowed,
  opcodeName,
  valueType,
  versionAllows,
  type RdbMagic,
  type RdbValueType,
} from './rdb-opcodes';
import { RdbFormatError, type RdbCheck } from './rdb-format-error';
import { countWalkedKey, emptyContentSummary, type RdbSummary } from './rdb-summary';
import {
  SINK_BLOB,
  SINK_CAPTURE,
  SINK_DISCARD,
  SINK_KEY_NAME,
  STRING_DONE,
  STRING_MORE,
  StringReader,
  newStringFrame,
} from './string-reader';
import { FastPath } from './walk-fast-path';
import { OpEffects } from './walk-op-effects';
import { describeContext, describeTruncation, formatName } from './walk-messages';
import { hex2, printableName } from './walk-text';
import { PROGRAMS, valueProgram, type BlobCheck, type Op, type ProgramId } from './walk-programs';
import type { KeyState, ProgramFrame, RdbWalkerSnapshot, WalkState } from './walk-state';

export interface RdbWalkerOptions {
  /**
   * Largest blob (ziplist, listpack, intset, zipmap) buffered to be validated entry by entry; a larger one is
   * still read for its length and compression and counted in `uncheckedBlobs`. Default 16 MiB.
   */
  maxBlobBytes?: number;
}

export const DEFAULT_MAX_BLOB_BYTES = 16 * 1024 * 1024;

/** The `module` op's sub-step while a module string is read (after the opcodes' own numbers). */
const MODULE_AWAIT_STRING = 6;

const SCORE_TEXT = /^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?)$/i;

function initialState(): WalkState {
  return {
    phase: 'magic',
    magic: 'REDIS',
    version: 0,
    db: 0,
    expirePending: false,
    key: null,
    item: null,
    itemStart: 0,
    auxKey: null,
    stack: [],
    summary: emptyContentSummary('REDIS', 0),
    uncheckedBlobs: 0,
    checksum: null,
  };
}

export class RdbWalker {
  private readonly maxBlobBytes: number;
  private st: WalkState = initialState();
  private crc = new Crc64();
  private failure: RdbFormatError | undefined;
  private readonly cursor: ChunkCursor;
  private readonly strings: StringReader;
  private readonly fast: FastPath;
  private readonly effects: OpEffects;

  constructor(options: RdbWalkerOptions = {}) {
    this.maxBlobBytes = options.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES;
    if (!Number.isSafeInteger(this.maxBlobBytes) || this.maxBlobBytes < 0) {
      throw new RangeError(`maxBlobBytes must be a non-negative integer, got ${options.maxBlobBytes}`);
    }
    this.cursor = new ChunkCursor((first, offset) =>
      this.error('structure', offset, `unknown length encoding 0x${hex2(first)}`),
    );
    this.strings = new StringReader(this.cursor, this.maxBlobBytes, (check, offset, problem) =>
      this.error(check, offset, problem),
    );
    this.fast = new FastPath(this.cursor, this.strings);
    this.effects = new OpEffects(this.cursor, this.strings, (check, offset, problem) =>
      this.error(check, offset, problem),
    );
  }

  /** Resumes a walk from `snapshot()`: feeding it the rest of the file gives the uninterrupted outcome. */
  static restore(snapshot: RdbWalkerSnapshot): RdbWalker {
    if (snapshot.format !== 'crs-export/rdb-walker@1') {
      throw new TypeError(`not an RDB walker snapshot: ${JSON.stringify(snapshot.format)}`);
    }
    const walker = new RdbWalker({ maxBlobBytes: snapshot.maxBlobBytes });
    walker.st = structuredClone(snapshot.state);
    walker.crc = Crc64.fromState(snapshot.crc);
    walker.cursor.base = snapshot.offset;
    const partial = Buffer.from(snapshot.partial, 'base64');
    walker.cursor.partial.set(partial);
    walker.cursor.partialLen = partial.length;
    const top = walker.st.stack[walker.st.stack.length - 1];
    if (snapshot.target && top?.k === 's') {
      const data = Buffer.from(snapshot.target.data, 'base64');
      const target = walker.strings.targetFor(top.sink, snapshot.target.capacity);
      target.set(data);
      walker.strings.target = target;
      walker.strings.filled = data.length;
    }
    return walker;
  }

  /** Bytes of the file walked so far. */
  get offset(): number {
    return this.cursor.offset;
  }

  /**
   * Bytes a snapshot would carry beyond its fixed few hundred: a blob or name being buffered, a cut read.
   * Take snapshots when this is small (e.g. under 64 KiB).
   */
  get pendingBytes(): number {
    const top = this.st.stack[this.st.stack.length - 1];
    return this.cursor.partialLen + (top?.k === 's' ? this.strings.pending(top) : 0);
  }

  /** Walks the next bytes of the file; throws RdbFormatError at the first problem (and on every call after). */
  write(chunk: Uint8Array): void {
    if (this.failure) throw this.failure;
    const c = this.cursor;
    c.load(chunk);
    try {
      while (c.pos < c.limit) {
        const phase = this.st.phase;
        if (phase === 'magic' || phase === 'body') {
          const from = c.pos;
          this.pump();
          this.crc.update(chunk.subarray(from, c.pos));
          // Before RDB 5 there is no trailer; the CRC of the whole file is still worth reporting.
          const checksum = this.st.checksum;
          if (checksum?.status === 'absent') checksum.computed = this.crc.hex;
        } else if (phase === 'checksum') {
          this.readChecksum();
        } else {
          throw this.error(
            'trailing-bytes',
            c.offset,
            `more bytes follow the end of the RDB file, which ended at offset ${c.offset}`,
          );
        }
      }
    } catch (error) {
      this.failure =
        error instanceof RdbFormatError
          ? error
          : new RdbFormatError('structure', c.offset, `walk failed: ${(error as Error).message}`);
      throw this.failure;
    } finally {
      c.unload();
    }
  }

  /** Declares the end of the file; returns the summary, or throws RdbFormatError if the file is incomplete. */
  end(): RdbSummary {
    if (this.failure) throw this.failure;
    const st = this.st;
    if (st.phase !== 'done' || !st.checksum) {
      this.failure = this.error(
        'truncated',
        this.offset,
        `the file ends after ${this.offset} bytes, ${describeTruncation(this.st, this.context())}`,
      );
      throw this.failure;
    }
    return {
      ...structuredClone(st.summary),
      bytes: this.offset,
      checksum: { ...st.checksum },
      uncheckedBlobs: st.uncheckedBlobs,
    };
  }

  /** The whole walk state at `offset`, JSON-serializable (buffers as base64). */
  snapshot(): RdbWalkerSnapshot {
    if (this.failure) throw this.failure;
    const state = structuredClone(this.st);
    if (state.key && state.key.name === '') state.key.name = this.keyName();
    const top = this.st.stack[this.st.stack.length - 1];
    const strings = this.strings;
    const target = top?.k === 's' && top.keep ? strings.target : null;
    return {
      format: 'crs-export/rdb-walker@1',
      offset: this.offset,
      maxBlobBytes: this.maxBlobBytes,
      crc: this.crc.state(),
      state,
      partial: Buffer.from(this.cursor.partial.subarray(0, this.cursor.partialLen)).toString('base64'),
      target: target
        ? { capacity: target.length, data: Buffer.from(target.subarray(0, strings.filled)).toString('base64') }
        : null,
    };
  }

  // ---- the interpreter ----

  /** Runs frames until the chunk is used up, or until the phase changes at the EOF opcode. */
  private pump(): void {
    const stack = this.st.stack;
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        if (!this.topLevel()) return;
        if (this.st.phase !== 'body') return;
      } else if (frame.k === 's') {
        const outcome = this.strings.step(frame);
        if (outcome === STRING_MORE) return;
        if (outcome === STRING_DONE) stack.pop();
      } else if (!this.programStep(frame)) {
        return;
      }
    }
  }

  /** Between items: finishes the key just read, then reads the next opcode or type byte. */
  private topLevel(): boolean {
    const st = this.st;
    const c = this.cursor;
    if (st.phase === 'magic') return this.readMagic();
    if (st.key) {
      this.finishKey(st.key);
      st.key = null;
    }
    st.item = null;
    if (c.partialLen === 0 && c.pos < c.limit && this.fast.item(st)) return true;
    const at = c.need(1);
    if (at < 0) return false;
    const code = c.rb[at] as number;
    const start = c.offset - 1;
    st.itemStart = start;
    if (code >= OPCODE.SLOT_IMPORT) return this.opcode(code, start);
    this.checkedType(code, start);
    const program = valueProgram(code, st.magic === 'VALKEY');
    if (!program) throw this.error('structure', start, `value type ${code} has no known layout`);
    st.key = {
      type: code,
      start,
      db: st.db,
      name: '',
      elements: 0,
      uncounted: false,
      expires: st.expirePending,
      module: null,
    };
    st.expirePending = false;
    this.strings.keyNameTotal = -1;
    this.pushProgram(program, 1);
    this.pushProgram('key-name', 1);
    return true;
  }

  /** The value type a type byte names, or an error saying why this file cannot hold it. */
  private checkedType(code: number, start: number): RdbValueType {
    const st = this.st;
    const type = valueType(st.magic, code);
    if (!type) throw this.error('structure', start, `byte 0x${hex2(code)} is neither a value type nor an opcode`);
    if (!versionAllows(st.magic, st.version, type.since)) {
      throw this.error(
        'structure',
        start,
        `value type ${code} (${type.encoding}) cannot appear in ${formatName(this.st)}`,
      );
    }
    if (code === 6) {
      throw this.error(
        'structure',
        start,
        `a module value of the pre-release format (type 6) has no type annotations to walk; Redis refuses it too`,
      );
    }
    return type;
  }

  private opcode(code: number, start: number): boolean {
    const st = this.st;
    if (!opcodeAllowed(st.magic, st.version, code)) {
      const known = opcodeName(code);
      throw this.error(
        'structure',
        start,
        known.startsWith('0x')
          ? `byte 0x${hex2(code)} is neither a value type nor an opcode`
          : `opcode ${known} cannot appear in ${formatName(this.st)}`,
      );
    }
    st.item = opcodeName(code);
    switch (code) {
      case OPCODE.EOF:
        if (st.version >= 5) {
          st.phase = 'checksum';
        } else {
          st.phase = 'done';
          st.checksum = { status: 'absent', computed: '' };
        }
        st.item = null;
        return true;
      case OPCODE.SELECTDB:
        return this.pushProgram('selectdb', 1);
      case OPCODE.RESIZEDB:
        return this.pushProgram('resizedb', 1);
      case OPCODE.AUX:
        return this.pushProgram('aux', 1);
      case OPCODE.EXPIRETIME:
        return this.pushProgram('expire-seconds', 1);
      case OPCODE.EXPIRETIME_MS:
        return this.pushProgram('expire-ms', 1);
      case OPCODE.FREQ:
        return this.pushProgram('freq', 1);
      case OPCODE.IDLE:
        return this.pushProgram('idle', 1);
      case OPCODE.MODULE_AUX:
        return this.pushProgram('module-aux', 1);
      case OPCODE.FUNCTION_PRE_GA:
        return this.pushProgram('function-pre-ga', 1);
      case OPCODE.FUNCTION2:
        return this.pushProgram('function2', 1);
      case OPCODE.SLOT_INFO:
        return this.pushProgram('slot-info', 1);
      case OPCODE.SLOT_IMPORT:
        return this.pushProgram('slot-import', 1);
      default:
        throw this.error('structure', start, `opcode 0x${hex2(code)} has no known layout`);
    }
  }

  private readMagic(): boolean {
    const c = this.cursor;
    const at = c.need(9);
    if (at < 0) return false;
    const head = Buffer.from(c.rb.subarray(at, at + 9)).toString('latin1');
    const st = this.st;
    let magic: RdbMagic;
    let digits: string;
    if (head.startsWith('REDIS')) {
      magic = 'REDIS';
      digits = head.slice(5);
    } else if (head.startsWith('VALKEY')) {
      magic = 'VALKEY';
      digits = head.slice(6);
    } else {
      throw this.error('magic', 0, `the file starts with ${JSON.stringify(head)}, not REDIS or VALKEY and a version`);
    }
    if (!/^\d+$/.test(digits))
      throw this.error('version', magic.length, `the version ${JSON.stringify(digits)} is not a number`);
    const version = Number(digits);
    if (magic === 'REDIS' && (version < 1 || version > MAX_REDIS_RDB_VERSION)) {
      throw this.error(
        'version',
        5,
        `RDB version ${version} is not one of 1-${MAX_REDIS_RDB_VERSION} (Redis up to 7.4)`,
      );
    }
    if (magic === 'VALKEY' && version !== VALKEY_RDB_VERSION) {
      throw this.error('version', 6, `Valkey RDB version ${version} is not ${VALKEY_RDB_VERSION} (Valkey 9)`);
    }
    st.magic = magic;
    st.version = version;
    st.summary = emptyContentSummary(magic, version);
    st.phase = 'body';
    return true;
  }

  private readChecksum(): void {
    const c = this.cursor;
    const at = c.need(8);
    if (at < 0) return;
    let stored = '';
    for (let i = 7; i >= 0; i--) stored += hex2(c.rb[at + i] as number);
    const computed = this.crc.hex;
    const st = this.st;
    if (stored === '0000000000000000') {
      st.checksum = { status: 'disabled', computed, stored };
    } else if (stored !== computed) {
      throw this.error('crc', c.offset - 8, `the stored CRC-64 is ${stored}, the bytes before it give ${computed}`);
    } else {
      st.checksum = { status: 'verified', computed, stored };
    }
    st.phase = 'done';
  }

  private finishKey(key: KeyState): void {
    const type = valueType(this.st.magic, key.type);
    if (type) countWalkedKey(this.st.summary, { ...key, type });
  }

  private pushProgram(p: ProgramId, n: number): true {
    this.st.stack.push({ k: 'p', p, pc: 0, n, v: 0, w: false, m: 0 });
    return true;
  }

  private pushString(what: string, sink: number): void {
    this.st.stack.push(newStringFrame(what, sink));
  }

  private programStep(f: ProgramFrame): boolean {
    const ops: readonly Op[] = PROGRAMS[f.p];
    if (f.pc === ops.length) {
      if (f.n > 1) {
        f.n--;
        f.pc = 0;
        f.v = 0;
      } else {
        this.st.stack.pop();
      }
      return true;
    }
    const op = ops[f.pc] as Op;
    switch (op.op) {
      case 'len': {
        const v = this.readPlainLen(op.what);
        if (v < 0) return false;
        if (op.use) this.effects.len(this.st, op.use, v, op.what);
        f.v = v;
        f.pc++;
        return true;
      }
      case 'bytes': {
        const at = this.cursor.need(op.n);
        if (at < 0) return false;
        if (op.use) this.effects.bytes(this.st, op.use, at);
        f.pc++;
        return true;
      }
      case 'str':
        if (!f.w) {
          if (op.use === undefined && this.fast.discard(false)) {
            f.pc++;
            return true;
          }
          f.w = true;
          this.pushString(op.what, this.sinkFor(op.use));
          return true;
        }
        f.w = false;
        this.effects.string(this.st, op.use, op.what);
        f.pc++;
        return true;
      case 'blob':
        return this.blobStep(f, op.check, op.what);
      case 'score':
        return this.scoreStep(f);
      case 'repeat':
      case 'optional': {
        f.pc++;
        const times = op.op === 'optional' ? (f.v === 0 ? 0 : 1) : f.v;
        if (!Number.isSafeInteger(times))
          throw this.error('structure', this.offset, `a count of ${f.v} is not plausible`);
        if (times > 0) this.pushProgram(op.body as ProgramId, times);
        return true;
      }
      case 'node':
        if (f.v === 2) return this.blobStep(f, 'quicklist-listpack', 'quicklist listpack node');
        if (!f.w) {
          if (this.fast.discard(true)) {
            this.key().elements++;
            f.pc++;
            return true;
          }
          f.w = true;
          this.pushString('quicklist plain node', SINK_DISCARD);
          return true;
        }
        f.w = false;
        if (this.strings.resLen === 0)
          throw this.error('structure', this.strings.resStart, `a quicklist plain node is empty`);
        this.key().elements++;
        f.pc++;
        return true;
      case 'module':
        return this.moduleStep(f);
    }
  }

  private sinkFor(use: Extract<Op, { op: 'str' }>['use']): number {
    if (use === 'key-name') return SINK_KEY_NAME;
    if (use === 'aux-key' || use === 'aux-value' || use === 'stream-id') return SINK_CAPTURE;
    return SINK_DISCARD;
  }

  private blobStep(f: ProgramFrame, check: BlobCheck, what: string): boolean {
    if (!f.w) {
      const entries = this.fast.blob(check);
      if (entries >= 0) {
        this.key().elements += entries;
        f.pc++;
        return true;
      }
      f.w = true;
      this.pushString(what, SINK_BLOB);
      return true;
    }
    f.w = false;
    this.effects.blob(this.st, check, what);
    f.pc++;
    return true;
  }

  /** A zset score of RDB < 8: f.m is 0 before the length byte, else the text length + 1. */
  private scoreStep(f: ProgramFrame): boolean {
    const c = this.cursor;
    if (f.m === 0) {
      const at = c.need(1);
      if (at < 0) return false;
      const length = c.rb[at] as number;
      if (length === 253) throw this.error('structure', c.offset - 1, `a zset score is NaN`);
      if (length > 253) {
        f.pc++;
        return true;
      }
      f.m = length + 1;
    }
    const length = f.m - 1;
    const at = c.need(length);
    if (at < 0) return false;
    const text = Buffer.from(c.rb.subarray(at, at + length)).toString('latin1');
    if (!SCORE_TEXT.test(text))
      throw this.error('structure', c.offset - length, `the zset score ${JSON.stringify(text)} is not a number`);
    f.m = 0;
    f.pc++;
    return true;
  }

  /** Module data as (opcode, value) pairs up to MODULE_OPCODE.EOF; f.m is the opcode whose value comes next. */
  private moduleStep(f: ProgramFrame): boolean {
    switch (f.m) {
      case 0: {
        const opcode = this.readPlainLen('module opcode');
        if (opcode < 0) return false;
        if (opcode === MODULE_OPCODE.EOF) {
          f.pc++;
        } else if (opcode === MODULE_OPCODE.STRING) {
          f.m = MODULE_AWAIT_STRING;
          this.pushString('module string', SINK_DISCARD);
        } else if (
          opcode === MODULE_OPCODE.SINT ||
          opcode === MODULE_OPCODE.UINT ||
          opcode === MODULE_OPCODE.FLOAT ||
          opcode === MODULE_OPCODE.DOUBLE
        ) {
          f.m = opcode;
        } else {
          throw this.error('structure', this.offset - 1, `unknown module value opcode ${opcode}`);
        }
        return true;
      }
      case MODULE_OPCODE.SINT:
      case MODULE_OPCODE.UINT:
        if (this.readPlainLen('module integer') < 0) return false;
        f.m = 0;
        return true;
      case MODULE_OPCODE.FLOAT:
      case MODULE_OPCODE.DOUBLE:
        if (this.cursor.need(f.m === MODULE_OPCODE.FLOAT ? 4 : 8) < 0) return false;
        f.m = 0;
        return true;
      default:
        f.m = 0;
        return true;
    }
  }

  private key(): KeyState {
    const key = this.st.key;
    if (!key) throw new Error('a value op ran outside a key');
    return key;
  }

  private readPlainLen(what: string): number {
    const c = this.cursor;
    const v = c.readLen();
    if (v >= 0 && c.encoded) {
      throw this.error(
        'structure',
        c.offset - 1,
        `the ${what} is expected, found the special-encoding byte 0x${hex2(0xc0 | v)}`,
      );
    }
    return v;
  }

  // ---- messages ----

  private error(check: RdbCheck, offset: number, problem: string): RdbFormatError {
    const context = check === 'truncated' || check === 'magic' || check === 'version' ? '' : this.context();
    return new RdbFormatError(check, offset, context ? `${context}: ${problem}` : problem);
  }

  private context(): string {
    return describeContext(this.st, this.keyName());
  }

  private keyName(): string {
    const s = this.strings;
    if (s.keyNameTotal < 0) return '';
    return printableName(s.keyName, s.keyNameLen, s.keyNameTotal);
  }
}
