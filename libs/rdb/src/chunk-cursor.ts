// The walker's view of the chunk being walked: a position, fixed-size reads that may straddle chunks (the
// bytes so far wait in a 16-byte buffer), and RDB length decoding.

export class ChunkCursor {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  limit = 0;
  /** File offset of buf[0]. */
  base = 0;

  /** A fixed-size read cut by the end of a chunk collects here until the next chunk completes it. */
  readonly partial = new Uint8Array(16);
  partialLen = 0;
  /** Where the bytes of the last completed read are: the chunk, or `partial`. */
  rb: Uint8Array = this.partial;

  /** Whether the last length read was a special encoding (11xxxxxx); its value is then the encoding. */
  encoded = false;
  /** The two halves of the last length (module type IDs need all 64 bits exactly). */
  lenHigh = 0;
  lenLow = 0;

  constructor(private readonly badLength: (first: number, offset: number) => Error) {}

  /** File offset of the next byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  load(chunk: Uint8Array): void {
    this.buf = chunk;
    this.pos = 0;
    this.limit = chunk.length;
  }

  /** Moves past the chunk (so that `offset` stays right) and lets it go. */
  unload(): void {
    this.base += this.pos;
    this.buf = new Uint8Array(0);
    this.pos = 0;
    this.limit = 0;
  }

  /**
   * The offset in `rb` of the next n bytes (n <= 16), or -1 when the chunk ends first: the bytes so far are
   * kept, and the same read, asked again with the same n, completes on the next chunk.
   */
  need(n: number): number {
    const have = this.partialLen;
    if (have === 0 && this.limit - this.pos >= n) {
      const at = this.pos;
      this.pos = at + n;
      this.rb = this.buf;
      return at;
    }
    const take = Math.min(n - have, this.limit - this.pos);
    if (take > 0) {
      this.partial.set(this.buf.subarray(this.pos, this.pos + take), have);
      this.pos += take;
      this.partialLen = have + take;
    }
    if (this.partialLen < n) return -1;
    this.partialLen = 0;
    this.rb = this.partial;
    return 0;
  }

  /** An RDB length of 1, 2, 5 or 9 bytes, or -1 for more input; sets `encoded` for 11xxxxxx. */
  readLen(): number {
    let first: number;
    if (this.partialLen > 0) first = this.partial[0] as number;
    else if (this.pos < this.limit) first = this.buf[this.pos] as number;
    else return -1;
    const kind = first >> 6;
    let size: number;
    if (kind === 0 || kind === 3) size = 1;
    else if (kind === 1) size = 2;
    else if (first === 0x80) size = 5;
    else if (first === 0x81) size = 9;
    else throw this.badLength(first, this.offset);
    const at = this.need(size);
    if (at < 0) return -1;
    const b = this.rb;
    this.encoded = kind === 3;
    this.lenHigh = 0;
    switch (size) {
      case 1:
        this.lenLow = first & 0x3f;
        return this.lenLow;
      case 2:
        this.lenLow = ((first & 0x3f) << 8) | (b[at + 1] as number);
        return this.lenLow;
      case 5:
        this.lenLow = readUInt32BE(b, at + 1);
        return this.lenLow;
      default:
        this.lenHigh = readUInt32BE(b, at + 1);
        this.lenLow = readUInt32BE(b, at + 5);
        return this.lenHigh * 4294967296 + this.lenLow;
    }
  }
}

export function readUInt32BE(b: Uint8Array, at: number): number {
  return (
    (((b[at] as number) << 24) |
      ((b[at + 1] as number) << 16) |
      ((b[at + 2] as number) << 8) |
      (b[at + 3] as number)) >>>
    0
  );
}
