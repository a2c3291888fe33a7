// What the compact encoders (listpack, ziplist) take as an element, and how they tell an integer from text.
import { canonicalInteger } from './compact-check';

/** An element: text or bytes (stored as an integer when it is one, as Redis does) or an integer. */
export type CompactValue = string | Uint8Array | number | bigint;

/** The element as an integer when Redis would store it as one, else its bytes. */
export function asIntegerOrBytes(value: CompactValue, maxTextLength = 20): bigint | Uint8Array {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer element: ${value}`);
    return BigInt(value);
  }
  if (typeof value === 'bigint') return value;
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  if (bytes.length <= maxTextLength && canonicalInteger(bytes, 0, bytes.length)) {
    return BigInt(Buffer.from(bytes).toString('latin1'));
  }
  return bytes;
}
