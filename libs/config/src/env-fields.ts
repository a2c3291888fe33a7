// The building blocks of the environment schema: each reads one variable (a string or nothing) into a
// typed value with a default, and names what it expected when the value is wrong.
import { isIP } from 'node:net';
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

/** A variable no longer read: true when it is set (crossChecks then says what to do instead; never its value). */
export const retired = () => raw.transform((value) => value !== undefined);

/** Names proxy-addr (Express's `trust proxy`) knows for groups of addresses. */
const PROXY_ADDRESS_GROUPS = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Which proxies' X-Forwarded-For to believe: `off`, a hop count (1 = the nearest proxy), or comma-separated
 * addresses, CIDR ranges and loopback/linklocal/uniquelocal. Never "every proxy": that trusts any client.
 */
export const trustProxy = () =>
  refined<false | number | string[]>((value) => {
    if (['off', 'false', 'no', '0'].includes(value.toLowerCase())) return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      return hops <= 10 ? hops : { problem: 'expected at most 10 hops' };
    }
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const bad = items.filter((item) => !PROXY_ADDRESS_GROUPS.includes(item) && !isAddressOrRange(item));
    if (bad.length > 0 || items.length === 0) {
      return {
        problem:
          'expected off, a hop count (e.g. 1), or addresses and CIDR ranges (e.g. 10.0.0.0/8,loopback); ' +
          'trusting every proxy would let any client choose its address',
      };
    }
    return items;
  }, false);

function isAddressOrRange(item: string): boolean {
  const [address = '', prefix, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

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
