// Hand-picked bad requests beside the generated ones: malformed and huge bodies, wrong media types and
// types, unknown fields, prototype keys, unicode and injection strings in ids, bad query values and keys.
import type { RawRequest } from './export-api';
import { encodeComponent, HOSTILE_STRINGS } from './openapi-fuzzer';

export interface BadInputCase {
  label: string;
  request: RawRequest;
  /** The statuses a correct API may answer. */
  expected: number[];
}

const VALID_BODY = { redisId: 'crs-zzfuzz00', backupId: '00000000-0000-1000-a000-000000000000', region: 'gz' };

export function badInputCases(apiKey: string, bodyLimitBytes: number): BadInputCase[] {
  const auth = { authorization: `Bearer ${apiKey}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const post = (
    label: string,
    body: string | Uint8Array,
    expected: number[],
    headers: Record<string, string> = json,
  ): BadInputCase => ({
    label,
    request: { method: 'POST', path: '/exports', headers, body },
    expected,
  });
  const get = (
    label: string,
    path: string,
    expected: number[],
    headers: Record<string, string> = auth,
  ): BadInputCase => ({
    label,
    request: { method: 'GET', path, headers },
    expected,
  });
  const padded = (bytes: number): string => JSON.stringify({ ...VALID_BODY, padding: 'x'.repeat(bytes) });
  return [
    post('truncated JSON', '{"redisId": "crs-j30wibe7", "backupId":', [400]),
    post('JSON with a trailing comma', '{"redisId": "crs-j30wibe7",}', [400]),
    post('a JSON array', '[]', [400]),
    post('JSON null', 'null', [400]),
    post('a JSON string', '"crs-j30wibe7"', [400]),
    post('an empty JSON object', '{}', [400]),
    post('an empty body typed as JSON', '', [400]),
    post('a body just over the limit', padded(bodyLimitBytes), [413]),
    post('a 4 MiB body', padded(4 * 1024 * 1024), [413]),
    post('JSON nested 5,000 deep', `${'['.repeat(5000)}${']'.repeat(5000)}`, [400]),
    post('invalid UTF-8 bytes', Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), [400]),
    post('JSON behind a byte-order mark', `\ufeff${JSON.stringify(VALID_BODY)}`, [200, 201, 400]),
    post('text/plain', JSON.stringify(VALID_BODY), [415], { ...auth, 'content-type': 'text/plain' }),
    post('a form body', 'redisId=crs-j30wibe7&backupId=x', [415], {
      ...auth,
      'content-type': 'application/x-www-form-urlencoded',
    }),
    // UTF-16 is a charset body-parser decodes: the UTF-8 bytes then do not parse (400), or it is refused (415).
    post('JSON declared as UTF-16', JSON.stringify(VALID_BODY), [400, 415], {
      ...auth,
      'content-type': 'application/json; charset=utf-16',
    }),
    post('no content type', JSON.stringify(VALID_BODY), [415], auth),
    post('an unknown field', JSON.stringify({ ...VALID_BODY, admin: true }), [400]),
    post(
      'a __proto__ field',
      `{"redisId":"crs-j30wibe7","backupId":"${VALID_BODY.backupId}","__proto__":{"admin":true}}`,
      [400],
    ),
    post('a constructor field', JSON.stringify({ ...VALID_BODY, constructor: { prototype: { admin: true } } }), [400]),
    post('a toString field', JSON.stringify({ ...VALID_BODY, toString: 'x' }), [400]),
    post('numbers for strings', JSON.stringify({ redisId: 12345678, backupId: 1, region: 7 }), [400]),
    post('arrays for strings', JSON.stringify({ redisId: ['crs-j30wibe7'], backupId: [VALID_BODY.backupId] }), [400]),
    post('objects for strings', JSON.stringify({ redisId: { $ne: null }, backupId: { $gt: '' } }), [400]),
    post(
      'an upper-case backup id',
      JSON.stringify({ ...VALID_BODY, backupId: VALID_BODY.backupId.toUpperCase() }),
      [400],
    ),
    post('an unknown region', JSON.stringify({ ...VALID_BODY, region: 'ap-mars-1' }), [400]),
    post(
      'duplicate keys',
      `{"redisId":"crs-j30wibe7","redisId":"' OR 1=1","backupId":"${VALID_BODY.backupId}"}`,
      [400],
    ),
    ...HOSTILE_STRINGS.map((value) =>
      post(`redisId ${JSON.stringify(value.slice(0, 24))}`, JSON.stringify({ ...VALID_BODY, redisId: value }), [400]),
    ),
    ...HOSTILE_STRINGS.map((value) =>
      get(`exportId ${JSON.stringify(value.slice(0, 24))} in the path`, `/exports/${encodeComponent(value)}`, [404]),
    ),
    ...HOSTILE_STRINGS.map((value) => ({
      label: `cancel of exportId ${JSON.stringify(value.slice(0, 24))}`,
      request: {
        method: 'POST',
        path: `/exports/${encodeComponent(value)}/cancel`,
        headers: json,
        body: JSON.stringify({ reason: value }),
      },
      expected: [400, 404],
    })),
    get('a raw traversal in the path', '/exports/..%2F..%2Fhealthz', [404]),
    get(
      'a percent-encoded NUL in the path',
      '/exports/export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493%00',
      [404],
    ),
    get('a malformed percent escape in the path', '/exports/%E0%A4%A', [400, 404]),
    get('a 6,000-character exportId', `/exports/${'e'.repeat(6000)}`, [404]),
    get('limit=0', '/exports?limit=0', [400]),
    get('limit=101', '/exports?limit=101', [400]),
    get('limit=1.5', '/exports?limit=1.5', [400]),
    get('limit=abc', '/exports?limit=abc', [400]),
    get('limit twice', '/exports?limit=1&limit=2', [400]),
    get('limit as an array key', '/exports?limit[]=1', [400]),
    get('an unknown state', '/exports?state=DONE', [400]),
    get('a redisId filter with an injection', `/exports?redisId=${encodeComponent("crs-j30wibe7' OR '1'='1")}`, [400]),
    get('a garbage cursor', '/exports?cursor=not-a-cursor', [400]),
    get('a cursor with illegal characters', `/exports?cursor=${encodeComponent('abc/+=')}`, [400]),
    get('an unknown query field', '/exports?admin=true', [400]),
    get('a nested query object', '/exports?redisId[$ne]=x', [400]),
    get('no API key', '/exports', [401], {}),
    get('a wrong API key', '/exports', [401], { authorization: 'Bearer wrong-key-000000000000000000' }),
    get('Basic auth', '/exports', [401], {
      authorization: `Basic ${Buffer.from(`user:${apiKey}`).toString('base64')}`,
    }),
    get('an unknown route', '/exports-admin', [404]),
    {
      label: 'DELETE on the collection',
      request: { method: 'DELETE', path: '/exports', headers: auth },
      expected: [404, 405],
    },
  ];
}
