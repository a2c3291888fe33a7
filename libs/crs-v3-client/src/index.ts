// The Tencent Cloud Redis API 3.0 client (on tencentcloud-sdk-nodejs-common) and its adapter of the backend port.
export {
  CrsV3Client,
  DEFAULT_V3_MAX_SOCKETS,
  DEFAULT_V3_TIMEOUT_MS,
  MAX_V3_TIMEOUT_MS,
  type CrsV3ClientOptions,
  type V3CallEvent,
  type V3CallOptions,
  type V3Api,
  type V3CredentialProvider,
} from './v3-client';
export { createV3Backend, V3_DOWNLOAD_URL_VALIDITY_MS, type V3BackendOptions } from './v3-backend';
export {
  CredentialUnavailableError,
  TENCENT_CREDENTIAL_SOURCES,
  TencentCredential,
  tencentCredentialOf,
  type SecretText,
  type TencentCredentialOptions,
  type TencentCredentialSource,
  type TencentCredentialSourceKind,
} from './tencent-credentials';
export { DEFAULT_REFRESH_BEFORE_MS, type SdkCredential } from './refreshing-credential';
export { parseV3Endpoint, v3RegionName, type V3Endpoint, type V3Protocol } from './v3-endpoint';
export { V3_INSTANCE_TYPES, instanceTypeInfo, type InstanceTypeInfo } from './v3-instance-types';
export { beijingTimeToIso, formatBeijingTime, parseBeijingTime } from './beijing-time';
export { DEFAULT_V3_HOST, V3_API_VERSION } from './v3-actions';
export type * from './v3-actions';
