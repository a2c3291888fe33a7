// The download restriction of DescribeBackupUrl and (Describe|Modify)BackupDownloadRestriction (§1.5-1.6):
// LimitType NoLimit | LimitOnlyIntranet | Customize, with the VPC and IP lists Customize needs.
import type { z } from 'zod';
import type { DownloadRestriction } from '../simulator-state';
import { v3Error } from './v3-error';
import type { ParamKit } from './v3-params';

export const LIMIT_TYPES = ['NoLimit', 'LimitOnlyIntranet', 'Customize'] as const;

export function restrictionFields(k: ParamKit) {
  return {
    VpcComparisonSymbol: k.oneOf(['In']).optional(),
    IpComparisonSymbol: k.oneOf(['In', 'NotIn']).optional(),
    LimitVpc: k.list(k.object({ Region: k.string(), VpcList: k.list(k.string()) })).optional(),
    LimitIp: k.list(k.string()).optional(),
  };
}

type RestrictionParams = {
  LimitType: (typeof LIMIT_TYPES)[number];
} & { [K in keyof ReturnType<typeof restrictionFields>]?: z.output<ReturnType<typeof restrictionFields>[K]> };

/** The restriction a request asks for; Customize without a VPC or IP list is refused. */
export function restrictionOf(params: RestrictionParams): DownloadRestriction {
  const restriction: DownloadRestriction = {
    LimitType: params.LimitType,
    VpcComparisonSymbol: params.VpcComparisonSymbol ?? 'In',
    IpComparisonSymbol: params.IpComparisonSymbol ?? 'In',
    LimitVpc: params.LimitVpc ?? [],
    LimitIp: params.LimitIp ?? [],
  };
  if (restriction.LimitType === 'Customize' && restriction.LimitVpc.length === 0 && restriction.LimitIp.length === 0)
    throw v3Error('InvalidParameter.InvalidParameter', 'LimitType Customize needs LimitVpc or LimitIp');
  return restriction;
}
