// The credential sources of the 3.0 client, each one of the SDK's own providers (tencentcloud-sdk-nodejs-
// common): static keys, the TENCENTCLOUD_* variables, the profile file, the CVM instance role, the OIDC role
// of a TKE pod, and the chain of all four. Each is wrapped in a RefreshingCredential, so that temporary
// credentials are renewed 5 minutes before they expire. Credentials stay in here: nothing prints them.
import { inspect } from 'node:util';
import {
  CvmRoleCredential,
  EnvironmentVariableCredential,
  OIDCRoleArnCredential,
  ProfileCredential,
  type CredentialResult,
} from 'tencentcloud-sdk-nodejs-common';
import {
  RefreshingCredential,
  type FetchedCredential,
  type RefreshPolicy,
  type SdkCredential,
} from './refreshing-credential';

/** A secret as plain text or as an object that reveals it on demand (libs/config's `Secret`). */
export type SecretText = string | { reveal(): string };

export const TENCENT_CREDENTIAL_SOURCES = ['static', 'env', 'profile', 'cvm-role', 'oidc', 'chain'] as const;
export type TencentCredentialSourceKind = (typeof TENCENT_CREDENTIAL_SOURCES)[number];

export type TencentCredentialSource =
  /** Keys the caller holds (the configuration's TENCENTCLOUD_SECRET_ID/_KEY/_SESSION_TOKEN, the demo keys). */
  | { kind: 'static'; secretId: string; secretKey: SecretText; token?: SecretText | null }
  /** EnvironmentVariableCredential: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SESSION_TOKEN. */
  | { kind: 'env' }
  /** ProfileCredential: `[default]` of ~/.tencentcloud/credentials, else /etc/tencentcloud/credentials. */
  | { kind: 'profile' }
  /** CvmRoleCredential: the role bound to this CVM, from the metadata service. */
  | { kind: 'cvm-role' }
  /** OIDCRoleArnCredential: a TKE pod's role (TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN). */
  | { kind: 'oidc' }
  /** env, then profile, then cvm-role, then oidc: the order of the SDK's DefaultCredentialProvider. */
  | { kind: 'chain' };

/** Why no credential could be had; `retryable` when a service (metadata, STS) failed rather than the setup. */
export class CredentialUnavailableError extends Error {
  constructor(
    readonly source: TencentCredentialSourceKind,
    message: string,
    readonly retryable: boolean,
  ) {
    super(`no Tencent Cloud credentials from source ${source}: ${message}`);
    this.name = 'CredentialUnavailableError';
  }
}

