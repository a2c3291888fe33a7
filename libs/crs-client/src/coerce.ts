// Reading Tencent's loosely typed JSON: numbers arrive as numbers or as numeric strings ("5100", "2").
const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A number, or a string holding only a decimal number; anything else (also '', NaN, true) is undefined. */
export function coerceNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return undefined;
}

/** A string as is, a number as its decimal text; anything else is undefined. */
export function coerceString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Returns a copy of `record` in which the named fields that hold numeric strings are numbers. */
export function coerceNumericFields<T extends JsonRecord>(record: T, fields: readonly string[]): T {
  const copy: JsonRecord = { ...record };
  for (const field of fields) {
    const number = coerceNumber(copy[field]);
    if (number !== undefined) copy[field] = number;
  }
  return copy as T;
}
