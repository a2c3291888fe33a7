// A streaming LZF decompressor (the format of Redis's lzf_d.c), fed the compressed bytes in any pieces:
// its whole state is a plain object plus an output buffer, so a walk can be snapshotted mid-string.

/** LZF back-references reach at most 8 KiB behind the write position (13-bit offset + 1). */
export const LZF_WINDOW_BYTES = 8192;
const WINDOW_MASK = LZF_WINDOW_BYTES - 1;

const CTRL = 0;
const LITERAL = 1;
const REF_LENGTH = 2;
const REF_OFFSET = 3;

/** Everything about a decompression in progress but the output bytes; JSON-serializable. */
export interface LzfState {
  /** Compressed bytes not yet fed. */
  inRemaining: number;
  /** The uncompressed length the RDB string declares. */
  outLength: number;
  produced: number;
  phase: number;
  literalRemaining: number;
  refLength: number;
  refHigh: number;
}

export function newLzfState(compressedLength: number, uncompressedLength: number): LzfState {
  return {
    inRemaining: compressedLength,
    outLength: uncompressedLength,
    produced: 0,
    phase: CTRL,
    literalRemaining: 0,
    refLength: 0,
    refHigh: 0,
  };
}

/**
 * Decompresses into `out`: either the whole output (out.length >= outLength, byte i at index i) or, when
 * the output is not kept, a ring of LZF_WINDOW_BYTES that holds just what back-references can reach.
 */
export class LzfStreamDecoder {
  /** Set when the compressed data is invalid; the decoder then consumes nothing more. */
  problem: string | undefined;

  constructor(
    readonly state: LzfState,
    readonly out: Uint8Array,
    readonly ring: boolean,
  ) {}

  get finished(): boolean {
    return this.state.inRemaining === 0;
  }

  /**
   * Feeds input[start, end) (at most inRemaining bytes are taken); returns how many bytes were consumed,
   * or -1 with `problem` set. At the end of the input it also checks the decompressed length.
   */
  feed(input: Uint8Array, start: number, end: number): number {
    const st = this.state;
    const out = this.out;
    const ring = this.ring;
    const stop = Math.min(end, start + st.inRemaining);
    let ip = start;
    let produced = st.produced;
    while (ip < stop) {
      if (st.phase === CTRL) {
        const ctrl = input[ip++] as number;
        st.inRemaining--;
        if (ctrl < 32) {
          const run = ctrl + 1;
          if (produced + run > st.outLength) return this.fail(produced, `a literal run goes past the declared length`);
          if (run > st.inRemaining)
            return this.fail(produced, `a literal run of ${run} bytes is cut by the end of the data`);
          st.literalRemaining = run;
          st.phase = LITERAL;
        } else {
          st.refLength = ctrl >> 5;
          st.refHigh = (ctrl & 0x1f) << 8;
          const needed = st.refLength === 7 ? 2 : 1;
          if (st.inRemaining < needed) return this.fail(produced, `a back-reference is cut by the end of the data`);
          st.phase = st.refLength === 7 ? REF_LENGTH : REF_OFFSET;
        }
      } else if (st.phase === LITERAL) {
        const n = Math.min(st.literalRemaining, stop - ip);
        if (ring) {
          for (let i = 0; i < n; i++) out[(produced + i) & WINDOW_MASK] = input[ip + i] as number;
        } else {
          out.set(input.subarray(ip, ip + n), produced);
        }
        ip += n;
        produced += n;
        st.inRemaining -= n;
        st.literalRemaining -= n;
        if (st.literalRemaining === 0) st.phase = CTRL;
      } else if (st.phase === REF_LENGTH) {
        st.refLength += input[ip++] as number;
        st.inRemaining--;
        st.phase = REF_OFFSET;
      } else {
        const distance = st.refHigh + (input[ip++] as number) + 1;
        st.inRemaining--;
        const length = st.refLength + 2;
        if (produced + length > st.outLength)
          return this.fail(produced, `a back-reference goes past the declared length`);
        if (distance > produced) {
          return this.fail(produced, `a back-reference reaches ${distance} bytes back, before the start of the string`);
        }
        if (ring) {
          for (let i = 0; i < length; i++) {
            out[(produced + i) & WINDOW_MASK] = out[(produced + i - distance) & WINDOW_MASK] as number;
          }
        } else {
          // Byte by byte: a reference may overlap the bytes it produces (run-length style).
          for (let i = 0; i < length; i++) out[produced + i] = out[produced + i - distance] as number;
        }
        produced += length;
        st.phase = CTRL;
      }
    }
    st.produced = produced;
    if (st.inRemaining === 0 && produced !== st.outLength) {
      return this.fail(produced, `decompresses to ${produced} bytes, but the string declares ${st.outLength}`);
    }
    return ip - start;
  }

  private fail(produced: number, problem: string): number {
    this.state.produced = produced;
    this.problem = `invalid LZF data (after ${produced} decompressed bytes): ${problem}`;
    return -1;
  }
}
