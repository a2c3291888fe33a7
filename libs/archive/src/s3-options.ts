// How the S3 client of an `s3://` destination is made: endpoint, region, path style and credentials (the AWS
// SDK's own provider chain unless given), for AWS S3, Tencent COS's S3 endpoint and other S3 servers.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { PartChecksumAlgorithm } from './archive-store';

export interface S3StoreOptions {
  /**
   * The S3 endpoint; default AWS's for the region. Tencent COS: `https://cos.<region>.myqcloud.com` (with
   * `region` e.g. `ap-guangzhou`); a local server: `http://127.0.0.1:8333` (usually with `forcePathStyle`).
   */
  endpoint?: string;
  /** Signing region; default: the SDK's chain (AWS_REGION, the shared config's profile). */
  region?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key`; default false. */
  forcePathStyle?: boolean;
  /** Default: the SDK's provider chain (environment, shared files, SSO, web identity, ECS/EC2 roles). */
  credentials?: S3ClientConfig['credentials'];
  /**
   * How each part is checked on arrival: `sha256` (x-amz-checksum-sha256; AWS S3, SeaweedFS, Versity) or
   * `md5` (Content-MD5, for servers without the flexible checksums, such as Tencent COS). Default sha256.
   */
  partChecksum?: PartChecksumAlgorithm;
  /** Attempts per call, the SDK's retries included; default 3. */
  maxAttempts?: number;
  /** Per request, from sending to the last byte of the answer; default 120 s. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
}

export function s3ClientConfig(options: S3StoreOptions = {}): S3ClientConfig {
  return {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    maxAttempts: options.maxAttempts ?? 3,
    // We send each part's checksum ourselves; the SDK's own (CRC32 by default) would be a second pass over
    // every byte and a header some S3 servers (COS) do not know.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 120_000,
      connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    },
  };
}

export function createS3Client(options: S3StoreOptions = {}): S3Client {
  return new S3Client(s3ClientConfig(options));
}
