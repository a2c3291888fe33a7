import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AesGcmPayloadCodec,
  CodecKeyRingError,
  CodecKeysMissingError,
  dataConverterFor,
  ENCODED_FAILURE_CONVERTER_PATH,
  generateCodecKeyFile,
  loadCodecKeyRing,
  readCodecKeyFile,
} from './index';

const secret = (value: string) => ({ reveal: () => value });
const dir = mkdtempSync(join(tmpdir(), 'codec-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCodecKeyRing', () => {
  it('reads a keys file', async () => {
    const file = join(dir, 'keys.json');
    const { keyId } = await generateCodecKeyFile(file);
    expect((await loadCodecKeyRing({ keysFile: file, keys: null })).activeKeyId).toBe(keyId);
  });

  it('parses a key list, the last key active', async () => {
    const list = `k-old:${randomBytes(32).toString('base64')}, k-new:${randomBytes(32).toString('base64')}`;
    const ring = await loadCodecKeyRing({ keysFile: null, keys: secret(list) });
    expect(ring.keyIds).toEqual(['k-old', 'k-new']);
    expect(ring.activeKeyId).toBe('k-new');
  });

  it('refuses no keys at all, saying which variables to set', async () => {
    const failure = await loadCodecKeyRing({ keysFile: null, keys: null }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CodecKeysMissingError);
    expect(failure).toBeInstanceOf(CodecKeyRingError);
    expect((failure as Error).message).toMatch(
      /^no payload codec key is configured: set CODEC_KEYS_FILE .* CODEC_KEYS/,
    );
  });

  it('refuses both a file and a list', async () => {
    const failure = await loadCodecKeyRing({ keysFile: join(dir, 'keys.json'), keys: secret('k:x') }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CodecKeyRingError);
    expect((failure as CodecKeyRingError).problems).toEqual(['set one of them, not both']);
  });

  it('names the variable and the key of a bad list, never the key text', async () => {
    const short = randomBytes(16).toString('base64');
    const failure = await loadCodecKeyRing({ keysFile: null, keys: secret(`k-1:${short}`) }).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ source: 'CODEC_KEYS' });
    expect((failure as Error).message).toContain('key 1 ("k-1"): the key is 16 bytes');
    expect((failure as Error).message).not.toContain(short);
  });

  it('names a missing keys file by its path', async () => {
    const missing = join(dir, 'missing.json');
    await expect(loadCodecKeyRing({ keysFile: missing, keys: null })).rejects.toMatchObject({
      source: missing,
      problems: ['cannot read the file (ENOENT)'],
    });
  });
});

describe('dataConverterFor', () => {
  it('encrypts with the configured keys and encodes failures', async () => {
    const file = join(dir, 'converter.json');
    await generateCodecKeyFile(file);
    const converter = await dataConverterFor({ codec: { keysFile: file, keys: null } });
    expect(converter.failureConverterPath).toBe(ENCODED_FAILURE_CONVERTER_PATH);
    const [codec] = converter.payloadCodecs ?? [];
    const [encrypted] = (await codec?.encode([defaultPayloadConverter.toPayload('x') as Payload])) ?? [];
    expect(Buffer.from(encrypted?.metadata?.['encoding'] ?? []).toString()).toBe('binary/encrypted');
    const decoded = await new AesGcmPayloadCodec(await readCodecKeyFile(file)).decode([encrypted as Payload]);
    expect(defaultPayloadConverter.fromPayload(decoded[0] as Payload)).toBe('x');
  });
});
