// Reads one RDB string (raw, 8/16/32-bit integer, or LZF) across any number of chunks, sending its payload
// where the op that asked for it wants it: nowhere, a small capture, a key-name prefix, or a whole blob.
import type { ChunkCursor } from './chunk-cursor';
import { LZF_WINDOW_BYTES, LzfStreamDecoder, newLzfState } from './lzf-stream';
import type { RaiseRdbError } from './rdb-format-error';
import { STRING_INT, STRING_LZF, integerAt, type StringScan } from './string-scan';
import type { StringFrame } from './walk-state';

export const SINK_DISCARD = 0;
export const SINK_CAPTURE = 1;
export const SINK_BLOB = 2;
export const SINK_KEY_NAME = 3;

export const CAPTURE_BYTES = 256;
export const KEY_NAME_BYTES = 64;

const STEP_HEADER = 0;
const STEP_INT = 1;
const STEP_LZF_CLEN = 2;
const STEP_LZF_LEN = 3;
const STEP_RAW = 4;
const STEP_LZF_BODY = 5;

export const STRING_MORE = -1;
export const STRING_WORKING = 0;
export const STRING_DONE = 1;

export function newStringFrame(what: string, sink: number): StringFrame {
  return { k: 's', what, sink, step: STEP_HEADER, rem: 0, len: 0, start: 0, keep: false, enc: 0, lzf: null };
}

export class StringReader {
  // The last finished string (consumed by the op that asked for it before anything else is read).
  resLen = 0;
  resStart = 0;
  resCompressed = false;
  /** The kept bytes (capture or blob), valid for resBytesLen bytes; null when discarded or too large. */
  resBytes: Uint8Array | null = null;
  resBytesLen = 0;

  /** The current key's name, its first KEY_NAME_BYTES bytes, for messages. */
  readonly keyName = new Uint8Array(KEY_NAME_BYTES);
  keyNameLen = 0;
  /** The name's full length, or -1 while it has not been read. */
  keyNameTotal = -1;

  /** Where a kept payload goes, and how much of it is there. */
  target: Uint8Array | null = null;
  filled = 0;
  readonly capture = new Uint8Array(CAPTURE_BYTES);
  /**
   * The LZF window of a compressed string that is not kept. Scratch space: only the lengths of such a
   * string are checked, so what the window holds never changes an outcome and snapshots leave it out.
   */
  ring: Uint8Array | null = null;

  constructor(
    private readonly cursor: ChunkCursor,
    private readonly maxBlobBytes: number,
    private readonly fail: RaiseRdbError,
  ) {}

  /** The buffer a kept string of this sink is read into (what a snapshot's target belongs to). */
  targetFor(sink: number, capacity: number): Uint8Array {
    if (sink === SINK_CAPTURE) return this.capture;
    if (sink === SINK_KEY_NAME) return this.keyName;
    return new Uint8Array(capacity);
  }

  step(f: StringFrame): number {
    const c = this.cursor;
    switch (f.step) {
      case STEP_HEADER: {
        const v = c.readLen();
        if (v < 0) return STRING_MORE;
        if (c.encoded) {
          if (v <= 2) {
            f.step = STEP_INT;
            f.enc = v;
          } else if (v === 3) {
            f.step = STEP_LZF_CLEN;
          } else {
            throw this.fail('structure', c.offset - 1, `the ${f.what} has the unknown string encoding ${v}`);
          }
          return STRING_WORKING;
        }
        f.len = v;
        f.rem = v;
        f.start = c.offset;
        this.open(f, false);
        f.step = STEP_RAW;
        if (v === 0) return this.finish(f);
        return STRING_WORKING;
      }
      case STEP_INT: {
        const width = 1 << f.enc;
        const at = c.need(width);
        if (at < 0) return STRING_MORE;
        f.start = c.offset - width;
        return this.finishInteger(f, integerAt(c.rb, at, width));
      }
      case STEP_LZF_CLEN: {
        const v = this.plainLen(`compressed length of the ${f.what}`);
        if (v < 0) return STRING_MORE;
        if (v === 0) throw this.fail('structure', c.offset - 1, `the LZF-compressed ${f.what} has no compressed bytes`);
        f.rem = v;
        f.step = STEP_LZF_LEN;
        return STRING_WORKING;
      }
      case STEP_LZF_LEN: {
        const v = this.plainLen(`length of the ${f.what}`);
        if (v < 0) return STRING_MORE;
        if (v === 0) throw this.fail('structure', c.offset - 1, `the LZF-compressed ${f.what} declares 0 bytes`);
        f.len = v;
        f.start = c.offset;
        f.lzf = newLzfState(f.rem, v);
        this.open(f, true);
        f.step = STEP_LZF_BODY;
        return STRING_WORKING;
      }
      case STEP_RAW: {
        const n = Math.min(f.rem, c.limit - c.pos);
        if (n === 0) return STRING_MORE;
        const target = this.target;
        if (f.keep && target) {
          const room = Math.min(n, target.length - this.filled);
          if (room > 0) {
            target.set(c.buf.subarray(c.pos, c.pos + room), this.filled);
            this.filled += room;
          }
        }
        c.pos += n;
        f.rem -= n;
        return f.rem === 0 ? this.finish(f) : STRING_WORKING;
      }
      default: {
        if (c.pos === c.limit) return STRING_MORE;
        const lzf = f.lzf;
        // A walker restored in the middle of a discarded LZF string starts with a blank window.
        if (!f.keep && !this.ring) this.ring = new Uint8Array(LZF_WINDOW_BYTES);
        const out = f.keep ? this.target : this.ring;
        if (!lzf || !out) throw new Error('an LZF string lost its state');
        const decoder = new LzfStreamDecoder(lzf, out, !f.keep);
        const used = decoder.feed(c.buf, c.pos, c.limit);
        if (used < 0)
          throw this.fail('structure', f.start, `the ${f.what} has ${decoder.problem ?? 'invalid LZF data'}`);
        c.pos += used;
        if (f.keep) this.filled = lzf.produced;
        return decoder.finished ? this.finish(f) : STRING_WORKING;
      }
    }
  }

