// The S3 identities file SeaweedFS reads with `-s3.config`: one admin identity with the caller's key pair.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Writes the identities file with mode 0600 (it holds the secret). With no `anonymous` identity in it,
 * SeaweedFS refuses every unsigned request and every request signed with another key.
 */
export function writeS3Identities(file: string, credentials: S3Credentials): void {
  const identities = {
    identities: [
      {
        name: 'crs-export-dev',
        credentials: [{ accessKey: credentials.accessKeyId, secretKey: credentials.secretAccessKey }],
        actions: ['Admin', 'Read', 'List', 'Tagging', 'Write'],
      },
    ],
  };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(identities, null, 2)}\n`, { mode: 0o600 });
  // The mode of writeFileSync applies only when it creates the file.
  chmodSync(file, 0o600);
}
