// The topology's private PKI, made with the openssl CLI: a cluster CA (frontend, clients) and an internode CA.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOnPath } from '@crs-export/process-supervisor';
import { MissingToolError } from './server-binaries';

/** The name clients verify the frontend against (and the internode name); the certificate also has localhost and 127.0.0.1. */
export const DEFAULT_SERVER_NAME = 'temporal.crs-export.test';

export interface CertificateAuthority {
  certFile: string;
  keyFile: string;
}

export interface IssuedCertificate {
  certFile: string;
  keyFile: string;
}

/**
 * Two CAs, as production clusters keep them apart: the cluster CA signs the frontend's certificate and the
 * applications' client certificate; the internode CA signs the certificate the Temporal processes present to
 * each other (and the system worker to the frontend). An application's certificate opens the frontend only,
 * never a history or matching port.
 */
export interface ClusterCertificates {
  dir: string;
  serverName: string;
  ca: CertificateAuthority;
  /** The frontend's server certificate (SANs: serverName, localhost, 127.0.0.1). */
  server: IssuedCertificate;
  /** What an application presents under mTLS. */
  client: IssuedCertificate;
  internodeCa: CertificateAuthority;
  /** `internode.<serverName>`: what the Temporal processes verify each other against. */
  internodeServerName: string;
  /** Server and client auth: every Temporal process presents it, to its peers and to the frontend. */
  internode: IssuedCertificate;
}

const CURVE = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

/** A self-signed CA (P-256, 10 years) as `<name>.pem` and `<name>-key.pem` (0600) in dir. */
export async function createCertificateAuthority(options: {
  dir: string;
  name: string;
  commonName: string;
}): Promise<CertificateAuthority> {
  mkdirSync(options.dir, { recursive: true });
  const ca = {
    certFile: join(options.dir, `${options.name}.pem`),
    keyFile: join(options.dir, `${options.name}-key.pem`),
  };
  await openssl([
    'req',
    '-x509',
    ...CURVE,
    '-nodes',
    '-keyout',
    ca.keyFile,
    '-out',
    ca.certFile,
    '-days',
    '3650',
    '-subj',
    `/CN=${options.commonName}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  chmodSync(ca.keyFile, 0o600);
  return ca;
}

/**
 * A certificate signed by the CA: 'server' (server and client auth, with the given SANs) or 'client' (client
 * auth only). Written as `<name>.pem` and `<name>-key.pem` (0600).
 */
export async function issueCertificate(options: {
  ca: CertificateAuthority;
  dir: string;
  name: string;
  commonName: string;
  usage: 'server' | 'client';
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
}): Promise<IssuedCertificate> {
  mkdirSync(options.dir, { recursive: true });
  const issued = {
    certFile: join(options.dir, `${options.name}.pem`),
    keyFile: join(options.dir, `${options.name}-key.pem`),
  };
  const request = join(options.dir, `${options.name}.csr`);
  const extensions = join(options.dir, `${options.name}.ext`);
  const altNames = [
    ...(options.dnsNames ?? []).map((name) => `DNS:${name}`),
    ...(options.ipAddresses ?? []).map((ip) => `IP:${ip}`),
  ];
  writeFileSync(
    extensions,
    [
      'basicConstraints=critical,CA:FALSE',
      options.usage === 'server'
        ? 'keyUsage=critical,digitalSignature,keyEncipherment'
        : 'keyUsage=critical,digitalSignature',
      options.usage === 'server' ? 'extendedKeyUsage=serverAuth,clientAuth' : 'extendedKeyUsage=clientAuth',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      ...(altNames.length > 0 ? [`subjectAltName=${altNames.join(',')}`] : []),
      '',
    ].join('\n'),
  );
  try {
    await openssl([
      'req',
      ...CURVE,
      '-nodes',
      '-keyout',
      issued.keyFile,
      '-out',
      request,
      '-subj',
      `/CN=${options.commonName}`,
    ]);
    chmodSync(issued.keyFile, 0o600);
    await openssl([
      'x509',
      '-req',
      '-in',
      request,
      '-CA',
      options.ca.certFile,
      '-CAkey',
      options.ca.keyFile,
      '-set_serial',
      `0x${randomBytes(16).toString('hex')}`,
      '-days',
      '825',
      '-out',
      issued.certFile,
      '-extfile',
      extensions,
    ]);
  } finally {
    rmSync(request, { force: true });
    rmSync(extensions, { force: true });
  }
  return issued;
}

/** The cluster's CAs and certificates in dir (keys 0600), made once and reused while the server name is the same. */
export async function ensureClusterCertificates(dir: string, serverName: string): Promise<ClusterCertificates> {
  const pair = (name: string): IssuedCertificate => ({
    certFile: join(dir, `${name}.pem`),
    keyFile: join(dir, `${name}-key.pem`),
  });
  const certificates: ClusterCertificates = {
    dir,
    serverName,
    ca: pair('ca'),
    server: pair('server'),
    client: pair('client'),
    internodeCa: pair('internode-ca'),
    internodeServerName: `internode.${serverName}`,
    internode: pair('internode'),
  };
  const nameFile = join(dir, 'server-name');
  const { ca: caFiles, server, client, internodeCa: internodeCaFiles, internode } = certificates;
  const files = [caFiles, server, client, internodeCaFiles, internode].flatMap((issued) => [
    issued.certFile,
    issued.keyFile,
  ]);
  const reusable =
    files.every((file) => existsSync(file)) && existsSync(nameFile) && readFileSync(nameFile, 'utf8') === serverName;
  if (reusable) return certificates;

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = await createCertificateAuthority({ dir, name: 'ca', commonName: 'crs-export temporal-cluster CA' });
  await issueCertificate({
    ca,
    dir,
    name: 'server',
    commonName: serverName,
    usage: 'server',
    dnsNames: [...new Set([serverName, 'localhost'])],
    ipAddresses: ['127.0.0.1'],
  });
  await issueCertificate({ ca, dir, name: 'client', commonName: 'crs-export-client', usage: 'client' });
  const internodeCa = await createCertificateAuthority({
    dir,
    name: 'internode-ca',
    commonName: 'crs-export temporal-cluster internode CA',
  });
  await issueCertificate({
    ca: internodeCa,
    dir,
    name: 'internode',
    commonName: certificates.internodeServerName,
    usage: 'server',
    dnsNames: [certificates.internodeServerName],
    ipAddresses: ['127.0.0.1'],
  });
  writeFileSync(nameFile, serverName);
  return certificates;
}

async function openssl(args: string[]): Promise<void> {
  const command = findOnPath('openssl');
  if (!command) throw new MissingToolError('openssl', 'no openssl on PATH to make the TLS certificates with');
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 30_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`openssl ${args.slice(0, 2).join(' ')} failed: ${stderr || error.message}`)) : resolve(),
    );
  });
}
