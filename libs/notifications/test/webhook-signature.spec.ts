// The signature header: vectors computed outside this library, and every way verification must refuse.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildTestEvent,
  createMemoryReplayStore,
  parseSignatureHeader,
  signWebhook,
  verifyWebhook,
  WebhookSecret,
} from '../src';

const SECRET = 'whsec_test_0123456789abcdef';
const NEXT_SECRET = 'whsec_next_fedcba9876543210';
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const BODY = '{"id":"evt_1","type":"test"}';
// Checked with `printf '%s' '1767225600.{"id":"evt_1","type":"test"}' | openssl dgst -sha256 -hmac <secret>`.
const LITERAL_V1 = '1e5fb44597280d38153d8b59ec38247526566d385681fa81b90d698a92444d31';
const LITERAL_NEXT_V1 = 'aa4ec93c587154fa06531981bb91938345d9d9a20ccc6a263ab25b7b80c94e2b';

const at = (seconds: number): Date => new Date(seconds * 1000);

/** A signed, well-formed event body and its header. */
function signedEvent(timestamp = T, secret: string = SECRET): { body: string; header: string; id: string } {
  const event = buildTestEvent({ endpointName: 'ops', now: at(timestamp) });
  const body = JSON.stringify(event);
  return { body, header: signWebhook({ secret, timestamp, body }), id: event.id };
}

describe('signWebhook', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 as t=<seconds>,v1=<hex>', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(expected).toBe(LITERAL_V1);
    expect(signWebhook({ secret: SECRET, timestamp: T, body: BODY })).toBe(`t=${T},v1=${LITERAL_V1}`);
  });

  it('signs the same bytes whether the body is a string or a buffer, and a WebhookSecret like its value', () => {
    const header = signWebhook({ secret: new WebhookSecret(SECRET), timestamp: T, body: Buffer.from(BODY) });
    expect(header).toBe(`t=${T},v1=${LITERAL_V1}`);
  });

  it('carries one v1 per active secret during a rotation', () => {
    expect(signWebhook({ secrets: [SECRET, NEXT_SECRET], timestamp: T, body: BODY })).toBe(
      `t=${T},v1=${LITERAL_V1},v1=${LITERAL_NEXT_V1}`,
    );
  });

  it('refuses a timestamp in milliseconds, a fraction and no secret', () => {
    expect(() => signWebhook({ secret: SECRET, timestamp: T * 1000, body: BODY })).toThrow(/milliseconds/);
    expect(() => signWebhook({ secret: SECRET, timestamp: T + 0.5, body: BODY })).toThrow(RangeError);
    expect(() => signWebhook({ secrets: [], timestamp: T, body: BODY })).toThrow(/at least one secret/);
  });
});

describe('parseSignatureHeader', () => {
  it('reads t and every v1, skipping schemes it does not know', () => {
    const parsed = parseSignatureHeader(`t=${T}, v0=abc, v1=${LITERAL_V1},v1=${LITERAL_NEXT_V1}`);
    expect(parsed?.timestamp).toBe(T);
    expect(parsed?.signatures.map((s) => s.toString('hex'))).toEqual([LITERAL_V1, LITERAL_NEXT_V1]);
  });

  it.each([
    ['no timestamp', `v1=${LITERAL_V1}`],
    ['no signature', `t=${T}`],
    ['two timestamps', `t=${T},t=${T},v1=${LITERAL_V1}`],
    ['a short digest', `t=${T},v1=${LITERAL_V1.slice(2)}`],
    ['a non-hex digest', `t=${T},v1=${'z'.repeat(64)}`],
    ['a timestamp that is not digits', `t=-5,v1=${LITERAL_V1}`],
    ['an element without =', `t=${T},v1`],
  ])('gives null for %s', (_what, header) => {
    expect(parseSignatureHeader(header)).toBeNull();
  });
});

