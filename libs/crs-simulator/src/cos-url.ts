// COS-like presigned URLs for 3.0's files (crs-v3-api.md §1.5):
// `<base>/<appid>/redis/<instance>/data/<date>/-<file>?sign=<q-sign-algorithm=sha1&q-ak=…&q-sign-time=<t0>;<t1>&…&q-signature=…>`,
// the `sign` value URL-encoded as in Tencent's example. The signature (HMAC-SHA1 with the simulator's key,
// kept in the state file) covers the object path, the time window and which network the URL is for, so a
// URL needs no storage and survives a restart.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** public: the DownloadUrl; intranet: the InnerDownloadUrl; denied: a public URL the download restriction forbids. */
export type CosScope = 'public' | 'intranet' | 'denied';

export interface CosGrant {
  path: string;
  scope: CosScope;
  /** Unix seconds (simulated clock): the q-sign-time window. */
  start: number;
  end: number;
}

export type CosSignatureCheck =
  { ok: true; grant: CosGrant } | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch'; message: string };

const ACCESS_KEY_ID = 'AKIDcrssimulatorcos0000000000000000';
const SCOPE_PARAM = 'q-ext-scope';

export class CosUrlSigner {
  constructor(private readonly key: Buffer) {}

  url(base: string, grant: CosGrant): string {
    const time = `${grant.start};${grant.end}`;
    const sign = [
      'q-sign-algorithm=sha1',
      `q-ak=${ACCESS_KEY_ID}`,
      `q-sign-time=${time}`,
      `q-key-time=${time}`,
      'q-header-list=host',
      'q-url-param-list=',
      `q-signature=${this.signature(grant)}`,
    ].join('&');
    const scope = grant.scope === 'public' ? '' : `&${SCOPE_PARAM}=${grant.scope}`;
    return `${base}${grant.path}?sign=${encodeURIComponent(sign)}${scope}`;
  }

  /** Checks a request's signature; the time window is the caller's to check against its clock. */
  check(path: string, query: URLSearchParams): CosSignatureCheck {
    const sign = query.get('sign');
    if (sign === null) return { ok: false, code: 'AccessDenied', message: 'Access Denied.' };
    const fields = new URLSearchParams(sign);
    const window = /^(\d+);(\d+)$/.exec(fields.get('q-sign-time') ?? '');
    const signature = fields.get('q-signature') ?? '';
    const scopeParam = query.get(SCOPE_PARAM) ?? 'public';
    if (!window || !['public', 'intranet', 'denied'].includes(scopeParam))
      return { ok: false, code: 'AccessDenied', message: 'Request has invalid sign' };
    const grant: CosGrant = {
      path,
      scope: scopeParam as CosScope,
      start: Number(window[1]),
      end: Number(window[2]),
    };
    const expected = Buffer.from(this.signature(grant));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return {
        ok: false,
        code: 'SignatureDoesNotMatch',
        message: 'The Signature you specified does not match what we calculated.',
      };
    return { ok: true, grant };
  }

  private signature(grant: CosGrant): string {
    return createHmac('sha1', this.key)
      .update(`${grant.scope}\n${grant.path}\n${grant.start};${grant.end}`)
      .digest('hex');
  }
}
