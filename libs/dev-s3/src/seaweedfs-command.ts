// The `weed mini` command line of the S3 test server: loopback only, telemetry off, small-machine settings.

/** Every TCP port the server listens on. Each gRPC port is given: SeaweedFS's default is port + 10000. */
export interface SeaweedfsPorts {
  s3: number;
  s3Grpc: number;
  master: number;
  masterGrpc: number;
  volume: number;
  volumeGrpc: number;
  filer: number;
  filerGrpc: number;
  /** The admin server `weed mini` always runs (its UI is off), which drives the maintenance worker. */
  admin: number;
  adminGrpc: number;
}

export const SEAWEEDFS_PORT_NAMES: readonly (keyof SeaweedfsPorts)[] = [
  's3',
  's3Grpc',
  'master',
  'masterGrpc',
  'volume',
  'volumeGrpc',
  'filer',
  'filerGrpc',
  'admin',
  'adminGrpc',
];

export interface SeaweedfsCommandOptions {
  /** Volumes, filer metadata (leveldb), the master's raft state, the admin's and worker's files. */
  storeDir: string;
  ports: SeaweedfsPorts;
  /** The `-s3.config` identities file. */
  identitiesFile: string;
  /** Soft size limit of one volume file. */
  volumeSizeLimitMB: number;
}

/**
 * `weed mini`: master, one volume server, filer and S3 gateway in one process, tuned upstream for small
 * machines (volumes grown one at a time, not preallocated). Chosen over `weed server -s3`, whose SIGTERM
 * stops the volume server before the filer, which then retries its last metadata-log write for ~16 s before
 * exiting; mini stops the gateway, then the filer, then the volume server, then the master, in ~2 s.
 *
 * Every listener is bound to 127.0.0.1 (`-ip.bind` also turns off SeaweedFS's extra loopback listeners),
 * telemetry is off, logs go to stderr instead of files in /tmp, and WebDAV, the admin UI, the Iceberg and
 * Lance catalogs, metrics and the debug server are off. Every port is explicit, so mini fails on a busy
 * port instead of moving to the next free one, and mini computes no setting it would pin in mini.options.
 */
export function seaweedfsCommandArgs(options: SeaweedfsCommandOptions): string[] {
  const { ports } = options;
  return [
    '-logtostderr=true',
    '-v=0',
    'mini',
    '-ip=127.0.0.1',
    '-ip.bind=127.0.0.1',
    `-dir=${options.storeDir}`,
    `-master.port=${ports.master}`,
    `-master.port.grpc=${ports.masterGrpc}`,
    '-master.telemetry=false',
    `-master.volumeSizeLimitMB=${options.volumeSizeLimitMB}`,
    '-master.volumePreallocate=false',
    `-volume.port=${ports.volume}`,
    `-volume.port.grpc=${ports.volumeGrpc}`,
    // The time between the last heartbeat and the exit; nobody else reads from this volume server.
    '-volume.preStopSeconds=0',
    `-filer.port=${ports.filer}`,
    `-filer.port.grpc=${ports.filerGrpc}`,
    `-s3.port=${ports.s3}`,
    `-s3.port.grpc=${ports.s3Grpc}`,
    '-s3.port.iceberg=0',
    '-s3.port.lance=0',
    `-s3.config=${options.identitiesFile}`,
    // Real S3 answers NoSuchBucket to a PutObject into a missing bucket; SeaweedFS would create the bucket.
    '-s3.autoCreateBucket=false',
    '-webdav=false',
    '-admin.ui=false',
    `-admin.port=${ports.admin}`,
    `-admin.port.grpc=${ports.adminGrpc}`,
    '-admin.port.legacy=0',
  ];
}

/** Inherited variables SeaweedFS would act on: AWS_* keys become extra admin identities, WEED_* override settings. */
const IGNORED_ENV = /^(AWS_|WEED_|S3_BUCKET$|S3_TABLE_BUCKET$)/;

/**
 * The server's environment: the caller's, minus what would change the server behind the caller's back (an
 * AWS_ACCESS_KEY_ID in the environment would be accepted as a second admin key; S3_BUCKET creates buckets).
 * GOMEMLIMIT makes the Go runtime collect harder before the heap grows past it (soft: never fails an allocation).
 */
export function seaweedfsEnv(base: NodeJS.ProcessEnv, memoryLimitMiB: number | null): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(base).filter(([name]) => !IGNORED_ENV.test(name)));
  if (memoryLimitMiB !== null) env['GOMEMLIMIT'] = `${memoryLimitMiB}MiB`;
  return env;
}

/**
 * Unix sockets SeaweedFS opens for its in-process gRPC and filer traffic, at fixed paths under /tmp (not
 * TMPDIR) named by port. It removes them on a clean exit; they are removed again after a SIGKILL.
 */
export function seaweedfsSocketFiles(ports: SeaweedfsPorts): string[] {
  return [
    `/tmp/seaweedfs-master-grpc-${ports.masterGrpc}.sock`,
    `/tmp/seaweedfs-volume-grpc-${ports.volumeGrpc}.sock`,
    `/tmp/seaweedfs-filer-grpc-${ports.filerGrpc}.sock`,
    `/tmp/seaweedfs-s3-grpc-${ports.s3Grpc}.sock`,
    `/tmp/seaweedfs-admin-grpc-${ports.adminGrpc}.sock`,
    `/tmp/seaweedfs-filer-${ports.filer}.sock`,
    `/tmp/seaweedfs-s3-${ports.s3}.sock`,
  ];
}