  /** Bytes a snapshot of this frame carries: the kept payload so far. */
  pending(f: StringFrame): number {
    return f.keep ? this.filled : 0;
  }

  private plainLen(what: string): number {
    const c = this.cursor;
    const v = c.readLen();
    if (v >= 0 && c.encoded) {
      throw this.fail('structure', c.offset - 1, `the ${what} is expected, found a special-encoding byte`);
    }
    return v;
  }

  /** Decides where the payload goes: kept whole (blob), kept in part (capture, key name), or a window. */
  private open(f: StringFrame, compressed: boolean): void {
    this.filled = 0;
    this.target = null;
    f.keep = false;
    if (f.sink === SINK_BLOB && f.len <= this.maxBlobBytes) {
      this.target = new Uint8Array(f.len);
      f.keep = true;
    } else if (f.sink === SINK_CAPTURE || f.sink === SINK_KEY_NAME) {
      const buffer = f.sink === SINK_CAPTURE ? this.capture : this.keyName;
      // A compressed string is kept only if it fits whole (LZF output cannot be cut).
      if (!compressed || f.len <= buffer.length) {
        this.target = buffer;
        f.keep = true;
      }
    }
    if (compressed && !f.keep && !this.ring) this.ring = new Uint8Array(LZF_WINDOW_BYTES);
  }

  private finish(f: StringFrame): number {
    const kept = f.keep ? this.target : null;
    this.result(f, kept, kept ? Math.min(f.len, this.filled) : 0, f.lzf !== null);
    this.target = null;
    this.filled = 0;
    return STRING_DONE;
  }

  private finishInteger(f: StringFrame, value: number): number {
    const digits = String(value);
    f.len = digits.length;
    let kept: Uint8Array | null = null;
    if (f.sink !== SINK_DISCARD) {
      kept =
        f.sink === SINK_KEY_NAME
          ? this.keyName
          : f.sink === SINK_CAPTURE
            ? this.capture
            : new Uint8Array(digits.length);
      for (let i = 0; i < digits.length; i++) kept[i] = digits.charCodeAt(i);
    }
    this.result(f, kept, kept ? digits.length : 0, false);
    return STRING_DONE;
  }

  private result(f: StringFrame, bytes: Uint8Array | null, bytesLen: number, compressed: boolean): void {
    this.resLen = f.len;
    this.resStart = f.start;
    this.resCompressed = compressed;
    this.resBytes = bytes;
    this.resBytesLen = bytesLen;
    if (f.sink === SINK_KEY_NAME) {
      this.keyNameTotal = f.len;
      this.keyNameLen = bytes ? bytesLen : 0;
    }
  }

  // ---- the fast path: strings that lie whole in the chunk ----

  /** Whether the scanned LZF string decompresses cleanly to its declared length. */
  lzfValid(buf: Uint8Array, scan: StringScan): boolean {
    if (!this.ring) this.ring = new Uint8Array(LZF_WINDOW_BYTES);
    const decoder = new LzfStreamDecoder(newLzfState(scan.end - scan.start, scan.len), this.ring, true);
    return decoder.feed(buf, scan.start, scan.end) === scan.end - scan.start && decoder.finished;
  }

  /** The bytes of a scanned string, or undefined when it is too large to keep or its LZF data is bad. */
  scannedBytes(buf: Uint8Array, scan: StringScan): Uint8Array | undefined {
    if (scan.kind === STRING_INT) {
      const digits = String(integerAt(buf, scan.start, scan.len));
      const out = new Uint8Array(digits.length);
      for (let i = 0; i < digits.length; i++) out[i] = digits.charCodeAt(i);
      return out;
    }
    if (scan.len > this.maxBlobBytes) return undefined;
    if (scan.kind !== STRING_LZF) return new Uint8Array(buf.buffer, buf.byteOffset + scan.start, scan.len);
    const out = new Uint8Array(scan.len);
    const decoder = new LzfStreamDecoder(newLzfState(scan.end - scan.start, scan.len), out, false);
    const ok = decoder.feed(buf, scan.start, scan.end) === scan.end - scan.start && decoder.finished;
    return ok ? out : undefined;
  }
}
