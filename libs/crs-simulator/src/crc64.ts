// CRC-64/Jones as Redis computes it for RDB files (reflected 0xad93d23594c935a9, init 0, no final xor),
// on two 32-bit halves so that streaming a large file stays fast (no BigInt per byte).

const POLY_HI = 0x95ac9329; // reflected 0xad93d23594c935a9 = 0x95ac9329ac4bc9b5
const POLY_LO = 0xac4bc9b5;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let bit = 0; bit < 8; bit++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  TABLE_HI[n] = hi;
  TABLE_LO[n] = lo;
}

/** A running CRC-64; feed it chunks in order, then read `value` or `littleEndian()`. */
export class Crc64 {
  private hi = 0;
  private lo = 0;

  update(bytes: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < bytes.length; i++) {
      const index = (lo ^ (bytes[i] as number)) & 0xff;
      const shiftedLo = (lo >>> 8) | (hi << 24);
      hi = (hi >>> 8) ^ (TABLE_HI[index] as number);
      lo = shiftedLo ^ (TABLE_LO[index] as number);
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  get value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** The 8 bytes Redis stores after the 0xFF opcode. */
  littleEndian(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32LE(this.lo, 0);
    out.writeUInt32LE(this.hi, 4);
    return out;
  }
}

export function crc64(bytes: Uint8Array | string): bigint {
  return new Crc64().update(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).value;
}
