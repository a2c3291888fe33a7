// What each grammar op does beyond reading its bytes: the checks on what it read (a container is 1 or 2,
// a stream ID is 16 bytes, a score is not NaN, a blob validates) and its effects on the walk state.
import { checkBlob, mustNotBeEmpty } from './blob-checks';
import type { ChunkCursor } from './chunk-cursor';
import type { RaiseRdbError } from './rdb-format-error';
import { MODULE_OPCODE } from './rdb-opcodes';
import { recordAux } from './rdb-summary';
import type { StringReader } from './string-reader';
import { moduleTypeName } from './walk-text';
import type { BlobCheck, BytesUse, LenUse, StrUse } from './walk-programs';
import type { KeyState, WalkState } from './walk-state';

/** Redis's own limit is the `databases` setting; this only keeps a hostile file from growing the summary. */
const MAX_DATABASE = 65535;

function key(st: WalkState): KeyState {
  if (!st.key) throw new Error('a value op ran outside a key');
  return st.key;
}

export class OpEffects {
  constructor(
    private readonly cursor: ChunkCursor,
    private readonly strings: StringReader,
    private readonly fail: RaiseRdbError,
  ) {}

  len(st: WalkState, use: LenUse, v: number, what: string): void {
    const c = this.cursor;
    switch (use) {
      case 'elements':
        if (!Number.isSafeInteger(v)) throw this.fail('structure', c.offset, `a ${what} of ${v} is not plausible`);
        key(st).elements += v;
        return;
      case 'database':
        if (v > MAX_DATABASE) throw this.fail('structure', st.itemStart, `database number ${v} is out of range`);
        st.db = v;
        return;
      case 'module-id':
        key(st).module = moduleTypeName(c.lenHigh, c.lenLow);
        return;
      case 'module-aux-id':
        st.summary.moduleAux++;
        return;
      case 'when-opcode':
        if (v !== MODULE_OPCODE.UINT)
          throw this.fail('structure', c.offset - 1, `module aux data has when-opcode ${v}, not 2`);
        return;
      case 'container':
        if (v !== 1 && v !== 2) {
          throw this.fail(
            'structure',
            c.offset - 1,
            `quicklist node container ${v} is neither 1 (plain) nor 2 (packed)`,
          );
        }
        return;
      case 'slot-info':
        st.summary.slotInfo++;
        return;
    }
  }

  bytes(st: WalkState, use: BytesUse, at: number): void {
    const c = this.cursor;
    const b = c.rb;
    switch (use) {
      case 'expire-seconds':
      case 'expire-ms':
        st.expirePending = true;
        return;
      case 'score': {
        const score = new DataView(b.buffer, b.byteOffset + at, 8).getFloat64(0, true);
        if (Number.isNaN(score)) throw this.fail('structure', c.offset - 8, `a zset score is NaN`);
        return;
      }
      case 'field-expiry': {
        const expiry = new DataView(b.buffer, b.byteOffset + at, 8).getBigInt64(0, true);
        if (expiry < -1n)
          throw this.fail('structure', c.offset - 8, `a hash field expire time of ${expiry} is invalid`);
        return;
      }
    }
  }

  string(st: WalkState, use: StrUse | undefined, what: string): void {
    const s = this.strings;
    switch (use) {
      case undefined:
      case 'key-name':
        return;
      case 'aux-key':
        st.auxKey = this.capturedText();
        return;
      case 'aux-value':
        recordAux(st.summary, st.auxKey ?? '', this.capturedText());
        st.auxKey = null;
        return;
      case 'stream-id':
        if (s.resLen !== 16)
          throw this.fail('structure', s.resStart, `the ${what} is ${s.resLen} bytes, a stream ID is 16`);
        return;
      case 'function':
        st.summary.functions++;
        return;
      case 'slot-import':
        st.summary.slotImports++;
        return;
    }
  }

  blob(st: WalkState, check: BlobCheck, what: string): void {
    const s = this.strings;
    if (s.resLen === 0 && mustNotBeEmpty(check)) throw this.fail('structure', s.resStart, `a ${what} is empty`);
    const bytes = s.resBytes;
    s.resBytes = null;
    if (!bytes) {
      st.uncheckedBlobs++;
      key(st).uncounted = true;
      return;
    }
    const outcome = checkBlob(check, bytes.length === s.resBytesLen ? bytes : bytes.subarray(0, s.resBytesLen));
    if (!outcome.ok) {
      const where = s.resCompressed ? `at byte ${outcome.at} of the decompressed ${what}` : `in the ${what}`;
      throw this.fail(
        'structure',
        s.resCompressed ? s.resStart : s.resStart + outcome.at,
        `${outcome.problem} (${where})`,
      );
    }
    key(st).elements += outcome.entries;
  }

  private capturedText(): string {
    const s = this.strings;
    if (!s.resBytes) return `<${s.resLen} bytes>`;
    return Buffer.from(s.resBytes.subarray(0, s.resBytesLen)).toString('utf8');
  }
}
