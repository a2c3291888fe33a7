// Which instances of a region a batch's selector names: by list, or by architecture, name and tags.
import type { InstanceSelector, RedisInstanceInfo } from '@crs-export/contracts';

/** `orders-*` matches by glob; a name without `*` matches as a substring. */
function nameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return name.includes(pattern);
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(name);
}

export function selectInstances(selector: InstanceSelector, instances: readonly RedisInstanceInfo[]): string[] {
  if ('redisIds' in selector) return [...new Set(selector.redisIds)].sort();
  return instances
    .filter(
      (instance) =>
        (selector.architecture === undefined || instance.architecture === selector.architecture) &&
        (selector.name === undefined || nameMatches(selector.name, instance.name)) &&
        Object.entries(selector.tags ?? {}).every(([key, value]) => instance.tags[key] === value),
    )
    .map((instance) => instance.redisId)
    .sort();
}
