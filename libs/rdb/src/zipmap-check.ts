// Validates a zipmap (the hash encoding of Redis ≤ 2.4, still loadable) as zipmapValidateIntegrity does:
// each field and value length (1 byte, or 0xfe + 4 bytes), the free bytes, the 0xff end and the count.
import { invalid, readUInt32LE, valid, type CompactCheck } from './compact-check';

const BIGLEN = 0xfe;
const END = 0xff;

export function checkZipmap(zm: Uint8Array): CompactCheck {
  const size = zm.length;
  if (size < 2) return invalid(0, `a zipmap needs at least 2 bytes, this one has ${size}`);
  const last = size - 1;
  if (zm[last] !== END) return invalid(last, `the zipmap does not end with the 0xff terminator`);

  /** Reads a length at p; returns [length, bytes used] or undefined when it is cut by the end. */
  const lengthAt = (p: number): [number, number] | undefined => {
    const b = zm[p] as number;
    if (b < BIGLEN) return [b, 1];
    if (p + 4 > last) return undefined;
    return [readUInt32LE(zm, p + 1), 5];
  };

  let count = 0;
  let p = 1;
  while (zm[p] !== END) {
    const field = lengthAt(p);
    if (!field) return invalid(p, `zipmap field ${count} has its length cut by the end`);
    p += field[1] + field[0];
    if (p > last) return invalid(p, `zipmap field ${count} runs past the end of the zipmap`);
    const value = lengthAt(p);
    if (!value) return invalid(p, `zipmap value ${count} has its length cut by the end`);
    p += value[1];
    if (p > last) return invalid(p, `zipmap value ${count} has no free-space byte before the end`);
    const free = zm[p] as number;
    p += 1 + value[0] + free;
    if (p > last) return invalid(p, `zipmap value ${count} runs past the end of the zipmap`);
    count++;
  }
  if (count === 0) return invalid(1, `the zipmap is empty`);
  const header = zm[0] as number;
  if (header !== BIGLEN && header !== count)
    return invalid(0, `the zipmap header counts ${header} pairs, it holds ${count}`);
  return valid(count * 2);
}
