// The early refresh of temporary credentials, with a stand-in source whose expiry the test controls.
import { describe, expect, it } from 'vitest';
import { RefreshingCredential, type FetchedCredential } from './refreshing-credential';

const MINUTE = 60_000;

/** A source that hands out credential n (id `tmp-n`) valid for `lifetimeMs`, counting its fetches. */
function standIn(clock: { now: number }, lifetimeMs: number | null) {
  const source = {
    fetches: 0,
    failNext: 0,
    pending: [] as Array<() => void>,
    holdFetches: false,
    async fetch(): Promise<FetchedCredential> {
      source.fetches += 1;
      const n = source.fetches;
      if (source.holdFetches) await new Promise<void>((resolve) => source.pending.push(resolve));
      if (source.failNext > 0) {
        source.failNext -= 1;
        throw new Error('metadata service unreachable');
      }
      return {
        secretId: `tmp-${n}`,
        secretKey: `key-${n}`,
        token: `token-${n}`,
        expiresAtMs: lifetimeMs === null ? null : clock.now + lifetimeMs,
      };
    },
  };
  return source;
}

describe('RefreshingCredential', () => {
  it('serves the cached credential until 5 minutes before it expires, then fetches a new one', async () => {
    const clock = { now: 1_000_000 };
    const source = standIn(clock, 60 * MINUTE);
    const credential = new RefreshingCredential(() => source.fetch(), { now: () => clock.now });

    expect(await credential.getCredential()).toEqual({ secretId: 'tmp-1', secretKey: 'key-1', token: 'token-1' });
    clock.now += 54 * MINUTE; // 6 minutes left
    expect((await credential.getCredential()).secretId).toBe('tmp-1');
    expect(source.fetches).toBe(1);
    clock.now += 2 * MINUTE; // 4 minutes left: refreshed while still valid
    expect((await credential.getCredential()).secretId).toBe('tmp-2');
    expect(source.fetches).toBe(2);
  });

  it('fetches once however many calls need a credential at the same time', async () => {
    const clock = { now: 0 };
    const source = standIn(clock, 60 * MINUTE);
    source.holdFetches = true;
    const credential = new RefreshingCredential(() => source.fetch(), { now: () => clock.now });
    const waiting = Array.from({ length: 10 }, () => credential.getCredential());
    await Promise.resolve();
    expect(source.fetches).toBe(1);
    for (const release of source.pending.splice(0)) release();
    const answers = await Promise.all(waiting);
    expect(new Set(answers.map((answer) => answer.secretId))).toEqual(new Set(['tmp-1']));
  });

  it('keeps using a still-valid credential while a refresh fails, and retries the refresh after a pause', async () => {
    const clock = { now: 0 };
    const source = standIn(clock, 60 * MINUTE);
    const credential = new RefreshingCredential(() => source.fetch(), { now: () => clock.now });
    await credential.getCredential();
    clock.now += 56 * MINUTE;
    source.failNext = 1;
    expect((await credential.getCredential()).secretId).toBe('tmp-1');
    expect(source.fetches).toBe(2);
    clock.now += 5_000; // within the pause: no new attempt
    expect((await credential.getCredential()).secretId).toBe('tmp-1');
    expect(source.fetches).toBe(2);
    clock.now += 10_000;
    expect((await credential.getCredential()).secretId).toBe('tmp-3');
  });

  it('fails once the credential is about to expire and no new one can be had', async () => {
    const clock = { now: 0 };
    const source = standIn(clock, 60 * MINUTE);
    const credential = new RefreshingCredential(() => source.fetch(), { now: () => clock.now });
    await credential.getCredential();
    clock.now += 59.5 * MINUTE; // 30 s left: inside the 60 s margin
    source.failNext = 1;
    await expect(credential.getCredential()).rejects.toThrow('metadata service unreachable');
  });

  it('refreshes a short-lived credential at half its life', async () => {
    const clock = { now: 0 };
    const source = standIn(clock, 6 * MINUTE);
    const credential = new RefreshingCredential(() => source.fetch(), { now: () => clock.now });
    await credential.getCredential();
    clock.now += 2.9 * MINUTE;
    expect((await credential.getCredential()).secretId).toBe('tmp-1');
    clock.now += 0.2 * MINUTE;
    expect((await credential.getCredential()).secretId).toBe('tmp-2');
  });

  it('re-reads a long-term key every minute, so that a rotated one is picked up', async () => {
    const clock = { now: 0 };
    const source = standIn(clock, null);
    const credential = new RefreshingCredential(() => source.fetch(), { now: () => clock.now });
    await credential.getCredential();
    clock.now += 59_000;
    expect((await credential.getCredential()).secretId).toBe('tmp-1');
    clock.now += 2_000;
    expect((await credential.getCredential()).secretId).toBe('tmp-2');
  });

  it('passes the first failure on when it has nothing to fall back to', async () => {
    const clock = { now: 0 };
    const source = standIn(clock, 60 * MINUTE);
    source.failNext = 1;
    const credential = new RefreshingCredential(() => source.fetch(), { now: () => clock.now });
    await expect(credential.getCredential()).rejects.toThrow('metadata service unreachable');
    expect((await credential.getCredential()).secretId).toBe('tmp-2');
  });
});
