// The simulator's scenario (DESIGN.md "CRS simulator"): one description of each instance and its backups,
// from which both APIs' fields are derived (instance-profile.ts). One zod schema validates it on load and
// gives its types; a bad scenario is refused with every problem named (ScenarioError).
import { z } from 'zod';
import { parseBeijingTime } from './beijing-time';
import { DEFAULT_ENGINE, ENGINE_NAMES, ENGINES } from './engines';
import { canonicalRegion, regionIdOf } from './regions';
import { anyText, flag, intIn, list, matching, noDuplicates, oneOf, problemsOf, record, text } from './schema-fields';
import { V3_ACTION_NAMES } from './v3/v3-action-names';

export const DEFAULT_URL_TTL_MS = 12 * 3600 * 1000;
export const DEFAULT_RDB_BYTES = 65_536;
/** Smallest RDB file the simulator lays out (its compact layout: header, aux fields, a few keys, padding). */
export const MIN_RDB_BYTES = 512;

const WEEK_MS = 7 * 86_400_000;
const TIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ID_HINT = 'an id of letters, digits, . _ - (at most 64)';
const TIME_HINT = 'a time like "2026-11-28 03:00:00"';

/** 1 locked (in progress), 2 normal, -1 expired, 3 being exported (converted to RDB), 4 exported. */
export const BACKUP_STATUSES = [1, 2, -1, 3, 4] as const;
/** 0 to be initialised, 1 in a flow (locked), 2 running, -2 isolated, -3 pending deletion. */
export const INSTANCE_STATUSES = [0, 1, 2, -2, -3] as const;
export const EXPORT_OUTCOMES = ['success', 'failed', 'error'] as const;

/** Cluster shards when a scenario says none (Tencent's smallest cluster). */
export const DEFAULT_CLUSTER_SHARDS = 3;

function beijingTime() {
  // A time that is not even of the form has its problem from the pattern already.
  return matching(TIME_PATTERN, TIME_HINT).refine(
    (time) => !TIME_PATTERN.test(time) || !Number.isNaN(parseBeijingTime(time)),
    {
      error: (issue) => `${JSON.stringify(issue.input)} is not a date and time of the calendar`,
    },
  );
}

const credentialSchema = record({
  secretId: text(),
  secretKey: text(),
  /** A temporary credential's session token: 3.0 calls must then carry it in X-TC-Token. */
  token: text().optional(),
  /** The root account the key belongs to: rate limits count per account and action. */
  uin: matching(/^\d{1,20}$/, 'a numeric account id').optional(),
});

const rdbBytesSchema = z.union([intIn(MIN_RDB_BYTES, 2 ** 40), list(intIn(MIN_RDB_BYTES, 2 ** 40)).min(1)], {
  error: () => `expected a size in bytes from ${MIN_RDB_BYTES} to 2^40, or a list of one size per shard`,
});

const backupSchema = record({
  backupId: matching(ID_PATTERN, ID_HINT),
  status: oneOf(BACKUP_STATUSES),
  backupType: oneOf(['manualBackupInstance', 'systemBackupInstance']).default('manualBackupInstance'),
  /** Beijing time (UTC+8), like every zone-less time of both APIs. */
  startTime: beijingTime(),
  /** Default: a minute after startTime. */
  endTime: beijingTime().optional(),
  remark: anyText().optional(),
  /** Duration of its export (v2) or RDB conversion (3.0) task; default the scenario's exportDurationMs. */
  exportDurationMs: intIn(0, WEEK_MS).optional(),
  /** How that task ends: success (backup 4), failed or error (the backup goes back to 2). */
  exportOutcome: oneOf(EXPORT_OUTCOMES).default('success'),
  /** Bytes of the whole backup (split evenly over the shards), or one size per shard. */
  rdbBytes: rdbBytesSchema.default(DEFAULT_RDB_BYTES),
  /** When set, the backup expires (status -1) that many days after startTime; unset, it never expires. */
  storageDays: intIn(1, 1825).optional(),
  /** Encrypted files (a simulator-defined layout, see backup-encryption.ts) and a DecryptKey. */
  encrypted: flag.optional(),
  /** Base64 of 32 bytes; default derived from the ids. */
  decryptKey: matching(/^[A-Za-z0-9+/]{43}=$/, 'base64 of 32 bytes').optional(),
});

