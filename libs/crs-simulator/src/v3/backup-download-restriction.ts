// DescribeBackupDownloadRestriction (no parameters) and ModifyBackupDownloadRestriction: the region's
// default download restriction, NoLimit until it is set (INFERRED, crs-v3-api.md §1.6).
import { defineV3Action } from './v3-action';
import { LIMIT_TYPES, restrictionFields, restrictionOf } from './download-restriction';

export const describeBackupDownloadRestriction = defineV3Action({
  name: 'DescribeBackupDownloadRestriction',
  mutates: false,
  params: (k) => k.object({}),
  handle: (context) => ({ ...context.state.restriction(context.region) }),
});

export const modifyBackupDownloadRestriction = defineV3Action({
  name: 'ModifyBackupDownloadRestriction',
  mutates: true,
  params: (k) => k.object({ LimitType: k.oneOf(LIMIT_TYPES), ...restrictionFields(k) }),
  handle: (context, params) => {
    context.state.setRestriction(context.region, restrictionOf(params));
    return {};
  },
});
