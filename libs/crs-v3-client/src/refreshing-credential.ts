// A credential cache that refreshes temporary credentials BEFORE they expire (when less than 5 minutes are
// left), one fetch at a time however many calls wait, and keeps using a still-valid credential while a
// refresh fails. The SDK's own providers refresh only 30 s (CVM role) or 0.6 s (OIDC) before expiry and
// keep a failed fetch forever; this is what the 3.0 client signs with instead.

/** What a source hands over: the credential and, for a temporary one, when it expires. */
export interface FetchedCredential {
  secretId: string;
  secretKey: string;
  token?: string;
  /** Epoch ms; null for a long-term key (it is re-read now and then, in case it was rotated). */
  expiresAtMs: number | null;
}

/** The SDK's credential shape: what its signer reads. */
export interface SdkCredential {
  secretId: string;
  secretKey: string;
  token?: string;
}

export interface RefreshPolicy {
  /** Refresh a temporary credential when less than this is left; default 5 minutes. */
  refreshBeforeMs?: number;
  /** Never sign with a credential that expires within this; default 60 s (longer than a call takes). */
  expiryMarginMs?: number;
  /** Re-read a long-term credential this often (a rotated key file or variable is picked up); default 60 s. */
  rereadMs?: number;
  /** After a failed refresh, keep using the current credential this long before trying again; default 10 s. */
  retryAfterFailureMs?: number;
  now?: () => number;
}

export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;
const DEFAULT_EXPIRY_MARGIN_MS = 60_000;
const DEFAULT_REREAD_MS = 60_000;
const DEFAULT_RETRY_AFTER_FAILURE_MS = 10_000;

interface Held {
  credential: SdkCredential;
  /** From here on the next call refreshes first. */
  refreshAtMs: number;
  /** Until here the credential may still be used when a refresh fails. */
  usableUntilMs: number;
}

export class RefreshingCredential {
  readonly #fetch: () => Promise<FetchedCredential>;
  readonly #refreshBeforeMs: number;
  readonly #expiryMarginMs: number;
  readonly #rereadMs: number;
  readonly #retryAfterFailureMs: number;
  readonly #now: () => number;
  #held: Held | null = null;
  #inFlight: Promise<Held> | null = null;
  #lastFailureAtMs: number | null = null;

  constructor(fetch: () => Promise<FetchedCredential>, policy: RefreshPolicy = {}) {
    this.#fetch = fetch;
    this.#refreshBeforeMs = policy.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
    this.#expiryMarginMs = policy.expiryMarginMs ?? DEFAULT_EXPIRY_MARGIN_MS;
    this.#rereadMs = policy.rereadMs ?? DEFAULT_REREAD_MS;
    this.#retryAfterFailureMs = policy.retryAfterFailureMs ?? DEFAULT_RETRY_AFTER_FAILURE_MS;
    this.#now = policy.now ?? Date.now;
  }

  async getCredential(): Promise<SdkCredential> {
    const held = this.#held;
    const now = this.#now();
    if (held && now < held.refreshAtMs) return held.credential;
    const failedRecently = this.#lastFailureAtMs !== null && now - this.#lastFailureAtMs < this.#retryAfterFailureMs;
    if (held && now < held.usableUntilMs && failedRecently) return held.credential;
    try {
      return (await this.#refresh()).credential;
    } catch (error) {
      // A refresh that fails while the credential still has time left is not yet a failed call.
      if (held && this.#now() < held.usableUntilMs) return held.credential;
      throw error;
    }
  }

  /** One fetch for every caller that needs one now (single flight). */
  #refresh(): Promise<Held> {
    this.#inFlight ??= this.#fetch()
      .then((fetched) => {
        const held = this.#hold(fetched);
        this.#held = held;
        this.#lastFailureAtMs = null;
        return held;
      })
      .catch((error: unknown) => {
        this.#lastFailureAtMs = this.#now();
        throw error;
      })
      .finally(() => {
        this.#inFlight = null;
      });
    return this.#inFlight;
  }

  #hold(fetched: FetchedCredential): Held {
    const now = this.#now();
    const credential: SdkCredential = { secretId: fetched.secretId, secretKey: fetched.secretKey };
    if (fetched.token) credential.token = fetched.token;
    if (fetched.expiresAtMs === null) {
      return { credential, refreshAtMs: now + this.#rereadMs, usableUntilMs: Number.POSITIVE_INFINITY };
    }
    const lifetime = fetched.expiresAtMs - now;
    // A credential that lives less than twice the lead time is refreshed at half its life instead.
    const lead = Math.min(this.#refreshBeforeMs, Math.max(0, lifetime / 2));
    return {
      credential,
      refreshAtMs: fetched.expiresAtMs - lead,
      usableUntilMs: fetched.expiresAtMs - this.#expiryMarginMs,
    };
  }
}