const instanceSchema = record({
  redisId: matching(ID_PATTERN, ID_HINT),
  redisName: text(),
  /** Short (`gz`) or long (`ap-guangzhou`); stored short. */
  region: text().refine((name) => canonicalRegion(name) !== null, {
    error: (issue) => `unknown region ${JSON.stringify(issue.input)}`,
  }),
  /** v2's numeric region; derived from region when left out. */
  regionId: intIn(0, 1000).optional(),
  /** v2: 1 cluster, 2 master-replica (standard). Give this or `architecture`. */
  typeId: oneOf([1, 2]).optional(),
  architecture: oneOf(['cluster', 'standard']).optional(),
  status: oneOf(INSTANCE_STATUSES).default(2),
  /** Default Redis 5.0 (engines.ts). */
  engine: oneOf(ENGINE_NAMES).optional(),
  /** RedisShardNum: default 3 for a cluster; 1 for a standard instance. */
  shardNum: intIn(1, 128).optional(),
  /** RedisReplicasNum, default 1. */
  replicasNum: intIn(0, 5).optional(),
  /** RedisShardSize in MB; default `size` / shards, else 1024. */
  shardSizeMb: intIn(128, 1_048_576).optional(),
  /** How its ManualBackupInstance tasks end, and the TaskMessage of a failed one. */
  backupOutcome: oneOf(EXPORT_OUTCOMES).optional(),
  backupTaskMessage: anyText().optional(),
  /** Duration of its ManualBackupInstance tasks; default the scenario's backupDurationMs. */
  backupDurationMs: intIn(0, WEEK_MS).optional(),
  /** Whether backups made by ManualBackupInstance are encrypted. */
  encryptBackups: flag.optional(),
  appid: intIn(0, Number.MAX_SAFE_INTEGER).optional(),
  projectId: intIn(0, Number.MAX_SAFE_INTEGER).optional(),
  zoneId: intIn(0, Number.MAX_SAFE_INTEGER).optional(),
  vpcId: intIn(0, Number.MAX_SAFE_INTEGER).optional(),
  subnetId: intIn(0, Number.MAX_SAFE_INTEGER).optional(),
  port: intIn(0, Number.MAX_SAFE_INTEGER).optional(),
  size: intIn(0, Number.MAX_SAFE_INTEGER).optional(),
  sizeUsed: intIn(0, Number.MAX_SAFE_INTEGER).optional(),
  autoRenewFlag: intIn(0, Number.MAX_SAFE_INTEGER).optional(),
  unVpcId: text().optional(),
  unSubnetId: text().optional(),
  statusDesc: text().optional(),
  wanIp: text().optional(),
  createtime: text().optional(),
  deadlineTime: text().optional(),
  typeIddesc: text().optional(),
  /** Tencent's resource tags (3.0 `InstanceTags`); batches select instances by them. */
  tags: z.record(z.string(), z.string()).optional(),
  backups: list(backupSchema).check(noDuplicates('backupId')).default([]),
})
  .superRefine((instance, ctx) => {
    const problem = (path: PropertyKey[], message: string): void => ctx.addIssue({ code: 'custom', message, path });
    const region = canonicalRegion(instance.region) ?? instance.region;
    const expectedRegionId = regionIdOf(region);
    if (instance.regionId !== undefined && instance.regionId !== expectedRegionId)
      problem(['regionId'], `${instance.regionId} does not match region ${region} (regionId ${expectedRegionId})`);
    if (instance.typeId === undefined && instance.architecture === undefined)
      problem(['typeId'], 'expected 1 (cluster) or 2 (master-replica), or an architecture');
    const cluster = instance.typeId === undefined ? instance.architecture === 'cluster' : instance.typeId === 1;
    if (instance.architecture !== undefined && (instance.architecture === 'cluster') !== cluster)
      problem(['architecture'], `${instance.architecture} does not match typeId ${instance.typeId}`);
    const engine = ENGINES[instance.engine ?? DEFAULT_ENGINE];
    if (cluster && engine.clusterType === null)
      problem(['engine'], `${engine.name} has no cluster edition in API 3.0; use a later engine`);
    if (!cluster && (instance.shardNum ?? 1) !== 1) problem(['shardNum'], 'a standard instance has 1 shard');
    const shards = cluster ? (instance.shardNum ?? DEFAULT_CLUSTER_SHARDS) : 1;
    instance.backups.forEach((backup, j) => {
      const sizes = backup.rdbBytes;
      if (Array.isArray(sizes) && sizes.length !== shards)
        problem(['backups', j, 'rdbBytes'], `expected ${shards} sizes, one per shard, got ${sizes.length}`);
      if (!Array.isArray(sizes) && Math.floor(sizes / shards) < MIN_RDB_BYTES)
        problem(
          ['backups', j, 'rdbBytes'],
          `${sizes} bytes over ${shards} shards is less than ${MIN_RDB_BYTES} per file`,
        );
    });
  })
  .transform((instance) => {
    const region = canonicalRegion(instance.region) ?? instance.region;
    const typeId: 1 | 2 = instance.typeId ?? (instance.architecture === 'cluster' ? 1 : 2);
    return { ...instance, region, regionId: instance.regionId ?? regionIdOf(region) ?? 0, typeId };
  });

