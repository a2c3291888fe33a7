// A seeded random generator (mulberry32), so that every run kills and picks at the same moments.
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