function reveal(secret: SecretText | null | undefined): string | undefined {
  if (secret === null || secret === undefined) return undefined;
  return typeof secret === 'string' ? secret : secret.reveal();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Epoch ms of a temporary credential's expiry: `ExpiredTime` (unix seconds), else `Expiration` (ISO). */
function expiryOf(result: Pick<CredentialResult, 'ExpiredTime' | 'Expiration'>): number | null {
  const seconds = Number(result.ExpiredTime);
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  const parsed = typeof result.Expiration === 'string' ? Date.parse(result.Expiration) : Number.NaN;
  return Number.isNaN(parsed) ? null : parsed;
}

function temporaryOf(result: CredentialResult): FetchedCredential {
  return {
    secretId: result.TmpSecretId,
    secretKey: result.TmpSecretKey,
    ...(result.Token ? { token: result.Token } : {}),
    expiresAtMs: expiryOf(result),
  };
}

/**
 * The SDK's CvmRoleCredential, read through its typed protected fetches: its public getCredential() hides
 * ExpiredTime, renews only 30 s before expiry and keeps a failed metadata lookup forever. A subclass is the
 * one way to learn the expiry from the SDK itself; the protected members are typed in the SDK's .d.ts, so
 * an upgrade that renames or reshapes them breaks the build rather than the credentials.
 */
class CvmRoleSource extends CvmRoleCredential {
  async fetchWithExpiry(): Promise<FetchedCredential> {
    const roleName = (await this.getRoleName()).trim();
    return temporaryOf(await this.getRoleCredential(roleName));
  }
}

/** What the SDK's OIDC provider reads in a TKE pod (its initFromTke); all four are set by TKE's pod identity. */
const TKE_VARIABLES = ['TKE_REGION', 'TKE_PROVIDER_ID', 'TKE_WEB_IDENTITY_TOKEN_FILE', 'TKE_ROLE_ARN'] as const;

/** The SDK's OIDCRoleArnCredential (TKE mode), read the same way: its own buffer is 600 ms, not 600 s. */
class OidcRoleSource extends OIDCRoleArnCredential {
  async fetchWithExpiry(): Promise<FetchedCredential> {
    // Not a pod with a role: a setup problem that no retry fixes, unlike an STS failure.
    const missing = TKE_VARIABLES.filter((name) => !process.env[name]);
    if (missing.length > 0) {
      throw new CredentialUnavailableError('oidc', `${missing.join(', ')} not set (no TKE pod role here)`, false);
    }
    return temporaryOf(await this.getCredentialWithStsAssumeRoleWithWebIdentity());
  }
}

/** A long-term key from a provider that answers empty strings when it has none (env, profile). */
async function longTermFrom(
  provider: EnvironmentVariableCredential | ProfileCredential,
  source: TencentCredentialSourceKind,
  missing: string,
): Promise<FetchedCredential> {
  const credential = await provider.getCredential();
  if (!credential.secretId || !credential.secretKey) throw new CredentialUnavailableError(source, missing, false);
  return {
    secretId: credential.secretId,
    secretKey: credential.secretKey,
    ...(credential.token ? { token: credential.token } : {}),
    expiresAtMs: null,
  };
}

async function temporaryFrom(
  provider: CvmRoleSource | OidcRoleSource,
  source: TencentCredentialSourceKind,
): Promise<FetchedCredential> {
  let fetched: FetchedCredential;
  try {
    fetched = await provider.fetchWithExpiry();
  } catch (error) {
    if (error instanceof CredentialUnavailableError) throw error;
    throw new CredentialUnavailableError(source, messageOf(error), true);
  }
  if (!fetched.secretId || !fetched.secretKey) {
    throw new CredentialUnavailableError(source, 'the service answered without a key', true);
  }
  return fetched;
}

const MISSING_ENV = 'TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not both set';
const MISSING_PROFILE =
  'no [default] secret_id and secret_key in ~/.tencentcloud/credentials or /etc/tencentcloud/credentials';

interface SourcePlan {
  providers: object[];
  fetch: () => Promise<FetchedCredential>;
}

function planOf(source: TencentCredentialSource): SourcePlan {
  switch (source.kind) {
    case 'static': {
      const { secretId, secretKey, token } = source;
      return {
        providers: [],
        fetch: async () => {
          const key = reveal(secretKey);
          if (!secretId || !key) throw new CredentialUnavailableError('static', 'the secret id or key is empty', false);
          const sessionToken = reveal(token);
          return { secretId, secretKey: key, ...(sessionToken ? { token: sessionToken } : {}), expiresAtMs: null };
        },
      };
    }
    case 'env': {
      const provider = new EnvironmentVariableCredential();
      return { providers: [provider], fetch: () => longTermFrom(provider, 'env', MISSING_ENV) };
    }
    case 'profile': {
      const provider = new ProfileCredential();
      return { providers: [provider], fetch: () => longTermFrom(provider, 'profile', MISSING_PROFILE) };
    }
    case 'cvm-role': {
      const provider = new CvmRoleSource();
      return { providers: [provider], fetch: () => temporaryFrom(provider, 'cvm-role') };
    }
    case 'oidc': {
      const provider = new OidcRoleSource();
      return { providers: [provider], fetch: () => temporaryFrom(provider, 'oidc') };
    }
    case 'chain':
      return chainPlan();
  }
}

/**
 * The SDK's DefaultCredentialProvider order, over the same SDK providers. Not DefaultCredentialProvider
 * itself: it hides which provider answered and when that credential expires, logs every failing provider
 * with console.error, and keeps the CVM provider's failed lookups forever.
 */
function chainPlan(): SourcePlan {
  const env = new EnvironmentVariableCredential();
  const profile = new ProfileCredential();
  const cvm = new CvmRoleSource();
  const oidc = new OidcRoleSource();
  const steps: Array<[TencentCredentialSourceKind, () => Promise<FetchedCredential>]> = [
    ['env', () => longTermFrom(env, 'env', MISSING_ENV)],
    ['profile', () => longTermFrom(profile, 'profile', MISSING_PROFILE)],
    ['cvm-role', () => temporaryFrom(cvm, 'cvm-role')],
    ['oidc', () => temporaryFrom(oidc, 'oidc')],
  ];
  return {
    providers: [env, profile, cvm, oidc],
    fetch: async () => {
      const reasons: string[] = [];
      for (const [name, step] of steps) {
        try {
          return await step();
        } catch (error) {
          const reason = error instanceof CredentialUnavailableError ? error.message : messageOf(error);
          reasons.push(`${name}: ${reason.replace(/^no Tencent Cloud credentials from source [\w-]+: /, '')}`);
        }
      }
      // Nothing anywhere is a setup problem: retrying would only delay the message.
      throw new CredentialUnavailableError('chain', reasons.join('; '), false);
    },
  };
}

export type TencentCredentialOptions = RefreshPolicy;

/** A credential for the 3.0 client: the SDK's DynamicCredential shape, refreshed early, never printed. */
export class TencentCredential {
  readonly source: TencentCredentialSourceKind;
  /** The SDK provider objects behind it (none for static keys); they hold no credential themselves. */
  readonly sdkProviders: readonly object[];
  readonly #cache: RefreshingCredential;

  constructor(source: TencentCredentialSource, options: TencentCredentialOptions = {}) {
    this.source = source.kind;
    const plan = planOf(source);
    this.sdkProviders = plan.providers;
    this.#cache = new RefreshingCredential(plan.fetch, options);
  }

  /** What the SDK signs with; throws CredentialUnavailableError when the source has nothing. */
  getCredential(): Promise<SdkCredential> {
    return this.#cache.getCredential();
  }

  toJSON(): { source: TencentCredentialSourceKind } {
    return { source: this.source };
  }

  toString(): string {
    return `TencentCredential(${this.source})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** The credential of a source: `tencentCredentialOf({ kind: 'chain' })`, `{ kind: 'static', secretId, secretKey }`. */
export function tencentCredentialOf(
  source: TencentCredentialSource,
  options: TencentCredentialOptions = {},
): TencentCredential {
  return new TencentCredential(source, options);
}
