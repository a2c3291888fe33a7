// The RDB primitives as Redis writes them (rdbSaveLen, rdbSaveRawString with integer and LZF forms,
// millisecond times, binary and text doubles), collected by a small byte builder.
import { canonicalInteger } from './compact-check';
import { lzfCompress } from './lzf-compress';

/** Bytes rdbSaveLen uses for a length. */
export function lengthBytes(n: number): number {
  if (n < 64) return 1;
  if (n < 16384) return 2;
  if (n <= 0xffffffff) return 5;
  return 9;
}

export function encodeLength(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not an RDB length: ${n}`);
  if (n < 64) return Buffer.from([n]);
  if (n < 16384) return Buffer.from([0x40 | (n >> 8), n & 0xff]);
  if (n <= 0xffffffff) {
    const out = Buffer.alloc(5);
    out[0] = 0x80;
    out.writeUInt32BE(n, 1);
    return out;
  }
  const out = Buffer.alloc(9);
  out[0] = 0x81;
  out.writeBigUInt64BE(BigInt(n), 1);
  return out;
}

/** rdbEncodeInteger: the 8, 16 or 32-bit integer form, or undefined when the value does not fit. */
export function encodeIntegerString(value: number): Buffer | undefined {
  if (value >= -128 && value <= 127) return Buffer.from([0xc0, value & 0xff]);
  if (value >= -32768 && value <= 32767) {
    const out = Buffer.alloc(3);
    out[0] = 0xc1;
    out.writeInt16LE(value, 1);
    return out;
  }
  if (value >= -2147483648 && value <= 2147483647) {
    const out = Buffer.alloc(5);
    out[0] = 0xc2;
    out.writeInt32LE(value, 1);
    return out;
  }
  return undefined;
}

export function encodeRawString(bytes: Uint8Array): Buffer {
  return Buffer.concat([encodeLength(bytes.length), bytes]);
}

export function encodeLzfString(compressed: Uint8Array, originalLength: number): Buffer {
  return Buffer.concat([
    Buffer.from([0xc3]),
    encodeLength(compressed.length),
    encodeLength(originalLength),
    compressed,
  ]);
}

/**
 * rdbSaveRawString: a canonical integer of up to 11 characters as an integer, else (with rdbcompression,
 * longer than 20 bytes, and at least 4 bytes saved) LZF, else raw.
 */
export function encodeString(value: string | Uint8Array, compress = true): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  if (bytes.length <= 11 && canonicalInteger(bytes, 0, bytes.length)) {
    const encoded = encodeIntegerString(Number(Buffer.from(bytes).toString('latin1')));
    if (encoded) return encoded;
  }
  if (compress && bytes.length > 20) {
    const compressed = lzfCompress(bytes);
    if (compressed && compressed.length <= bytes.length - 4) return encodeLzfString(compressed, bytes.length);
  }
  return encodeRawString(bytes);
}

export function encodeMillis(ms: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigInt64LE(BigInt(ms), 0);
  return out;
}

export function encodeBinaryDouble(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeDoubleLE(value, 0);
  return out;
}

/** rdbSaveDoubleValue (RDB < 8 zset scores): 253 NaN, 254 +inf, 255 -inf, else a length byte and text. */
export function encodeDoubleText(value: number): Buffer {
  if (Number.isNaN(value)) return Buffer.from([253]);
  if (value === Infinity) return Buffer.from([254]);
  if (value === -Infinity) return Buffer.from([255]);
  const text = Buffer.from(Number.isInteger(value) ? value.toFixed(0) : String(value), 'latin1');
  return Buffer.concat([Buffer.from([text.length]), text]);
}

/** Collects the parts of an RDB file or of one entry, and their total size. */
export class RdbBytes {
  readonly parts: Buffer[] = [];
  size = 0;

  push(bytes: Buffer): this {
    this.parts.push(bytes);
    this.size += bytes.length;
    return this;
  }

  byte(value: number): this {
    return this.push(Buffer.from([value]));
  }

  len(n: number): this {
    return this.push(encodeLength(n));
  }

  /** A string the way Redis saves it (integer, LZF or raw). */
  string(value: string | Uint8Array, compress = true): this {
    return this.push(encodeString(value, compress));
  }

  raw(value: string | Uint8Array): this {
    return this.push(encodeRawString(typeof value === 'string' ? Buffer.from(value, 'utf8') : value));
  }

  millis(ms: number): this {
    return this.push(encodeMillis(ms));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}
