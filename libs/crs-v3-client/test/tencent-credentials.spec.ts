// Each credential source with the SDK's real provider: the environment (saved and restored), a profile file
// under a temporary HOME, the CVM role against a stand-in metadata service (reached through the http_proxy
// the SDK honours), the OIDC role and the chain; and that no credential ever prints.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CvmRoleCredential,
  EnvironmentVariableCredential,
  OIDCRoleArnCredential,
  ProfileCredential,
} from 'tencentcloud-sdk-nodejs-common';
import { CredentialUnavailableError, tencentCredentialOf } from '../src';

const VARIABLES = [
  'TENCENTCLOUD_SECRET_ID',
  'TENCENTCLOUD_SECRET_KEY',
  'TENCENTCLOUD_SESSION_TOKEN',
  'HOME',
  'http_proxy',
  'TKE_REGION',
  'TKE_PROVIDER_ID',
  'TKE_WEB_IDENTITY_TOKEN_FILE',
  'TKE_ROLE_ARN',
] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
const homes: string[] = [];

/** A HOME with no credentials file, so that the profile source finds nothing unless a test writes one. */
function emptyHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'crs-v3-home-'));
  homes.push(home);
  return home;
}

function homeWithProfile(lines: string[]): string {
  const home = emptyHome();
  mkdirSync(join(home, '.tencentcloud'));
  writeFileSync(join(home, '.tencentcloud', 'credentials'), `${lines.join('\n')}\n`);
  return home;
}

async function unavailable(call: Promise<unknown>): Promise<CredentialUnavailableError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof CredentialUnavailableError) return error;
    throw error;
  }
  throw new Error('expected no credential');
}

/**
 * Stands in for metadata.tencentyun.com: the SDK's fetch takes `http_proxy` and tunnels through it with
 * CONNECT, so this proxy hands every tunnel to a local server that answers as the metadata service does.
 */
interface MetadataStandIn {
  proxyUrl: string;
  roleRequests: number;
  credentialRequests: number;
  tunnelsTo: string[];
  roleBound: boolean;
  expiresInSeconds: number;
  close(): Promise<void>;
}

async function startMetadataStandIn(): Promise<MetadataStandIn> {
  const sockets = new Set<Socket>();
  const track = (server: Server): void => {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  };
  const standIn: MetadataStandIn = {
    proxyUrl: '',
    roleRequests: 0,
    credentialRequests: 0,
    tunnelsTo: [],
    roleBound: true,
    expiresInSeconds: 7200,
    close: async () => undefined,
  };
  const metadata = createServer((req, res) => {
    const base = '/latest/meta-data/cam/security-credentials/';
    if (req.url === base) {
      standIn.roleRequests += 1;
      res.writeHead(standIn.roleBound ? 200 : 404);
      res.end(standIn.roleBound ? 'crs-export-role' : 'no role');
      return;
    }
    if (req.url === `${base}crs-export-role`) {
      standIn.credentialRequests += 1;
      const n = standIn.credentialRequests;
      const expired = Math.floor(Date.now() / 1000) + standIn.expiresInSeconds;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          TmpSecretId: `AKIDcvmrole${n}`,
          TmpSecretKey: `cvm-role-secret-key-${n}`,
          Token: `cvm-role-token-${n}`,
          ExpiredTime: expired,
          Expiration: new Date(expired * 1000).toISOString(),
          Code: 'Success',
        }),
      );
      return;
    }
    res.writeHead(404);
    res.end();
  });
  const proxy = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    standIn.tunnelsTo.push(req.url ?? '');
    sockets.add(client);
    const upstream = connect((metadata.address() as AddressInfo).port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const end = (): void => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', end);
    client.on('error', end);
  });
  track(metadata);
  track(proxy);
  await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  standIn.proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  standIn.close = async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all([metadata, proxy].map((server) => new Promise((resolve) => server.close(resolve))));
  };
  return standIn;
}

let standIn: MetadataStandIn;

beforeAll(async () => {
  standIn = await startMetadataStandIn();
});
afterAll(async () => {
  await standIn.close();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});
afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** Nothing from the environment, an empty HOME, no TKE role, and the metadata service the stand-in. */
function bareMachine(): void {
  for (const name of VARIABLES) delete process.env[name];
  process.env['HOME'] = emptyHome();
  process.env['http_proxy'] = standIn.proxyUrl;
}

describe('static', () => {
  it('hands over the keys it was given, revealing a Secret only to sign', async () => {
    const credential = tencentCredentialOf({
      kind: 'static',
      secretId: 'AKIDstatic',
      secretKey: { reveal: () => 'static-secret-key-1' },
      token: 'static-token-1',
    });
    expect(await credential.getCredential()).toEqual({
      secretId: 'AKIDstatic',
      secretKey: 'static-secret-key-1',
      token: 'static-token-1',
    });
    expect(credential.sdkProviders).toEqual([]);
  });

  it('never prints a key or a token', async () => {
    const credential = tencentCredentialOf({
      kind: 'static',
      secretId: 'AKIDstatic',
      secretKey: 'static-secret-key-1',
      token: 'static-token-1',
    });
    await credential.getCredential();
    const printed = `${inspect(credential, { depth: 10, showHidden: true })} ${JSON.stringify(credential)} ${String(credential)}`;
    expect(printed).not.toContain('static-secret-key-1');
    expect(printed).not.toContain('static-token-1');
    expect(printed).toContain('static');
  });
});

describe('env (EnvironmentVariableCredential)', () => {
  it('reads TENCENTCLOUD_SECRET_ID, _SECRET_KEY and _SESSION_TOKEN', async () => {
    bareMachine();
    process.env['TENCENTCLOUD_SECRET_ID'] = 'AKIDfromenv';
    process.env['TENCENTCLOUD_SECRET_KEY'] = 'env-secret-key';
    process.env['TENCENTCLOUD_SESSION_TOKEN'] = 'env-token';
    const credential = tencentCredentialOf({ kind: 'env' });
    expect(credential.sdkProviders[0]).toBeInstanceOf(EnvironmentVariableCredential);
    expect(await credential.getCredential()).toEqual({
      secretId: 'AKIDfromenv',
      secretKey: 'env-secret-key',
      token: 'env-token',
    });
  });

  it('picks up rotated variables when it re-reads them', async () => {
    bareMachine();
    process.env['TENCENTCLOUD_SECRET_ID'] = 'AKIDold';
    process.env['TENCENTCLOUD_SECRET_KEY'] = 'old-secret-key';
    let now = 0;
    const credential = tencentCredentialOf({ kind: 'env' }, { now: () => now });
    expect((await credential.getCredential()).secretId).toBe('AKIDold');
    process.env['TENCENTCLOUD_SECRET_ID'] = 'AKIDnew';
    process.env['TENCENTCLOUD_SECRET_KEY'] = 'new-secret-key';
    expect((await credential.getCredential()).secretId).toBe('AKIDold');
    now += 61_000;
    expect(await credential.getCredential()).toEqual({ secretId: 'AKIDnew', secretKey: 'new-secret-key' });
  });

  it('says which variables are missing, as a setup problem', async () => {
    bareMachine();
    process.env['TENCENTCLOUD_SECRET_ID'] = 'AKIDonly';
    const error = await unavailable(tencentCredentialOf({ kind: 'env' }).getCredential());
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY');
  });
});

describe('profile (ProfileCredential)', () => {
  it('reads [default] of ~/.tencentcloud/credentials', async () => {
    bareMachine();
    process.env['HOME'] = homeWithProfile([
      '[default]',
      'secret_id = AKIDprofile',
      'secret_key = profile-secret-key',
      'token = profile-token',
    ]);
    const credential = tencentCredentialOf({ kind: 'profile' });
    expect(credential.sdkProviders[0]).toBeInstanceOf(ProfileCredential);
    expect(await credential.getCredential()).toEqual({
      secretId: 'AKIDprofile',
      secretKey: 'profile-secret-key',
      token: 'profile-token',
    });
  });

  it('finds nothing without the file, and says where it looked', async () => {
    bareMachine();
    const error = await unavailable(tencentCredentialOf({ kind: 'profile' }).getCredential());
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('~/.tencentcloud/credentials');
  });
});

