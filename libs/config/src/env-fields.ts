// The building blocks of the environment schema: each reads one variable (a string or nothing) into a
// typed value with a default, and names what it expected when the value is wrong.
import { z } from 'zod';
import { Secret } from './secret';

/** A variable's raw value; blank counts as unset. */
const raw = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

function refined<T>(parse: (value: string) => T | { problem: string }, fallback: T) {
  return raw.transform((value, ctx): T => {
    if (value === undefined) return fallback;
    const parsed = parse(value);
    if (typeof parsed === 'object' && parsed !== null && 'problem' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    return parsed as T;
  });
}

export const text = (fallback: string) => raw.transform((value) => value ?? fallback);

export const optionalText = () => raw.transform((value) => value ?? null);

export const integer = (fallback: number, min: number, max: number) =>
  refined((value) => {
    const number = Number(value);
    return Number.isInteger(number) && number >= min && number <= max
      ? number
      : { problem: `expected an integer from ${min} to ${max}` };
  }, fallback);

export const decimal = (fallback: number, min: number, max: number) =>
  refined((value) => {
    const number = Number(value);
    return Number.isFinite(number) && number >= min && number <= max
      ? number
      : { problem: `expected a number from ${min} to ${max}` };
  }, fallback);

export const oneOf = <const T extends readonly [string, ...string[]]>(allowed: T, fallback: T[number]) =>
  refined<T[number]>(
    (value) =>
      (allowed as readonly string[]).includes(value)
        ? (value as T[number])
        : { problem: `expected one of ${allowed.join(', ')}` },
    fallback,
  );

export const flag = (fallback: boolean) =>
  refined((value) => {
    if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
    return { problem: 'expected true or false' };
  }, fallback);

export const httpUrl = () =>
  refined<string | null>((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? value : { problem: 'expected an http(s) URL' };
    } catch {
      return { problem: 'expected an http(s) URL' };
    }
  }, null);

export const hostPort = () =>
  refined<string | null>(
    (value) => (/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(value) ? value : { problem: 'expected host:port' }),
    null,
  );

/** A secret: never printed, also not in errors. */
export const optionalSecret = () => raw.transform((value) => (value === undefined ? null : new Secret(value)));

/** Comma-separated secrets, each at least minLength long. */
export const secretList = (minLength: number) =>
  refined((value) => {
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.some((item) => item.length < minLength))
      return { problem: `every key must be at least ${minLength} characters` };
    return items.map((item) => new Secret(item));
  }, [] as Secret[]);

/** Tencent's documented per-account limits of the actions an export calls (crs-v3-api.md §3.4). */
export const TENCENT_RATE_LIMITS: Readonly<Record<string, number>> = {
  DescribeInstances: 35,
  DescribeInstanceBackups: 50,
  '*': 20,
};

/** `Action=perSecond,...,*=perSecond`, or `off`; default Tencent's limits. */
export const rateLimits = () =>
  refined<Readonly<Record<string, number>> | null>((value) => {
    if (value.toLowerCase() === 'off') return null;
    const limits: Record<string, number> = {};
    for (const item of value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const match = /^(\*|[A-Z][A-Za-z]+)=(\d+(?:\.\d+)?)$/.exec(item);
      const perSecond = Number(match?.[2]);
      if (!match?.[1] || !(perSecond > 0)) {
        return {
          problem: 'expected Action=perSecond pairs separated by commas (e.g. DescribeInstances=35,*=20), or off',
        };
      }
      limits[match[1]] = perSecond;
    }
    return limits;
  }, TENCENT_RATE_LIMITS);
