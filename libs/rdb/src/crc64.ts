// CRC-64/Jones exactly as Redis computes it over RDB files (reflected 0xad93d23594c935a9, init 0, no final
// xor), incremental, slicing-by-8 on 32-bit halves so that no BigInt is touched per byte.

// The reflected polynomial 0x95ac9329ac4bc9b5, as two 32-bit halves.
const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;

/** TABLE_*[k * 256 + n]: the CRC of byte n followed by k zero bytes (slicing-by-8 tables). */
const TABLE_HI = new Uint32Array(8 * 256);
const TABLE_LO = new Uint32Array(8 * 256);

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
for (let k = 1; k < 8; k++) {
  for (let n = 0; n < 256; n++) {
    const prevHi = TABLE_HI[(k - 1) * 256 + n] as number;
    const prevLo = TABLE_LO[(k - 1) * 256 + n] as number;
    const index = prevLo & 0xff;
    TABLE_HI[k * 256 + n] = ((prevHi >>> 8) ^ (TABLE_HI[index] as number)) >>> 0;
    TABLE_LO[k * 256 + n] = (((prevLo >>> 8) | (prevHi << 24)) ^ (TABLE_LO[index] as number)) >>> 0;
  }
}

// Words are read through a Uint32Array view, which is only right on a little-endian host.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const HEX_STATE = /^[0-9a-f]{16}$/;

// For combine(): arithmetic on reflected polynomials modulo the CRC polynomial (zlib's multmodp/x2nmodp).
const POLY = 0x95ac9329ac4bc9b5n;
const TOP = 1n << 63n; // x^0 in the reflected representation

function multiplyModPoly(a: bigint, b: bigint): bigint {
  let product = 0n;
  for (let m = TOP; m !== 0n; m >>= 1n) {
    if ((a & m) !== 0n) product ^= b;
    b = (b & 1n) !== 0n ? (b >> 1n) ^ POLY : b >> 1n;
  }
  return product;
}

/** X2N[k] = x^(2^k) mod P. */
const X2N: bigint[] = [TOP >> 1n];
for (let k = 1; k < 64; k++) {
  const previous = X2N[k - 1] as bigint;
  X2N.push(multiplyModPoly(previous, previous));
}

/** x^(8 * bytes) mod P: what a CRC is multiplied by when `bytes` bytes follow. */
function shiftOperator(bytes: number): bigint {
  let operator = TOP;
  let k = 3;
  for (let n = bytes; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) operator = multiplyModPoly(X2N[k % 64] as bigint, operator);
  }
  return operator;
}

/** A running CRC-64; feed it chunks in order, then read `value`, `hex` or `littleEndian()`. */
export class Crc64 {
  private hi = 0;
  private lo = 0;

  /** Resumes a CRC saved with `state()`. */
  static fromState(state: string): Crc64 {
    if (!HEX_STATE.test(state)) throw new TypeError(`not a CRC-64 state: ${JSON.stringify(state)}`);
    const crc = new Crc64();
    crc.hi = Number.parseInt(state.slice(0, 8), 16) >>> 0;
    crc.lo = Number.parseInt(state.slice(8), 16) >>> 0;
    return crc;
  }

  update(bytes: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    let i = 0;
    const end = bytes.length;
    // Bytes one by one until the position is 4-byte aligned in the underlying ArrayBuffer.
    while (i < end && ((bytes.byteOffset + i) & 3) !== 0) {
      const index = (lo ^ (bytes[i++] as number)) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ (TABLE_LO[index] as number);
      hi = (hi >>> 8) ^ (TABLE_HI[index] as number);
    }
    const words = end - i >= 8 && HOST_IS_LITTLE_ENDIAN ? (end - i) >>> 3 : 0;
    if (words > 0) {
      const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words * 2);
      const TH = TABLE_HI;
      const TL = TABLE_LO;
      for (let w = 0; w < view.length; w += 2) {
        const a = lo ^ (view[w] as number);
        const b = hi ^ (view[w + 1] as number);
        const i7 = 1792 + (a & 0xff);
        const i6 = 1536 + ((a >>> 8) & 0xff);
        const i5 = 1280 + ((a >>> 16) & 0xff);
        const i4 = 1024 + (a >>> 24);
        const i3 = 768 + (b & 0xff);
        const i2 = 512 + ((b >>> 8) & 0xff);
        const i1 = 256 + ((b >>> 16) & 0xff);
        const i0 = b >>> 24;
        lo =
          (TL[i7] as number) ^
          (TL[i6] as number) ^
          (TL[i5] as number) ^
          (TL[i4] as number) ^
          (TL[i3] as number) ^
          (TL[i2] as number) ^
          (TL[i1] as number) ^
          (TL[i0] as number);
        hi =
          (TH[i7] as number) ^
          (TH[i6] as number) ^
          (TH[i5] as number) ^
          (TH[i4] as number) ^
          (TH[i3] as number) ^
          (TH[i2] as number) ^
          (TH[i1] as number) ^
          (TH[i0] as number);
      }
      i += words * 8;
    }
    while (i < end) {
      const index = (lo ^ (bytes[i++] as number)) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ (TABLE_LO[index] as number);
      hi = (hi >>> 8) ^ (TABLE_HI[index] as number);
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  /**
   * Makes this the CRC of (what it covered) followed by the `length` bytes whose own CRC is `next`, without
   * reading those bytes: how a generator accounts for a block it repeats a million times.
   */
  combine(next: Crc64, length: number): this {
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`not a byte count: ${length}`);
    if (length === 0) return this;
    const combined = multiplyModPoly(shiftOperator(length), this.value) ^ next.value;
    this.hi = Number(combined >> 32n) >>> 0;
    this.lo = Number(combined & 0xffffffffn) >>> 0;
    return this;
  }

  /** Appends `times` copies of a block of `length` bytes whose CRC is `block`, in O(log times) steps. */
  combineRepeated(block: Crc64, length: number, times: number): this {
    // The CRC of 2^j copies, doubled up: crc(XX) = crc(X)·x^(8|X|) ⊕ crc(X).
    let unit = Crc64.fromState(block.state());
    let unitLength = length;
    for (let n = times; n > 0; n = Math.floor(n / 2)) {
      if (n % 2 === 1) this.combine(unit, unitLength);
      if (n > 1) {
        unit = Crc64.fromState(unit.state()).combine(unit, unitLength);
        unitLength *= 2;
      }
    }
    return this;
  }

  get value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** The value as 16 lowercase hex digits, most significant first (as Redis logs it, zero-padded). */
  get hex(): string {
    return this.state();
  }

  /** A string that `Crc64.fromState` turns back into this CRC (for snapshots). */
  state(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
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
