// Builds a key ring from a keys file (JSON) or from an environment-style list `id:base64key,id:base64key`.
import { readFile } from 'node:fs/promises';
import {
  CODEC_KEY_ID_PATTERN,
  CodecKeyRing,
  codecKeyLabel,
  findKeyRingProblems,
  type CodecKeyInput,
  type PositionedCodecKey,
} from './codec-key-ring';
import { CodecKeyRingError } from './payload-codec-errors';

/**
 * The keys file, as written by generateCodecKeyFile and rotateCodecKeyFile:
 * `{ "keys": [{ "id": "k-2026-12-01-a1b2c3", "key": "<base64 of 32 bytes>", "createdAt": "2026-12-01T..." }],
 *    "active": "k-2026-12-01-a1b2c3" }`. `createdAt` and `active` are optional (see CodecKeyRing.create).
 */
export interface CodecKeyFileDocument {
  keys: { id: string; key: string; createdAt?: string }[];
  active?: string;
}

/** A keys file's content, checked field by field; the raw keys stay inside this library. */
export interface ParsedCodecKeyFile {
  readonly keys: readonly CodecKeyInput[];
  readonly active: string | undefined;
}

const FILE_FIELDS = new Set(['keys', 'active']);
const KEY_FIELDS = new Set(['id', 'key', 'createdAt']);
const BASE64 = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Reads and parses a keys file; an unreadable file is a CodecKeyRingError too. */
export async function readCodecKeyFile(path: string): Promise<CodecKeyRing> {
  return parseCodecKeyFile(await readCodecKeyFileText(path), path);
}

/** A keys file's text; a file that cannot be read is a CodecKeyRingError naming the error code. */
export async function readCodecKeyFileText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CodecKeyRingError(path, [`cannot read the file (${errorCode(error)})`]);
  }
}

/** Parses a keys file's text (see CodecKeyFileDocument); `source` names it in errors. */
export function parseCodecKeyFile(text: string, source = 'keys file'): CodecKeyRing {
  const { keys, active } = parseCodecKeyFileDocument(text, source);
  return CodecKeyRing.create(keys, { activeKeyId: active, source });
}

/**
 * Parses `id1:base64key,id2:base64key` (spaces around entries are ignored). The active key is `activeKeyId`
 * when given, otherwise the LAST entry: rotate by appending a key. `source` (e.g. the variable's name) names
 * the list in errors.
 */
export function parseCodecKeyList(
  value: string,
  options: { source?: string; activeKeyId?: string | undefined } = {},
): CodecKeyRing {
  const source = options.source ?? 'key list';
  const problems: string[] = [];
  const keys: PositionedCodecKey[] = [];
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  entries.forEach((entry, index) => {
    const position = index + 1;
    const separator = entry.indexOf(':');
    if (separator < 0) {
      problems.push(`entry ${position}: expected <id>:<base64 key>`);
      return;
    }
    const id = entry.slice(0, separator).trim();
    const key = decodeKey(entry.slice(separator + 1).trim(), codecKeyLabel(id, position), problems);
    if (key) keys.push({ id, key, position });
  });
  const all = inReadingOrder(
    problems,
    findKeyRingProblems(keys, { activeKeyId: options.activeKeyId, entryCount: entries.length }),
  );
  if (all.length > 0) throw new CodecKeyRingError(source, all);
  return CodecKeyRing.create(keys, { activeKeyId: options.activeKeyId, source });
}

/** The checked content of a keys file (rotation needs the keys themselves, not only a ring). */
export function parseCodecKeyFileDocument(text: string, source: string): ParsedCodecKeyFile {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a key: say only that it failed.
    throw new CodecKeyRingError(source, ['the file is not valid JSON']);
  }
  if (!isRecord(document)) throw new CodecKeyRingError(source, ['the file must hold a JSON object { "keys": [...] }']);
  const problems: string[] = unknownFields(document, FILE_FIELDS, 'the file');
  const active = document['active'];
  if (active !== undefined && typeof active !== 'string') problems.push('"active" must be a key id (a string)');
  const activeKeyId = typeof active === 'string' ? active : undefined;
  const entries = document['keys'];
  const keys: PositionedCodecKey[] = [];
  let ringIssues: string[] = [];
  if (!Array.isArray(entries)) {
    problems.push('"keys" must be an array of { id, key, createdAt? }');
  } else {
    entries.forEach((entry: unknown, index) => {
      const key = parseKeyEntry(entry, index + 1, problems);
      if (key) keys.push(key);
    });
    ringIssues = findKeyRingProblems(keys, { activeKeyId, entryCount: entries.length });
  }
  const all = inReadingOrder(problems, ringIssues);
  if (all.length > 0) throw new CodecKeyRingError(source, all);
  return { keys: keys.map(({ id, key, createdAt }) => ({ id, key, createdAt })), active: activeKeyId };
}

function parseKeyEntry(entry: unknown, position: number, problems: string[]): PositionedCodecKey | null {
  if (!isRecord(entry)) {
    problems.push(`key ${position}: must be an object { id, key, createdAt? }`);
    return null;
  }
  const { id, key, createdAt } = entry;
  const label = codecKeyLabel(typeof id === 'string' ? id : '', position);
  problems.push(...unknownFields(entry, KEY_FIELDS, label));
  if (typeof id !== 'string') problems.push(`${label}: "id" must be a string`);
  if (typeof key !== 'string') problems.push(`${label}: "key" must be a base64 string`);
  let created: Date | undefined;
  if (createdAt !== undefined) {
    created = typeof createdAt === 'string' && ISO_DATE.test(createdAt) ? new Date(createdAt) : undefined;
    if (!created || Number.isNaN(created.getTime())) {
      // Already a problem; the key's other fields are still checked.
      problems.push(`${label}: "createdAt" must be an ISO 8601 date`);
      created = undefined;
    }
  }
  const material = typeof key === 'string' ? decodeKey(key, label, problems) : null;
  if (typeof id !== 'string' || material === null) return null;
  return { id, key: material, createdAt: created, position };
}

/** Decodes a base64 (or base64url) key; a problem names the key's position, never its text. */
function decodeKey(text: string, label: string, problems: string[]): Buffer | null {
  if (text === '' || !BASE64.test(text)) {
    problems.push(`${label}: the key is not valid base64`);
    return null;
  }
  return Buffer.from(text, 'base64');
}

/** Problems of the whole source first, then those of each key in key order, then those across keys. */
function inReadingOrder(parseProblems: readonly string[], ringProblems: readonly string[]): string[] {
  const positionOf = (problem: string): number | null => {
    const match = /^(?:key|entry) (\d+)\b/.exec(problem);
    return match ? Number(match[1]) : null;
  };
  const all = [...parseProblems, ...ringProblems];
  const positioned = all.filter((problem) => positionOf(problem) !== null);
  positioned.sort((a, b) => (positionOf(a) ?? 0) - (positionOf(b) ?? 0));
  const general = (list: readonly string[]) => list.filter((problem) => positionOf(problem) === null);
  return [...general(parseProblems), ...positioned, ...general(ringProblems)];
}

function unknownFields(record: Record<string, unknown>, known: ReadonlySet<string>, where: string): string[] {
  return Object.keys(record)
    .filter((field) => !known.has(field))
    .map((field) =>
      CODEC_KEY_ID_PATTERN.test(field) ? `${where}: unknown field "${field}"` : `${where}: an unknown field`,
    );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorCode(error: unknown): string {
  const code = isRecord(error) ? error['code'] : undefined;
  return typeof code === 'string' ? code : 'unknown error';
}
