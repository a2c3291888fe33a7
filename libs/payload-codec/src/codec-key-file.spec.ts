import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AesGcmPayloadCodec,
  CodecKeyFileExistsError,
  CodecKeyRingError,
  generateCodecKeyFile,
  readCodecKeyFile,
  rotateCodecKeyFile,
  type CodecKeyFileDocument,
} from './index';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'payload-codec-keys-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readDocument = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as CodecKeyFileDocument;
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('generateCodecKeyFile', () => {
  it('creates a 0600 file with one random 32-byte key, active, in the documented shape', async () => {
    const path = join(dir, 'nested', 'codec-keys.json');
    const change = await generateCodecKeyFile(path, { now: () => new Date('2026-12-01T10:00:00Z') });
    expect(await modeOf(path)).toBe(0o600);
    const document = await readDocument(path);
    expect(document).toEqual({
      keys: [{ id: change.keyId, key: expect.any(String) as string, createdAt: '2026-12-01T10:00:00.000Z' }],
      active: change.keyId,
    });
    expect(change).toEqual({ path, keyId: change.keyId, previousKeyId: null, keyIds: [change.keyId] });
    expect(change.keyId).toMatch(/^k-2026-12-01-[0-9a-f]{6}$/);
    expect(Buffer.from(document.keys[0]?.key ?? '', 'base64')).toHaveLength(32);
    expect((await readCodecKeyFile(path)).activeKeyId).toBe(change.keyId);
  });

  it('makes a different key each time', async () => {
    await generateCodecKeyFile(join(dir, 'a.json'));
    await generateCodecKeyFile(join(dir, 'b.json'));
    const [a, b] = await Promise.all([readDocument(join(dir, 'a.json')), readDocument(join(dir, 'b.json'))]);
    expect(a.keys[0]?.key).not.toBe(b.keys[0]?.key);
  });

  it('refuses to overwrite an existing file and leaves it as it was', async () => {
    const path = join(dir, 'codec-keys.json');
    await writeFile(path, 'precious');
    await expect(generateCodecKeyFile(path)).rejects.toBeInstanceOf(CodecKeyFileExistsError);
    expect(await readFile(path, 'utf8')).toBe('precious');
  });
});

describe('rotateCodecKeyFile', () => {
  it('adds a new active key and keeps the old ones, so payloads written before still decode', async () => {
    const path = join(dir, 'codec-keys.json');
    const first = await generateCodecKeyFile(path);
    const before = new AesGcmPayloadCodec(await readCodecKeyFile(path));
    const written = await before.encode([defaultPayloadConverter.toPayload({ written: 'before' }) as Payload]);

    const second = await rotateCodecKeyFile(path);
    const third = await rotateCodecKeyFile(path);

    expect(second.previousKeyId).toBe(first.keyId);
    expect(third.previousKeyId).toBe(second.keyId);
    expect(third.keyIds).toEqual([first.keyId, second.keyId, third.keyId]);
    expect(new Set(third.keyIds).size).toBe(3);
    expect(await modeOf(path)).toBe(0o600);
    const document = await readDocument(path);
    expect(document.active).toBe(third.keyId);
    expect(document.keys.map(({ id }) => id)).toEqual(third.keyIds);

    const after = new AesGcmPayloadCodec(await readCodecKeyFile(path));
    expect(after.activeKeyId).toBe(third.keyId);
    const [decoded] = await after.decode(written);
    expect(defaultPayloadConverter.fromPayload(decoded as Payload)).toEqual({ written: 'before' });
    expect(await readdir(dir)).toEqual(['codec-keys.json']);
  });

  it('keeps the old key bytes unchanged', async () => {
    const path = join(dir, 'codec-keys.json');
    await generateCodecKeyFile(path);
    const original = (await readDocument(path)).keys[0];
    await rotateCodecKeyFile(path);
    expect((await readDocument(path)).keys[0]).toEqual(original);
  });

  it('refuses a file that is missing or invalid, leaving it untouched', async () => {
    await expect(rotateCodecKeyFile(join(dir, 'missing.json'))).rejects.toMatchObject({
      name: 'CodecKeyRingError',
      problems: ['cannot read the file (ENOENT)'],
    });
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "keys": [] }');
    await expect(rotateCodecKeyFile(broken)).rejects.toBeInstanceOf(CodecKeyRingError);
    expect(await readFile(broken, 'utf8')).toBe('{ "keys": [] }');
    expect((await readdir(dir)).sort()).toEqual(['broken.json']);
  });
});
