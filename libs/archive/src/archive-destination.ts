// Where archives go: `file:///absolute/dir` or `s3://bucket/prefix`, parsed strictly (a typed error for
// anything else), and the allow-list check that keeps the worker from writing where it was not allowed to.
import { pathToFileURL } from 'node:url';
import { ArchiveDestinationError } from './archive-errors';

export type ArchiveDestination = DirectoryDestination | S3Destination;

export interface DirectoryDestination {
  kind: 'directory';
  /** Normalised: `file:///a/b` (no trailing slash but for the root). */
  url: string;
  /** Absolute path, no `.` or `..` segments, no trailing slash but for the root. */
  path: string;
}

export interface S3Destination {
  kind: 's3';
  /** Normalised: `s3://bucket` or `s3://bucket/a/b` (no trailing slash). */
  url: string;
  bucket: string;
  /** Key prefix without leading or trailing slash; '' for the bucket's root. */
  prefix: string;
}

/** Keys are at most 1024 bytes; the layout under a prefix needs about 150 of them. */
const MAX_PREFIX_BYTES = 700;
/** Characters S3 calls safe in keys, plus a few that need no escaping anywhere (`=+@,:~`). */
const S3_PREFIX_SEGMENT = /^[A-Za-z0-9._\-!*'()=+@,:~]+$/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function refuse(url: string, problem: string): never {
  throw new ArchiveDestinationError(`archive destination ${JSON.stringify(shown(url))}: ${problem}`);
}

/** A destination as written in messages: never more than 300 characters, and never a user:password part. */
function shown(url: string): string {
  const withoutUser = url.replace(/^([a-z0-9+.-]+:\/\/)[^/@]*@/i, '$1<credentials>@');
  return withoutUser.length > 300 ? `${withoutUser.slice(0, 300)}…` : withoutUser;
}

/** Parses a destination URL; anything but an absolute directory or an S3 bucket (and prefix) is refused. */
export function parseArchiveDestination(url: string): ArchiveDestination {
  if (typeof url !== 'string' || url.length === 0) refuse(String(url), 'empty');
  if (CONTROL_CHARACTERS.test(url)) refuse(url, 'holds control characters');
  if (url.includes('?') || url.includes('#')) refuse(url, 'no query or fragment allowed');
  if (url.includes('\\')) refuse(url, 'backslashes are not path separators here');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'file') return parseDirectory(url);
  if (scheme === 's3') return parseS3(url);
  return refuse(url, 'must be file:///absolute/path or s3://bucket/prefix');
}

function parseDirectory(url: string): DirectoryDestination {
  const rest = /^file:\/\/([^/]*)(\/.*)?$/i.exec(url);
  if (!rest) return refuse(url, 'a file URL needs an absolute path: file:///absolute/dir');
  const [, host = '', rawPath] = rest;
  if (host !== '' && host.toLowerCase() !== 'localhost') refuse(url, `a file URL on another host (${host})`);
  if (!rawPath) return refuse(url, 'a file URL needs an absolute path: file:///absolute/dir');
  if (/%2f|%5c|%00/i.test(rawPath)) refuse(url, 'encoded slashes or NUL in the path');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse(url, 'a malformed %-escape in the path');
  }
  if (CONTROL_CHARACTERS.test(decoded)) refuse(url, 'holds control characters');
  const segments = decoded.split('/').slice(1);
  if (segments.at(-1) === '') segments.pop();
  for (const segment of segments) {
    if (segment === '') refuse(url, 'empty path segment (//)');
    if (segment === '.' || segment === '..') refuse(url, `a "${segment}" path segment`);
  }
  const path = `/${segments.join('/')}`;
  return { kind: 'directory', path, url: path === '/' ? 'file:///' : pathToFileURL(path).href };
}

function parseS3(url: string): S3Destination {
  const rest = /^s3:\/\/([^/]*)(?:\/(.*))?$/i.exec(url);
  if (!rest) return refuse(url, 'must be s3://bucket or s3://bucket/prefix');
  const [, bucket = '', rawPrefix = ''] = rest;
  if (bucket.includes('@')) refuse(url, 'credentials do not belong in the URL');
  const bucketProblem = s3BucketNameProblem(bucket);
  if (bucketProblem) refuse(url, bucketProblem);
  const segments = rawPrefix.split('/');
  if (segments.at(-1) === '') segments.pop();
  for (const segment of segments) {
    if (segment === '') refuse(url, 'empty prefix segment (//)');
    if (segment === '.' || segment === '..') refuse(url, `a "${segment}" prefix segment`);
    if (!S3_PREFIX_SEGMENT.test(segment)) {
      refuse(url, `prefix segment ${JSON.stringify(segment)}: only letters, digits and ._-!*'()=+@,:~`);
    }
  }
  const prefix = segments.join('/');
  if (Buffer.byteLength(prefix) > MAX_PREFIX_BYTES) refuse(url, `prefix longer than ${MAX_PREFIX_BYTES} bytes`);
  return { kind: 's3', bucket, prefix, url: prefix ? `s3://${bucket}/${prefix}` : `s3://${bucket}` };
}

/** Why a bucket name is not one S3 accepts (general purpose bucket rules), or null when it is. */
export function s3BucketNameProblem(bucket: string): string | null {
  if (bucket.length < 3 || bucket.length > 63) return `bucket name "${bucket}" must be 3-63 characters`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket)) {
    return `bucket name "${bucket}": lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit`;
  }
  if (/\.\.|\.-|-\./.test(bucket)) return `bucket name "${bucket}": no "..", ".-" or "-."`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return `bucket name "${bucket}" looks like an IP address`;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(bucket) || /(-s3alias|--ol-s3|\.mrap|--x-s3)$/.test(bucket)) {
    return `bucket name "${bucket}" uses a reserved prefix or suffix`;
  }
  return null;
}

function parsedOrNull(url: string): ArchiveDestination | null {
  try {
    return parseArchiveDestination(url);
  } catch {
    return null;
  }
}

/** Whether `inner` is `outer` or lies under it, on path-segment boundaries (`/a` holds `/a/b`, not `/ab`). */
export function destinationContains(outer: ArchiveDestination, inner: ArchiveDestination): boolean {
  if (outer.kind === 'directory' && inner.kind === 'directory') {
    return outer.path === '/' || inner.path === outer.path || inner.path.startsWith(`${outer.path}/`);
  }
  if (outer.kind === 's3' && inner.kind === 's3') {
    if (outer.bucket !== inner.bucket) return false;
    return outer.prefix === '' || inner.prefix === outer.prefix || inner.prefix.startsWith(`${outer.prefix}/`);
  }
  return false;
}

/**
 * Whether the worker may write to `url`: it parses, and one of `allowed` (ARCHIVE_DESTINATIONS) holds it.
 * An entry of `allowed` that does not parse allows nothing.
 */
export function isAllowedDestination(url: string, allowed: readonly string[]): boolean {
  const candidate = parsedOrNull(url);
  if (!candidate) return false;
  return allowed.some((entry) => {
    const outer = parsedOrNull(entry);
    return outer !== null && destinationContains(outer, candidate);
  });
}

/** The destination `relative` (a key path such as `crs-x/20261128T030000Z-id`) below `destination`. */
export function destinationBelow(destination: ArchiveDestination, relative: string): ArchiveDestination {
  const segments = relative.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return destination;
  if (destination.kind === 'directory') {
    const base = destination.url === 'file:///' ? 'file://' : destination.url;
    return parseArchiveDestination(`${base}/${segments.map(encodeURIComponent).join('/')}`);
  }
  return parseArchiveDestination(`${destination.url}/${segments.join('/')}`);
}
