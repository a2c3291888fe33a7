// DescribeBackupUrl (crs-v3-api.md §1.5, §1.7): one COS-like URL per shard file, valid 6 hours, in
// BackupInfos and the deprecated arrays. A cluster backup (status 2) is converted on demand: the first call
// moves it to 3 and starts the conversion task, and until it reaches 4 the call answers the configured way
// (BackupStatusInvalid, an empty BackupInfos, or FileSize 0). A standard backup has its URLs at once.
import { shardFiles } from '../backup-files';
import type { CosScope } from '../cos-url';
import { backupOf, defineV3Action, instanceOf, type V3Context } from './v3-action';
import { LIMIT_TYPES, restrictionFields, restrictionOf } from './download-restriction';
import { v3Error } from './v3-error';
import { COS_SIGN_SLACK_SECONDS } from './v3-settings';
import type { SimBackup, SimInstance } from '../simulator-state';

type Answer = Record<string, unknown>;

function urlsOf(
  context: V3Context,
  instance: SimInstance,
  backup: SimBackup,
  options: { publicScope: CosScope; zeroSizes: boolean },
): Answer {
  const start = Math.floor(context.now / 1000);
  const end = start + Math.floor(context.settings.urlTtlMs / 1000) + COS_SIGN_SLACK_SECONDS;
  const files = shardFiles(instance.profile, backup);
  const kept = files.slice(0, Math.max(0, files.length - context.settings.missingBackupInfos));
  const infos = kept.map((file) => ({
    FileName: file.fileName,
    FileSize: options.zeroSizes ? 0 : file.sizeBytes,
    DownloadUrl: context.cos.url(context.downloadBase, {
      path: file.objectPath,
      scope: options.publicScope,
      start,
      end,
    }),
    InnerDownloadUrl: context.cos.url(context.downloadBase, { path: file.objectPath, scope: 'intranet', start, end }),
  }));
  return answerOf(context, infos);
}

function answerOf(
  context: V3Context,
  infos: Array<{ FileName: string; FileSize: number; DownloadUrl: string; InnerDownloadUrl: string }>,
): Answer {
  const deprecated = {
    DownloadUrl: infos.map((info) => info.DownloadUrl),
    InnerDownloadUrl: infos.map((info) => info.InnerDownloadUrl),
    Filenames: infos.map((info) => info.FileName),
  };
  return context.settings.backupUrlShape === 'deprecatedOnly' ? deprecated : { ...deprecated, BackupInfos: infos };
}

export const describeBackupUrl = defineV3Action({
  name: 'DescribeBackupUrl',
  // Its first call on a cluster backup starts the conversion.
  mutates: true,
  params: (k) =>
    k.object({
      InstanceId: k.string(),
      BackupId: k.string(),
      LimitType: k.oneOf(LIMIT_TYPES).optional(),
      ...restrictionFields(k),
    }),
  handle: (context, params) => {
    const instance = instanceOf(context, params.InstanceId);
    const backup = backupOf(context, instance, params.BackupId);
    const restriction =
      params.LimitType !== undefined
        ? restrictionOf({ ...params, LimitType: params.LimitType })
        : context.state.restriction(context.region);
    const publicScope: CosScope = restriction.LimitType === 'NoLimit' ? 'public' : 'denied';
    if (backup.status === 1)
      throw v3Error(
        'ResourceUnavailable.BackupStatusInvalid',
        `backup ${backup.backupId} is locked by another flow (still in progress)`,
      );
    if (backup.status === -1)
      throw v3Error('ResourceUnavailable.BackupStatusInvalid', `backup ${backup.backupId} has expired`);
    const onDemand = instance.profile.cluster && context.settings.clusterConversion === 'onDemand';
    if (onDemand && backup.status === 2) context.state.startExport(instance, backup);
    if (backup.status === 3) {
      switch (context.settings.convertingAnswer) {
        case 'statusInvalid':
          throw v3Error(
            'ResourceUnavailable.BackupStatusInvalid',
            `backup ${backup.backupId} is being converted to RDB files; try again later`,
          );
        case 'emptyBackupInfos':
          return answerOf(context, []);
        case 'zeroFileSize':
          return urlsOf(context, instance, backup, { publicScope, zeroSizes: true });
      }
    }
    return urlsOf(context, instance, backup, { publicScope, zeroSizes: false });
  },
});

/** Whether COS holds the backup's files now: converted (4), or a backup that needs no conversion (2). */
export function filesAvailable(
  instance: SimInstance,
  backup: SimBackup,
  clusterConversion: 'onDemand' | 'none',
): boolean {
  if (backup.status === 4) return true;
  return backup.status === 2 && (!instance.profile.cluster || clusterConversion === 'none');
}
