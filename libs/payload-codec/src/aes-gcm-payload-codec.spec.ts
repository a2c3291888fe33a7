import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import {
  AesGcmPayloadCodec,
  CodecKeyRing,
  ENCRYPTED_PAYLOAD_ENCODING,
  ENCRYPTION_CIPHER_METADATA,
  ENCRYPTION_KEY_ID_METADATA,
  PayloadDecryptionError,
} from './index';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const ringA = CodecKeyRing.create([{ id: 'k-a', key: keyA }]);
const codecA = new AesGcmPayloadCodec(ringA);

const text = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? []).toString('utf8');

/** A payload as plain hex strings, so Buffers and Uint8Arrays compare equal. */
function comparable(payload: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('hex')]),
    ),
    data: Buffer.from(payload.data ?? []).toString('hex'),
  };
}

function toPayload(value: unknown): Payload {
  const payload = defaultPayloadConverter.toPayload(value);
  if (!payload) throw new Error('not convertible');
  return payload;
}

const protobufPayload: Payload = {
  metadata: {
    encoding: Buffer.from('binary/protobuf'),
    messageType: Buffer.from('temporal.api.common.v1.WorkflowExecution'),
  },
  data: temporal.api.common.v1.WorkflowExecution.encode({ workflowId: 'wf-1', runId: 'run-1' }).finish(),
};

const payloadsOfEveryKind: [string, Payload][] = [
  [
    'a JSON payload',
    toPayload({ redisId: 'crs-secret', nested: { list: [1, 'two', null] }, unicode: 'h\u00e9 \u2713' }),
  ],
  ['a binary/plain payload', toPayload(new Uint8Array([0, 1, 2, 250, 255]))],
  ['a binary/null payload (undefined)', toPayload(undefined)],
  ['a JSON null payload', toPayload(null)],
  ['a binary/protobuf payload', protobufPayload],
  [
    'a json/protobuf payload',
    { metadata: { encoding: Buffer.from('json/protobuf') }, data: Buffer.from('{"workflowId":"x"}') },
  ],
  ['a payload with empty data', { metadata: { encoding: Buffer.from('binary/plain') }, data: new Uint8Array() }],
  ['a payload without metadata', { data: Buffer.from('bare') }],
  ['a big payload (4 MiB)', toPayload(randomBytes(4 * 1024 * 1024))],
];

