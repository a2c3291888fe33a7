// DescribeInstanceBackups (crs-v3-api.md §1.2): the backups of one instance (or of every instance in the
// region), newest first, filtered by start time (a span of at most 30 days) and Status (default [2],
// which hides backups still in progress), paged by Limit (default 20, at most 100) and a row Offset.
import { parseBeijingTime } from '../beijing-time';
import { defineV3Action, instanceOf } from './v3-action';
import { v3Error } from './v3-error';
import { redisBackupSet } from './v3-fields';

const MAX_SPAN_MS = 30 * 86_400_000;

function timeOf(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = parseBeijingTime(value);
  if (Number.isNaN(time))
    throw v3Error(
      'InvalidParameter.InvalidParameter',
      `${name} must look like "2017-02-08 16:46:34", got ${JSON.stringify(value)}`,
    );
  return time;
}

export const describeInstanceBackups = defineV3Action({
  name: 'DescribeInstanceBackups',
  mutates: false,
  params: (k) =>
    k.object({
      Limit: k.int(1, 100).optional(),
      Offset: k.int(0).optional(),
      InstanceId: k.string().optional(),
      BeginTime: k.string().optional(),
      EndTime: k.string().optional(),
      Status: k.list(k.int()).optional(),
      InstanceName: k.string().optional(),
    }),
  handle: (context, params) => {
    const begin = timeOf('BeginTime', params.BeginTime);
    const end = timeOf('EndTime', params.EndTime);
    if (begin !== undefined && end !== undefined) {
      if (begin > end) throw v3Error('InvalidParameter.InvalidParameter', 'BeginTime is after EndTime');
      if (end - begin > MAX_SPAN_MS)
        throw v3Error('InvalidParameter.InvalidParameter', 'BeginTime and EndTime may be at most 30 days apart');
    }
    const instances =
      params.InstanceId !== undefined
        ? [instanceOf(context, params.InstanceId)]
        : context.state.instancesIn(context.region);
    const statuses =
      params.Status !== undefined && params.Status.length > 0 ? params.Status : context.settings.defaultBackupStatuses;
    const rows = instances
      .filter(
        (instance) => params.InstanceName === undefined || instance.profile.redisName.includes(params.InstanceName),
      )
      .flatMap((instance) =>
        context.state
          .backupsOf(instance)
          .filter((backup) => {
            const started = parseBeijingTime(backup.startTime);
            return (
              statuses.includes(backup.status) &&
              (begin === undefined || started >= begin) &&
              (end === undefined || started <= end)
            );
          })
          .map((backup) => ({ instance, backup })),
      )
      // The fixed-width time format sorts as text.
      .sort((a, b) => (a.backup.startTime < b.backup.startTime ? 1 : a.backup.startTime > b.backup.startTime ? -1 : 0));
    const offset = params.Offset ?? 0;
    const limit = params.Limit ?? 20;
    return {
      TotalCount: rows.length,
      BackupSet: rows.slice(offset, offset + limit).map(({ instance, backup }) => redisBackupSet(instance, backup)),
    };
  },
});
