// Deterministic pseudo-random numbers from a seed string (xoshiro128** seeded by SHA-256), one independent
// sequence per purpose, so the generator's output depends on its inputs only.
import { createHash } from 'node:crypto';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** The sequence named `purpose` of this seed; different purposes give unrelated sequences. */
  constructor(seed: string, purpose: string) {
    const digest = createHash('sha256').update(`${seed}\u0000${purpose}`).digest();
    this.a = digest.readUInt32LE(0);
    this.b = digest.readUInt32LE(4);
    this.c = digest.readUInt32LE(8);
    this.d = digest.readUInt32LE(12) | 1; // never all zero
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.next() / 4294967296) * n);
  }

  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }

  letters(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += LETTERS[this.below(LETTERS.length)];
    return out;
  }

  alphanumeric(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += ALPHANUMERIC[this.below(ALPHANUMERIC.length)];
    return out;
  }

  hex(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += (this.next() & 15).toString(16);
    return out;
  }

  bytes(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let i = 0;
    for (; i + 4 <= n; i += 4) out.writeUInt32LE(this.next(), i);
    for (; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
