// The scenario's 3.0 switches (`v3` in the scenario) with their defaults filled in.
import type { Scenario, ScenarioV3Settings } from '../scenario-schema';

export const DEFAULT_V3_URL_TTL_MS = 6 * 3600 * 1000;
/** Tencent's example URL is signed for 21,660 s: the 6 hours plus a minute (crs-v3-api.md §1.5). */
export const COS_SIGN_SLACK_SECONDS = 60;

export interface V3Settings {
  urlTtlMs: number;
  clusterConversion: 'onDemand' | 'none';
  convertingAnswer: 'statusInvalid' | 'emptyBackupInfos' | 'zeroFileSize';
  backupUrlShape: 'current' | 'deprecatedOnly';
  missingBackupInfos: number;
  defaultBackupStatuses: readonly number[];
  unknownParameters: 'error' | 'ignore';
  taskIdAsString: boolean;
  rateLimits: ScenarioV3Settings['rateLimits'];
}

export function v3Settings(scenario: Scenario): V3Settings {
  const v3 = scenario.v3 ?? {};
  return {
    urlTtlMs: v3.urlTtlMs ?? DEFAULT_V3_URL_TTL_MS,
    clusterConversion: v3.clusterConversion ?? 'onDemand',
    convertingAnswer: v3.convertingAnswer ?? 'statusInvalid',
    backupUrlShape: v3.backupUrlShape ?? 'current',
    missingBackupInfos: v3.missingBackupInfos ?? 0,
    defaultBackupStatuses: v3.defaultBackupStatuses ?? [2],
    unknownParameters: v3.unknownParameters ?? 'error',
    taskIdAsString: v3.taskIdAsString ?? false,
    rateLimits: v3.rateLimits ?? {},
  };
}
