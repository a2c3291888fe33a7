// The endpoint configuration: both forms, every problem reported at once, and no secret in any message.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  parseWebhookEndpoints,
  UnknownWebhookEndpointError,
  WebhookConfigError,
  WebhookSecret,
  webhookEndpoint,
  type WebhookConfigInput,
} from '../src';

const OPS_SECRET = 'ops-secret-value-0123456789';
const PAGER_SECRET = 'pager-secret-value-abcdefghij';
const files: Record<string, string> = {
  '/run/secrets/ops': `${OPS_SECRET}\n`,
  '/run/secrets/rotating': `old-secret-value-000000\nnew-secret-value-111111\n`,
  '/run/secrets/short': 'tiny',
};
const readSecretFile = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return text;
};
const env = { PAGER_SECRET };

function parse(input: Partial<WebhookConfigInput>): ReturnType<typeof parseWebhookEndpoints> {
  return parseWebhookEndpoints({
    env,
    readSecretFile,
    listSource: 'WEBHOOK_ENDPOINTS',
    jsonSource: 'hooks.json',
    ...input,
  });
}

function problemsOf(input: Partial<WebhookConfigInput>): readonly string[] {
  try {
    parse(input);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookConfigError);
    return (error as WebhookConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('parseWebhookEndpoints', () => {
  it('reads the env-style list: name=url|option=value, entries separated by commas or newlines', () => {
    const endpoints = parse({
      list: 'ops=https://hooks.example/crs?team=a|secretFile=/run/secrets/ops,\n pager=http://10.0.0.5:8080/hook|secretEnv=PAGER_SECRET|timeoutMs=2500',
    });
    expect(endpoints.names()).toEqual(['ops', 'pager']);
    const ops = endpoints.get('ops');
    expect(ops.url).toBe('https://hooks.example/crs?team=a');
    expect(ops.secrets.map((s) => s.reveal())).toEqual([OPS_SECRET]);
    expect(ops.timeoutMs).toBe(10_000);
    expect(endpoints.get('pager')).toMatchObject({ url: 'http://10.0.0.5:8080/hook', timeoutMs: 2500 });
    expect(endpoints.get('pager').secrets[0]?.reveal()).toBe(PAGER_SECRET);
  });

  it('reads the JSON file, and every whitespace-separated secret of a file as active', () => {
    const json = JSON.stringify({
      endpoints: [
        { name: 'rot', url: 'https://hooks.example/rot', secretFile: '/run/secrets/rotating', timeoutMs: 500 },
      ],
    });
    const rot = parse({ json }).get('rot');
    expect(rot.secrets.map((s) => s.reveal())).toEqual(['old-secret-value-000000', 'new-secret-value-111111']);
    expect(rot.timeoutMs).toBe(500);
  });

  it('combines the list and the file, and refuses a name defined in both', () => {
    const json = JSON.stringify({ endpoints: [{ name: 'b', url: 'https://b.example/', secretEnv: 'PAGER_SECRET' }] });
    expect(parse({ list: 'a=https://a.example/|secretFile=/run/secrets/ops', json }).names()).toEqual(['a', 'b']);
    const problems = problemsOf({ list: 'b=https://a.example/|secretFile=/run/secrets/ops', json });
    expect(problems).toEqual(['hooks.json endpoints[0] "b": the name is already defined by WEBHOOK_ENDPOINTS entry 1']);
  });

  it('lists every bad entry at once, by position and name, and the good ones do not hide them', () => {
    const problems = problemsOf({
      list: [
        'good=https://ok.example/|secretFile=/run/secrets/ops',
        'ftp=ftp://files.example/drop|secretFile=/run/secrets/ops',
        'creds=https://user:hunter2hunter2@hooks.example/|secretFile=/run/secrets/ops',
        'nofile=https://hooks.example/|secretFile=/run/secrets/missing',
        'short=https://hooks.example/|secretFile=/run/secrets/short',
        'both=https://hooks.example/|secretFile=/run/secrets/ops|secretEnv=PAGER_SECRET',
        'unset=https://hooks.example/|secretEnv=NOT_SET',
        'slow=https://hooks.example/|secretFile=/run/secrets/ops|timeoutMs=999999',
        'typo=https://hooks.example/|secretFile=/run/secrets/ops|timeout=5',
        'rel=/just/a/path|secretFile=/run/secrets/ops',
        'https://no-name.example/hook',
      ].join('\n'),
    });
    expect(problems).toEqual([
      'WEBHOOK_ENDPOINTS entry 2 "ftp": url must be http or https, not ftp',
      'WEBHOOK_ENDPOINTS entry 3 "creds": url must not carry user:password (the signature authenticates; put the secret in secretFile)',
      'WEBHOOK_ENDPOINTS entry 4 "nofile": secretFile /run/secrets/missing cannot be read (ENOENT)',
      'WEBHOOK_ENDPOINTS entry 5 "short": secret 1 is shorter than 16 characters',
      'WEBHOOK_ENDPOINTS entry 6 "both": needs exactly one of secretFile and secretEnv',
      'WEBHOOK_ENDPOINTS entry 7 "unset": secretEnv NOT_SET is not set',
      'WEBHOOK_ENDPOINTS entry 8 "slow": timeoutMs must be a whole number from 100 to 120000',
      'WEBHOOK_ENDPOINTS entry 9 "typo": an unknown option (the known ones: secretFile, secretEnv, timeoutMs)',
      'WEBHOOK_ENDPOINTS entry 10 "rel": url is not an absolute URL',
      'WEBHOOK_ENDPOINTS entry 11: not name=url|secretFile=<path>',
    ]);
  });

  it('refuses an inline secret without repeating it', () => {
    const json = JSON.stringify({
      endpoints: [{ name: 'x', url: 'https://x.example/', secret: 'inline-secret-1234567' }],
    });
    const error = (() => {
      try {
        parse({ json });
      } catch (caught) {
        return caught as WebhookConfigError;
      }
      throw new Error('accepted');
    })();
    expect(error.problems).toEqual([
      'hooks.json endpoints[0] "x": secret is not accepted inline: use secretFile or secretEnv',
    ]);
    expect(error.message).not.toContain('inline-secret-1234567');
  });

  it('refuses JSON that is not the format without quoting the text', () => {
    expect(problemsOf({ json: '{"endpoints": [ {"name": "x", "url": "s3cr3t-in-a-broken-file' })).toEqual([
      'hooks.json: not JSON',
    ]);
    expect(problemsOf({ json: '[]' })).toEqual(['hooks.json: not { "endpoints": [...] }']);
    expect(problemsOf({ json: '{"endpoints":[42,{"url":"https://x/"}]}' })).toEqual([
      'hooks.json endpoints[0]: not an object',
      'hooks.json endpoints[1]: name is not a string',
    ]);
  });

  it('never puts a secret, the credentials of a URL or a garbled entry into its error', () => {
    const entries = [
      `ops=https://user:${OPS_SECRET}@hooks.example/|secretFile=/run/secrets/ops`,
      `${PAGER_SECRET}`,
      `pager=https://hooks.example/|secretEnv=PAGER_SECRET|${PAGER_SECRET}=1`,
      `short=https://hooks.example/|secretFile=/run/secrets/short`,
    ];
    try {
      parse({ list: entries.join(',') });
      throw new Error('accepted');
    } catch (error) {
      const text = [String(error), JSON.stringify(error), inspect(error, { depth: 5 }), (error as Error).stack].join(
        '\n',
      );
      for (const secret of [OPS_SECRET, PAGER_SECRET, 'tiny']) expect(text).not.toContain(secret);
    }
  });
});

describe('WebhookEndpoints', () => {
  it('names the known endpoints when asked for an unknown one', () => {
    const endpoints = parse({ list: 'ops=https://hooks.example/|secretFile=/run/secrets/ops' });
    expect(endpoints.has('ops')).toBe(true);
    expect(() => endpoints.get('pager')).toThrow(UnknownWebhookEndpointError);
    expect(() => endpoints.get('pager')).toThrow('unknown webhook endpoint "pager" (known: ops)');
  });

  it('shows endpoints in JSON and inspect with their secrets redacted', () => {
    const endpoint = webhookEndpoint({
      name: 'ops',
      url: 'https://hooks.example/',
      secrets: [new WebhookSecret(OPS_SECRET)],
    });
    expect(JSON.stringify(endpoint)).toBe(
      '{"name":"ops","url":"https://hooks.example/","secrets":["[redacted]"],"timeoutMs":10000}',
    );
    expect(inspect(endpoint)).not.toContain(OPS_SECRET);
    expect(`${endpoint.secrets[0]}`).toBe('[redacted]');
    expect(String(endpoint.secrets[0])).toBe('[redacted]');
    expect({ ...endpoint.secrets[0] }).toEqual({});
    expect(endpoint.secrets[0]?.reveal()).toBe(OPS_SECRET);
  });

  it('checks endpoints given in code as it checks configuration', () => {
    expect(() =>
      webhookEndpoint({ name: 'x', url: 'https://hooks.example/', secrets: [new WebhookSecret('short')] }),
    ).toThrow(/x: secret 1 is shorter than 16 characters/);
  });
});
