// The 3.0 actions the simulator serves (crs-v3-api.md §1), in one list that the route, the rate limits and
// the scenario schema share.

export const V3_ACTION_NAMES = [
  'DescribeInstances',
  'DescribeInstanceBackups',
  'DescribeBackupDetail',
  'ManualBackupInstance',
  'DescribeTaskInfo',
  'DescribeBackupUrl',
  'DescribeBackupDownloadRestriction',
  'ModifyBackupDownloadRestriction',
] as const;

export type V3ActionName = (typeof V3_ACTION_NAMES)[number];

export function isV3ActionName(name: string): name is V3ActionName {
  return (V3_ACTION_NAMES as readonly string[]).includes(name);
}
