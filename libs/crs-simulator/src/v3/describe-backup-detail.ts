// DescribeBackupDetail (crs-v3-api.md §1.3): one backup with its shard count, sizes and encryption.
import { backupOf, defineV3Action, instanceOf } from './v3-action';
import { backupDetail } from './v3-fields';

export const describeBackupDetail = defineV3Action({
  name: 'DescribeBackupDetail',
  mutates: false,
  params: (k) => k.object({ InstanceId: k.string(), BackupId: k.string() }),
  handle: (context, params) => {
    const instance = instanceOf(context, params.InstanceId);
    return backupDetail(instance, backupOf(context, instance, params.BackupId));
  },
});
