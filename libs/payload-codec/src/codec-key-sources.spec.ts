import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AesGcmPayloadCodec,
  CodecKeyRing,
  CodecKeyRingError,
  parseCodecKeyFile,
  parseCodecKeyList,
  readCodecKeyFile,
} from './index';

const b64 = (bytes: Buffer): string => bytes.toString('base64');
const key1 = randomBytes(32);
const key2 = randomBytes(32);
const key3 = randomBytes(32);

function keyRingError(build: () => unknown): CodecKeyRingError {
  try {
    build();
  } catch (error) {
    if (error instanceof CodecKeyRingError) return error;
    throw error;
  }
  throw new Error('expected a CodecKeyRingError');
}

function expectNoneOf(shown: string, secrets: string[]): void {
  for (const secret of secrets) expect(shown).not.toContain(secret);
}

describe('parseCodecKeyFile', () => {
  it('reads the keys and the active key named by "active"', () => {
    const ring = parseCodecKeyFile(
      JSON.stringify({
        keys: [
          { id: 'k-2026-01', key: b64(key1), createdAt: '2026-01-01T00:00:00.000Z' },
          { id: 'k-2026-06', key: b64(key2), createdAt: '2026-06-01T00:00:00.000Z' },
        ],
        active: 'k-2026-01',
      }),
    );
    expect(ring.keyIds).toEqual(['k-2026-01', 'k-2026-06']);
    expect(ring.activeKeyId).toBe('k-2026-01');
    expect(ring.describe().keys[1]).toEqual({ id: 'k-2026-06', createdAt: '2026-06-01T00:00:00.000Z', active: false });
  });

  it('makes the newest key active when "active" is absent, whatever the order', () => {
    const ring = parseCodecKeyFile(
      JSON.stringify({
        keys: [
          { id: 'newest', key: b64(key1), createdAt: '2026-12-01T00:00:00Z' },
          { id: 'undated', key: b64(key2) },
          { id: 'older', key: b64(key3), createdAt: '2026-01-01T00:00:00Z' },
        ],
      }),
    );
    expect(ring.activeKeyId).toBe('newest');
  });

  it('makes the last key active when no key has a date and none is marked', () => {
    const ring = parseCodecKeyFile(
      JSON.stringify({
        keys: [
          { id: 'first', key: b64(key1) },
          { id: 'last', key: b64(key2) },
        ],
      }),
    );
    expect(ring.activeKeyId).toBe('last');
  });

  it('accepts base64url keys', () => {
    expect(parseCodecKeyFile(JSON.stringify({ keys: [{ id: 'u', key: key1.toString('base64url') }] })).keyIds).toEqual([
      'u',
    ]);
  });

  it('lists every problem in one error, naming keys by position and id, never printing a key', () => {
    const short = randomBytes(16);
    const text = JSON.stringify({
      keys: [
        { id: 'good', key: b64(key1) },
        { id: 'not-base64', key: `${b64(key2).slice(0, 20)}!!${b64(key2).slice(22)}` },
        { id: 'short', key: b64(short) },
        { id: 'good', key: b64(key3) },
        { id: 'bad date', key: b64(key2), createdAt: 'yesterday' },
        { id: 'extra', key: b64(key1), secret: 'x' },
        { id: b64(key3), key: b64(key3) },
      ],
      active: 'missing',
    });
    const error = keyRingError(() => parseCodecKeyFile(text, '/etc/crs-export/keys.json'));
    expect(error.source).toBe('/etc/crs-export/keys.json');
    expect(error.problems).toEqual([
      'key 2 ("not-base64"): the key is not valid base64',
      'key 3 ("short"): the key is 16 bytes, AES-256 needs 32',
      'key 5: "createdAt" must be an ISO 8601 date',
      'key 5: the id must be 1-40 characters of letters, digits, ".", "_" or "-", starting with a letter or digit',
      'key 6 ("extra"): unknown field "secret"',
      'key 7: the id must be 1-40 characters of letters, digits, ".", "_" or "-", starting with a letter or digit',
      'the key id "good" appears 2 times',
      'the active key "missing" is not one of the keys',
    ]);
    expect(error.message).toMatch(/^invalid payload codec keys \(\/etc\/crs-export\/keys\.json\), 8 problems: /);
    const shown = `${error.message}\n${inspect(error)}\n${JSON.stringify(error)}`;
    expectNoneOf(shown, [b64(key1), b64(key2), b64(key3), b64(short), b64(key2).slice(0, 20)]);
  });

  it('says only "not valid JSON" for a broken file, without quoting it', () => {
    const text = `{ "keys": [{ "id": "k", "key": "${b64(key1)}" }, ] `;
    const error = keyRingError(() => parseCodecKeyFile(text));
    expect(error.problems).toEqual(['the file is not valid JSON']);
    expectNoneOf(`${error.message}${inspect(error)}`, [b64(key1), b64(key1).slice(0, 12)]);
  });

  it.each([
    ['[]', 'the file must hold a JSON object { "keys": [...] }'],
    ['{}', '"keys" must be an array of { id, key, createdAt? }'],
    ['{ "keys": [] }', 'no keys'],
    ['{ "keys": [42] }', 'key 1: must be an object { id, key, createdAt? }'],
    ['{ "keys": [{ "id": 1, "key": 2 }] }', 'key 1: "id" must be a string'],
  ])('refuses %s', (text, problem) => {
    expect(keyRingError(() => parseCodecKeyFile(text)).problems).toContain(problem);
  });
});