/** Behaviour of the 3.0 API where Tencent's docs leave a choice (crs-v3-api.md §6): each one a switch. */
const v3SettingsSchema = record({
  /** Lifetime of DescribeBackupUrl's URLs; default 6 hours (their q-sign-time adds a minute, as Tencent's do). */
  urlTtlMs: intIn(1000, WEEK_MS).optional(),
  /** onDemand (default): a cluster backup is converted on its first DescribeBackupUrl; none: URLs at once. */
  clusterConversion: oneOf(['onDemand', 'none']).optional(),
  /** What DescribeBackupUrl answers while a backup converts (default statusInvalid). */
  convertingAnswer: oneOf(['statusInvalid', 'emptyBackupInfos', 'zeroFileSize']).optional(),
  /** current (default): BackupInfos and the deprecated arrays; deprecatedOnly: the older answer without BackupInfos. */
  backupUrlShape: oneOf(['current', 'deprecatedOnly']).optional(),
  /** Leave this many files out of DescribeBackupUrl's answer (fewer files than ShardNum). */
  missingBackupInfos: intIn(0, 128).optional(),
  /** The Status filter DescribeInstanceBackups applies when the request has none; default [2] (SDK 4.1.313). */
  defaultBackupStatuses: list(oneOf(BACKUP_STATUSES)).min(1).optional(),
  /** error (default): UnknownParameter for a parameter the action does not have; ignore: accept it. */
  unknownParameters: oneOf(['error', 'ignore']).optional(),
  /** Send TaskId as a string, as an old doc example does. */
  taskIdAsString: flag.optional(),
  /** Calls per second per account and action ("*" for the rest), or false for none. */
  rateLimits: z
    .union(
      [
        z.literal(false),
        z.partialRecord(
          z.enum([...V3_ACTION_NAMES, '*'], { error: () => 'expected a 3.0 action name or "*"' }),
          intIn(1, 1_000_000),
        ),
      ],
      { error: () => 'expected false or { "<action>" | "*": <calls per second> }' },
    )
    .optional(),
});

const scenarioSchema = z.strictObject(
  {
    credentials: list(credentialSchema, 'a non-empty array of { secretId, secretKey }').min(1, {
      error: () => 'expected a non-empty array of { secretId, secretKey }',
    }),
    errorShape: oneOf(['code', 'module']).default('code'),
    exportDurationMs: intIn(0, WEEK_MS).default(3000),
    backupDurationMs: intIn(0, WEEK_MS).optional(),
    urlTtlMs: intIn(1, 30 * 86_400_000).optional(),
    numbersAsStrings: flag.optional(),
    v3: v3SettingsSchema.optional(),
    instances: list(instanceSchema).check(noDuplicates('redisId')),
  },
  { error: () => 'expected a JSON object' },
);

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInstance = Scenario['instances'][number];
export type ScenarioBackup = ScenarioInstance['backups'][number];
export type ScenarioCredential = Scenario['credentials'][number];
export type ScenarioV3Settings = NonNullable<Scenario['v3']>;
export type ExportOutcome = (typeof EXPORT_OUTCOMES)[number];

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid CRS simulator scenario:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ScenarioError';
  }
}

/** Validates a scenario (parsed JSON) and returns it normalised; throws ScenarioError listing every problem. */
export function parseScenario(input: unknown): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) throw new ScenarioError(problemsOf(result.error, 'scenario'));
  return result.data;
}