describe('cvm-role (CvmRoleCredential)', () => {
  it('fetches the role credential from the metadata service, token and all', async () => {
    bareMachine();
    const credential = tencentCredentialOf({ kind: 'cvm-role' });
    expect(credential.sdkProviders[0]).toBeInstanceOf(CvmRoleCredential);
    const before = standIn.credentialRequests;
    const fetched = await credential.getCredential();
    expect(fetched.secretId).toMatch(/^AKIDcvmrole\d+$/);
    expect(fetched.token).toMatch(/^cvm-role-token-\d+$/);
    expect(standIn.credentialRequests).toBe(before + 1);
    expect(standIn.tunnelsTo.at(-1)).toBe('metadata.tencentyun.com:80');
  });

  it('renews it 5 minutes before its ExpiredTime, where the SDK alone waits until 30 s before', async () => {
    bareMachine();
    let now = Date.now();
    const credential = tencentCredentialOf({ kind: 'cvm-role' }, { now: () => now });
    const first = await credential.getCredential();
    now += 7200_000 - 6 * 60_000; // 6 minutes left
    expect(await credential.getCredential()).toEqual(first);
    now += 2 * 60_000; // 4 minutes left
    const second = await credential.getCredential();
    expect(second.secretId).not.toBe(first.secretId);
  });

  it('fails as retryable when no role is bound to the instance, and recovers once one is', async () => {
    bareMachine();
    standIn.roleBound = false;
    const credential = tencentCredentialOf({ kind: 'cvm-role' }, { retryAfterFailureMs: 0 });
    try {
      const error = await unavailable(credential.getCredential());
      expect(error.retryable).toBe(true);
      expect(error.message).toContain('cvm-role');
    } finally {
      standIn.roleBound = true;
    }
    // The SDK's own getCredential() would keep the failed lookup forever.
    expect((await credential.getCredential()).secretId).toMatch(/^AKIDcvmrole/);
  });
});

describe('oidc (OIDCRoleArnCredential)', () => {
  it('constructs the SDK provider, and outside a TKE pod says which variables are missing', async () => {
    bareMachine();
    const credential = tencentCredentialOf({ kind: 'oidc' });
    expect(credential.sdkProviders[0]).toBeInstanceOf(OIDCRoleArnCredential);
    const error = await unavailable(credential.getCredential());
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN not set');
  });
});

describe('chain (the DefaultCredentialProvider order)', () => {
  it('takes the environment first', async () => {
    bareMachine();
    process.env['HOME'] = homeWithProfile(['[default]', 'secret_id = AKIDprofile', 'secret_key = profile-secret-key']);
    process.env['TENCENTCLOUD_SECRET_ID'] = 'AKIDfromenv';
    process.env['TENCENTCLOUD_SECRET_KEY'] = 'env-secret-key';
    const credential = tencentCredentialOf({ kind: 'chain' });
    expect(credential.sdkProviders.map((provider) => provider.constructor.name)).toHaveLength(4);
    expect(credential.sdkProviders[0]).toBeInstanceOf(EnvironmentVariableCredential);
    expect(credential.sdkProviders[2]).toBeInstanceOf(CvmRoleCredential);
    expect(credential.sdkProviders[3]).toBeInstanceOf(OIDCRoleArnCredential);
    expect((await credential.getCredential()).secretId).toBe('AKIDfromenv');
  });

  it('then the profile file', async () => {
    bareMachine();
    process.env['HOME'] = homeWithProfile(['[default]', 'secret_id = AKIDprofile', 'secret_key = profile-secret-key']);
    expect((await tencentCredentialOf({ kind: 'chain' }).getCredential()).secretId).toBe('AKIDprofile');
  });

  it('then the CVM role', async () => {
    bareMachine();
    expect((await tencentCredentialOf({ kind: 'chain' }).getCredential()).secretId).toMatch(/^AKIDcvmrole/);
  });

  it("and names every source's reason when none has a credential", async () => {
    bareMachine();
    standIn.roleBound = false;
    try {
      const error = await unavailable(tencentCredentialOf({ kind: 'chain' }).getCredential());
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(/env: .*; profile: .*; cvm-role: .*; oidc: .*TKE_REGION/);
    } finally {
      standIn.roleBound = true;
    }
  });
});
