// Seeded choices for the suite (the simulator's mulberry32 generator), so every run kills and picks at the same moments.
import type { Random } from '@crs-export/crs-simulator';

export { seededRandom, type Random } from '@crs-export/crs-simulator';

/** A whole number from min to max (both included). */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Lowercase letters and digits, as Tencent's ids use them. */
export function randomToken(random: Random, length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  let token = '';
  for (let i = 0; i < length; i++) token += alphabet[Math.floor(random() * alphabet.length)];
  return token;
}