describe('AesGcmPayloadCodec', () => {
  it.each(payloadsOfEveryKind)('round-trips %s exactly', async (_kind, payload) => {
    const [encoded] = await codecA.encode([payload]);
    const [decoded] = await codecA.decode([encoded as Payload]);
    expect(comparable(decoded as Payload)).toEqual(comparable({ metadata: payload.metadata ?? {}, ...payload }));
  });

  it('gives back the original values through the default payload converter', async () => {
    const values = [{ a: 1, b: ['x'] }, 'text', 42, null, undefined, new Uint8Array([9, 8])];
    const decoded = await codecA.decode(await codecA.encode(values.map(toPayload)));
    expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual(values);
  });

  it('writes binary/encrypted payloads naming the key and cipher, with IV + ciphertext + tag as data', async () => {
    const original = toPayload({ marker: 'plain-marker-123' });
    const [encoded] = (await codecA.encode([original])) as [Payload];
    expect(text(encoded.metadata?.['encoding'])).toBe(ENCRYPTED_PAYLOAD_ENCODING);
    expect(text(encoded.metadata?.[ENCRYPTION_KEY_ID_METADATA])).toBe('k-a');
    expect(text(encoded.metadata?.[ENCRYPTION_CIPHER_METADATA])).toBe('AES-256-GCM');
    expect(Object.keys(encoded.metadata ?? {}).sort()).toEqual(
      ['encoding', ENCRYPTION_CIPHER_METADATA, ENCRYPTION_KEY_ID_METADATA].sort(),
    );
    const plaintextLength = temporal.api.common.v1.Payload.encode(original).finish().length;
    expect(encoded.data?.length).toBe(12 + plaintextLength + 16);
    expect(Buffer.from(encoded.data ?? []).includes('plain-marker-123')).toBe(false);
    expect(Buffer.from(encoded.data ?? []).includes('json/plain')).toBe(false);
  });

  it('uses a fresh IV for every payload, so equal payloads encrypt differently', async () => {
    const payload = toPayload('same');
    const encoded = await codecA.encode([payload, payload, payload]);
    const ivs = encoded.map((p) =>
      Buffer.from(p.data ?? [])
        .subarray(0, 12)
        .toString('hex'),
    );
    expect(new Set(ivs).size).toBe(3);
  });

  it('passes payloads of other encodings through unchanged on decode', async () => {
    const plain = [toPayload({ not: 'encrypted' }), toPayload(undefined), { data: Buffer.from('x') }];
    const decoded = await codecA.decode(plain);
    decoded.forEach((payload, index) => expect(payload).toBe(plain[index]));
  });

  it('encodes and decodes an empty list', async () => {
    expect(await codecA.encode([])).toEqual([]);
    expect(await codecA.decode([])).toEqual([]);
  });

  it('decodes a payload written under a key that rotation moved out of the active position', async () => {
    const before = new AesGcmPayloadCodec(CodecKeyRing.create([{ id: 'k-old', key: keyA }]));
    const written = await before.encode([toPayload({ order: 'old' })]);
    const rotated = new AesGcmPayloadCodec(
      CodecKeyRing.create([
        { id: 'k-old', key: keyA, createdAt: new Date('2026-01-01T00:00:00Z') },
        { id: 'k-new', key: keyB, createdAt: new Date('2026-06-01T00:00:00Z') },
      ]),
    );
    expect(rotated.activeKeyId).toBe('k-new');
    const [decoded] = await rotated.decode(written);
    expect(defaultPayloadConverter.fromPayload(decoded as Payload)).toEqual({ order: 'old' });
    const [fresh] = await rotated.encode([toPayload('new')]);
    expect(text(fresh?.metadata?.[ENCRYPTION_KEY_ID_METADATA])).toBe('k-new');
  });

  it('fails with an unknown-key error naming the key id, never the key, for a key the ring does not hold', async () => {
    const written = await codecA.encode([toPayload('x')]);
    const other = new AesGcmPayloadCodec(CodecKeyRing.create([{ id: 'k-b', key: keyB }]));
    const error = await other.decode(written).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect(error).toMatchObject({ reason: 'unknown-key', keyId: 'k-a' });
    expect((error as Error).message).toContain('"k-a"');
    expect((error as Error).message).toContain('k-b');
    expectNoKeyMaterial(String((error as Error).message) + inspect(error), [keyA, keyB]);
  });

  it.each([
    ['the ciphertext', (data: Buffer) => (data[20] ^= 0x01)],
    ['the tag', (data: Buffer) => (data[data.length - 1] ^= 0x80)],
    ['the IV', (data: Buffer) => (data[0] ^= 0x01)],
  ])('fails authentication when %s is tampered with', async (_part, tamper) => {
    const [encoded] = (await codecA.encode([toPayload({ amount: 100 })])) as [Payload];
    const data = Buffer.from(encoded.data ?? []);
    tamper(data);
    const error = await codecA.decode([{ ...encoded, data }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect(error).toMatchObject({ reason: 'authentication-failed', keyId: 'k-a' });
    expect((error as Error).message).toMatch(/key "k-a": authentication failed/);
  });

  it('fails authentication when the key id is relabelled, even to an id holding the same key', async () => {
    const twins = new AesGcmPayloadCodec(
      CodecKeyRing.create(
        [
          { id: 'k-twin-1', key: keyA },
          { id: 'k-twin-2', key: keyA },
          { id: 'k-other', key: keyB },
        ],
        { activeKeyId: 'k-twin-1' },
      ),
    );
    const [encoded] = (await twins.encode([toPayload('labelled')])) as [Payload];
    for (const label of ['k-twin-2', 'k-other']) {
      const relabelled = {
        ...encoded,
        metadata: { ...encoded.metadata, [ENCRYPTION_KEY_ID_METADATA]: Buffer.from(label) },
      };
      const error = await twins.decode([relabelled]).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'PayloadDecryptionError', reason: 'authentication-failed', keyId: label });
    }
    expect(defaultPayloadConverter.fromPayload((await twins.decode([encoded]))[0] as Payload)).toBe('labelled');
  });

  it('refuses encrypted payloads it never writes: no key id, data shorter than IV + tag, another cipher', async () => {
    const [encoded] = (await codecA.encode([toPayload('x')])) as [Payload];
    const noKeyId = { ...encoded, metadata: { encoding: Buffer.from(ENCRYPTED_PAYLOAD_ENCODING) } };
    const short = { ...encoded, data: Buffer.alloc(27) };
    const otherCipher = {
      ...encoded,
      metadata: { ...encoded.metadata, [ENCRYPTION_CIPHER_METADATA]: Buffer.from('ChaCha20-Poly1305') },
    };
    await expect(codecA.decode([noKeyId])).rejects.toMatchObject({ reason: 'malformed', keyId: null });
    await expect(codecA.decode([short])).rejects.toMatchObject({ reason: 'malformed', keyId: 'k-a' });
    await expect(codecA.decode([otherCipher])).rejects.toMatchObject({ reason: 'unsupported-cipher', keyId: 'k-a' });
  });

  it('shows no key in JSON.stringify, util.inspect or string conversion of the codec and its ring', () => {
    const ring = CodecKeyRing.create([
      { id: 'k-a', key: keyA },
      { id: 'k-b', key: keyB },
    ]);
    const codec = new AesGcmPayloadCodec(ring);
    const shown = [
      JSON.stringify(codec),
      JSON.stringify(ring),
      JSON.stringify({ codec, ring }),
      inspect(codec, { depth: 10, showHidden: true }),
      inspect(ring, { depth: 10, showHidden: true }),
      inspect({ nested: { codec, ring } }, { depth: 10 }),
      String(codec),
      `${ring}`,
      Object.keys(ring).join(),
      Object.getOwnPropertyNames(ring).join(),
      Object.getOwnPropertyNames(codec).join(),
    ].join('\n');
    expectNoKeyMaterial(shown, [keyA, keyB]);
    expect(JSON.parse(JSON.stringify(ring))).toEqual({
      activeKeyId: 'k-b',
      keys: [
        { id: 'k-a', createdAt: null, active: false },
        { id: 'k-b', createdAt: null, active: true },
      ],
    });
    expect(inspect(codec)).toBe('AesGcmPayloadCodec(CodecKeyRing(active k-b; keys k-a, k-b))');
  });
});

function expectNoKeyMaterial(shown: string, keys: Buffer[]): void {
  for (const key of keys) {
    for (const form of [key.toString('base64'), key.toString('base64url'), key.toString('hex')]) {
      expect(shown).not.toContain(form);
    }
    // util.inspect of a Buffer prints hex bytes separated by spaces.
    expect(shown).not.toContain(key.subarray(0, 8).toString('hex').replace(/(..)/g, '$1 ').trim());
  }
}