describe('verifyWebhook', () => {
  it('accepts an authentic, fresh delivery and returns its event', async () => {
    const { body, header, id } = signedEvent();
    const result = await verifyWebhook({ secret: SECRET, header, body, now: at(T + 10) });
    expect(result).toMatchObject({ ok: true, timestamp: T, event: { id, type: 'test' } });
  });

  it('refuses a tampered body', async () => {
    const { body, header } = signedEvent();
    const tampered = body.replace('"ops"', '"dev"');
    expect(tampered).not.toBe(body);
    const result = await verifyWebhook({ secret: SECRET, header, body: tampered, now: at(T) });
    expect(result).toMatchObject({ ok: false, failure: 'signature-mismatch' });
  });

  it('refuses a tampered timestamp, even one moved back into the tolerance', async () => {
    const { body, header } = signedEvent(T - 3600);
    const moved = header.replace(`t=${T - 3600}`, `t=${T}`);
    const result = await verifyWebhook({ secret: SECRET, header: moved, body, now: at(T) });
    expect(result).toMatchObject({ ok: false, failure: 'signature-mismatch' });
  });

  it('refuses a delivery signed with another secret', async () => {
    const { body, header } = signedEvent(T, 'whsec_someone_else_entirely');
    const result = await verifyWebhook({ secret: SECRET, header, body, now: at(T) });
    expect(result).toMatchObject({ ok: false, failure: 'signature-mismatch' });
  });

  it('refuses a missing or malformed header', async () => {
    const { body } = signedEvent();
    expect(await verifyWebhook({ secret: SECRET, header: undefined, body })).toMatchObject({
      failure: 'missing-signature',
    });
    expect(await verifyWebhook({ secret: SECRET, header: 'sha256=abc', body })).toMatchObject({
      failure: 'malformed-signature',
    });
  });

  it('accepts up to the tolerance either side of its clock and refuses beyond it', async () => {
    const { body, header } = signedEvent();
    const verdict = async (now: number, toleranceSeconds?: number): Promise<boolean> =>
      (await verifyWebhook({ secret: SECRET, header, body, now: at(now), toleranceSeconds })).ok;
    expect(await verdict(T + 300)).toBe(true);
    expect(await verdict(T - 300)).toBe(true);
    expect(await verdict(T + 301)).toBe(false);
    expect(await verdict(T - 301)).toBe(false);
    expect(await verdict(T + 30, 20)).toBe(false);
    const late = await verifyWebhook({ secret: SECRET, header, body, now: at(T + 301) });
    expect(late).toMatchObject({ ok: false, failure: 'timestamp-outside-tolerance' });
  });

  it('refuses the second delivery of one event with a replay store, also when it is signed anew', async () => {
    const replayStore = createMemoryReplayStore({ now: () => T * 1000 });
    const { body, header } = signedEvent();
    expect((await verifyWebhook({ secret: SECRET, header, body, now: at(T), replayStore })).ok).toBe(true);
    const replay = await verifyWebhook({ secret: SECRET, header, body, now: at(T + 1), replayStore });
    expect(replay).toMatchObject({ ok: false, failure: 'replayed' });
    const resigned = signWebhook({ secret: SECRET, timestamp: T + 60, body });
    const redelivery = await verifyWebhook({ secret: SECRET, header: resigned, body, now: at(T + 60), replayStore });
    expect(redelivery).toMatchObject({ ok: false, failure: 'replayed' });
  });

  it('does not let a forged delivery use up the id of a real event', async () => {
    const replayStore = createMemoryReplayStore();
    const { body, header } = signedEvent();
    const forged = signWebhook({ secret: 'whsec_forger_0000000000', timestamp: T, body });
    expect((await verifyWebhook({ secret: SECRET, header: forged, body, now: at(T), replayStore })).ok).toBe(false);
    expect((await verifyWebhook({ secret: SECRET, header, body, now: at(T), replayStore })).ok).toBe(true);
  });

  it('during a rotation accepts either secret, and a header signed with both', async () => {
    const body = JSON.stringify(buildTestEvent({ endpointName: 'ops', now: at(T) }));
    const secrets = [SECRET, NEXT_SECRET];
    for (const signing of [[SECRET], [NEXT_SECRET], [SECRET, NEXT_SECRET]]) {
      const header = signWebhook({ secrets: signing, timestamp: T, body });
      expect((await verifyWebhook({ secrets, header, body, now: at(T) })).ok).toBe(true);
    }
    const onlyOld = signWebhook({ secret: SECRET, timestamp: T, body });
    expect((await verifyWebhook({ secret: NEXT_SECRET, header: onlyOld, body, now: at(T) })).ok).toBe(false);
  });

  it('refuses an authentic body that is not an event', async () => {
    const body = '{"hello":"world"}';
    const header = signWebhook({ secret: SECRET, timestamp: T, body });
    expect(await verifyWebhook({ secret: SECRET, header, body, now: at(T) })).toMatchObject({
      ok: false,
      failure: 'malformed-event',
    });
  });
});

describe('createMemoryReplayStore', () => {
  it('forgets ids after their ttl, and the oldest beyond its size', () => {
    let now = 0;
    const store = createMemoryReplayStore({ ttlSeconds: 10, maxEntries: 2, now: () => now });
    expect(store.seen('a')).toBe(false);
    expect(store.seen('a')).toBe(true);
    now = 11_000;
    expect(store.seen('a')).toBe(false);
    expect(store.seen('b')).toBe(false);
    expect(store.seen('c')).toBe(false);
    expect(store.seen('a')).toBe(false); // forgotten: only the two newest ids (b, c) were kept
    expect(store.seen('c')).toBe(true);
  });

  it('takes an id again once it is forgotten', () => {
    const store = createMemoryReplayStore();
    store.seen('a');
    store.forget('a');
    expect(store.seen('a')).toBe(false);
  });
});
