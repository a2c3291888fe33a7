// The 3.0 actions by name.
import { describeBackupDetail } from './describe-backup-detail';
import { describeBackupUrl } from './describe-backup-url';
import { describeInstanceBackups } from './describe-instance-backups';
import { describeInstances } from './describe-instances';
import { describeTaskInfo } from './describe-task-info';
import { manualBackupInstance } from './manual-backup-instance';
import { describeBackupDownloadRestriction, modifyBackupDownloadRestriction } from './backup-download-restriction';
import type { V3Action } from './v3-action';
import type { V3ActionName } from './v3-action-names';

export const V3_ACTIONS: Readonly<Record<V3ActionName, V3Action>> = {
  DescribeInstances: describeInstances,
  DescribeInstanceBackups: describeInstanceBackups,
  DescribeBackupDetail: describeBackupDetail,
  ManualBackupInstance: manualBackupInstance,
  DescribeTaskInfo: describeTaskInfo,
  DescribeBackupUrl: describeBackupUrl,
  DescribeBackupDownloadRestriction: describeBackupDownloadRestriction,
  ModifyBackupDownloadRestriction: modifyBackupDownloadRestriction,
};
