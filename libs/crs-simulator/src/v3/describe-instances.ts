// DescribeInstances (crs-v3-api.md §1.1): the request region's instances, filtered and ordered as asked,
// paged by Limit (default 20, at most 1000) and a row Offset.
import type { SimInstance } from '../simulator-state';
import { defineV3Action } from './v3-action';
import { instanceSet } from './v3-fields';

const ORDER_FIELDS = ['projectId', 'createtime', 'instancename', 'type', 'curDeadline'] as const;

function orderKey(instance: SimInstance, field: (typeof ORDER_FIELDS)[number]): string | number {
  const { profile } = instance;
  switch (field) {
    case 'projectId':
      return profile.projectId;
    case 'createtime':
      return profile.createtime;
    case 'instancename':
      return profile.redisName;
    case 'type':
      return profile.type;
    case 'curDeadline':
      return profile.deadlineTime;
  }
}

export const describeInstances = defineV3Action({
  name: 'DescribeInstances',
  mutates: false,
  params: (k) =>
    k.object({
      Limit: k.int(1, 1000).optional(),
      Offset: k.int(0).optional(),
      InstanceId: k.string().optional(),
      OrderBy: k.oneOf(ORDER_FIELDS).optional(),
      OrderType: k.int(0, 1).optional(),
      VpcIds: k.list(k.string()).optional(),
      SubnetIds: k.list(k.string()).optional(),
      SearchKey: k.string().optional(),
      ProjectIds: k.list(k.int()).optional(),
      InstanceName: k.string().optional(),
      UniqVpcIds: k.list(k.string()).optional(),
      UniqSubnetIds: k.list(k.string()).optional(),
      RegionIds: k.list(k.int()).optional(),
      Status: k.list(k.int()).optional(),
      TypeVersion: k.int(1, 3).optional(),
      EngineName: k.string().optional(),
      AutoRenew: k.list(k.int()).optional(),
      BillingMode: k.string().optional(),
      Type: k.int().optional(),
      SearchKeys: k.list(k.string()).optional(),
      TypeList: k.list(k.int()).optional(),
      MonitorVersion: k.string().optional(),
      InstanceTags: k.list(k.object({ TagKey: k.string(), TagValue: k.string() })).optional(),
      TagKeys: k.list(k.string()).optional(),
      ProductVersions: k.list(k.string()).optional(),
      InstanceIds: k.list(k.string()).optional(),
      AzMode: k.string().optional(),
    }),
  handle: (context, params) => {
    const { state } = context;
    const matches = (instance: SimInstance): boolean => {
      const { profile } = instance;
      const name = profile.redisName;
      const keyMatches = (key: string): boolean =>
        name.includes(key) || profile.redisId === key || profile.wanIp === key;
      return (
        (params.InstanceId === undefined || profile.redisId === params.InstanceId) &&
        (params.InstanceIds === undefined ||
          params.InstanceIds.length === 0 ||
          params.InstanceIds.includes(profile.redisId)) &&
        (params.SearchKey === undefined || keyMatches(params.SearchKey)) &&
        (params.SearchKeys === undefined || params.SearchKeys.length === 0 || params.SearchKeys.some(keyMatches)) &&
        (params.InstanceName === undefined || name === params.InstanceName) &&
        (params.Status === undefined ||
          params.Status.length === 0 ||
          params.Status.includes(state.instanceStatus(instance))) &&
        (params.TypeVersion === undefined || profile.typeVersion === params.TypeVersion) &&
        (params.Type === undefined || profile.type === params.Type) &&
        (params.EngineName === undefined ||
          params.EngineName === `${profile.engine.product}-${profile.engine.version}`) &&
        (params.ProjectIds === undefined ||
          params.ProjectIds.length === 0 ||
          params.ProjectIds.includes(profile.projectId)) &&
        (params.UniqVpcIds === undefined ||
          params.UniqVpcIds.length === 0 ||
          params.UniqVpcIds.includes(profile.unVpcId)) &&
        (params.UniqSubnetIds === undefined ||
          params.UniqSubnetIds.length === 0 ||
          params.UniqSubnetIds.includes(profile.unSubnetId)) &&
        (params.InstanceTags === undefined ||
          params.InstanceTags.every((tag) => profile.tags[tag.TagKey] === tag.TagValue)) &&
        (params.TagKeys === undefined || params.TagKeys.every((key) => key in profile.tags)) &&
        // Every simulated instance is a local-disk one.
        (params.ProductVersions === undefined ||
          params.ProductVersions.length === 0 ||
          params.ProductVersions.includes('local'))
      );
    };
    // Scenario order is creation order.
    let instances = state.instancesIn(context.region).filter(matches);
    const orderBy = params.OrderBy;
    if (orderBy !== undefined)
      instances = [...instances].sort((a, b) => {
        const [x, y] = [orderKey(a, orderBy), orderKey(b, orderBy)];
        return x < y ? -1 : x > y ? 1 : 0;
      });
    // OrderType 1 (the default) is descending: the newest first.
    if ((params.OrderType ?? 1) === 1) instances = [...instances].reverse();
    const offset = params.Offset ?? 0;
    const limit = params.Limit ?? 20;
    return {
      TotalCount: instances.length,
      InstanceSet: instances.slice(offset, offset + limit).map((instance) => instanceSet(state, instance)),
    };
  },
});
