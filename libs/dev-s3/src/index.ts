// A real S3-compatible server (SeaweedFS) for the tests and npm start: built once per machine, started on loopback.
export { ensureBucket, s3ClientFor, type S3ClientTimeouts, type S3Connection } from './s3-client';
export { s3ReadyProbe } from './s3-readiness';
export {
  DEFAULT_S3_REGION,
  DEFAULT_VOLUME_SIZE_LIMIT_MB,
  startS3Server,
  type S3Server,
  type S3ServerOptions,
} from './s3-server';
export {
  findOrBuildSeaweedfs,
  SEAWEEDFS_BUILD,
  SEAWEEDFS_VERSION,
  seaweedfsCacheDir,
  seaweedfsVersion,
  type SeaweedfsBinary,
  type SeaweedfsSource,
} from './seaweedfs-binary';
export type { SeaweedfsPorts } from './seaweedfs-command';
export { S3ServerPortError } from './seaweedfs-ports';
export { SCRATCH_S3_SETUP_TIMEOUT_MS, startScratchS3Server, type ScratchS3Server } from './scratch-s3-server';