describe('parseCodecKeyList', () => {
  it('reads id:base64 entries, the last one active', () => {
    const ring = parseCodecKeyList(` k-old:${b64(key1)} , k-new:${b64(key2)} `);
    expect(ring.keyIds).toEqual(['k-old', 'k-new']);
    expect(ring.activeKeyId).toBe('k-new');
  });

  it('takes the active key from activeKeyId when given', () => {
    expect(parseCodecKeyList(`a:${b64(key1)},b:${b64(key2)}`, { activeKeyId: 'a' }).activeKeyId).toBe('a');
  });

  it('lists every problem, naming the variable and never a key', () => {
    const error = keyRingError(() =>
      parseCodecKeyList(`${b64(key1)},a:${b64(key1)},b:${b64(randomBytes(31))},a:${b64(key2)},c:%%%`, {
        source: 'CRS_PAYLOAD_CODEC_KEYS',
        activeKeyId: 'z',
      }),
    );
    expect(error.source).toBe('CRS_PAYLOAD_CODEC_KEYS');
    expect(error.problems).toEqual([
      'entry 1: expected <id>:<base64 key>',
      'key 3 ("b"): the key is 31 bytes, AES-256 needs 32',
      'key 5 ("c"): the key is not valid base64',
      'the key id "a" appears 2 times',
      'the active key "z" is not one of the keys',
    ]);
    expectNoneOf(error.message, [b64(key1), b64(key2)]);
  });

  it('refuses an empty list', () => {
    expect(keyRingError(() => parseCodecKeyList(' , ')).problems).toEqual(['no keys']);
  });
});

describe('CodecKeyRing.create', () => {
  it('keeps its own copy of each key', async () => {
    const key = Buffer.from(key1);
    const ring = CodecKeyRing.create([{ id: 'k', key }]);
    key.fill(0);
    const encoded = await new AesGcmPayloadCodec(ring).encode([{ data: Buffer.from('x') }]);
    const sameKey = new AesGcmPayloadCodec(CodecKeyRing.create([{ id: 'k', key: key1 }]));
    expect(Buffer.from((await sameKey.decode(encoded))[0]?.data ?? []).toString()).toBe('x');
  });
});

describe('readCodecKeyFile', () => {
  it('names the file and the error code when it cannot be read', async () => {
    const path = join(tmpdir(), `no-such-codec-keys-${randomBytes(4).toString('hex')}.json`);
    await expect(readCodecKeyFile(path)).rejects.toMatchObject({
      name: 'CodecKeyRingError',
      source: path,
      problems: ['cannot read the file (ENOENT)'],
    });
  });
});
