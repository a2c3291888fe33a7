// What an export works on and how it is started: one definition for the API, the client, the workflow,
// the activities, the CLI and the suites.

/** Which backup of which instance, in which region. Holds no secret: credentials live in the worker. */
export interface ExportTarget {
  redisId: string;
  backupId: string;
  region: string;
}

/** How the wait for a Tencent task polls; the starter fills in the deployment's defaults. */
export interface PollingPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** Overall deadline of the wait, from its first poll. */
  deadlineMs: number;
}

export const DEFAULT_POLLING_POLICY: PollingPolicy = {
  initialIntervalMs: 2_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60_000,
  deadlineMs: 6 * 60 * 60 * 1000,
};

/** Input of the `exportRedisBackup` workflow. */
export interface ExportInput extends ExportTarget {
  polling?: Partial<PollingPolicy>;
}
