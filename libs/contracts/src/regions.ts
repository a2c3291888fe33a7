// Tencent Cloud regions as both API generations name them: v2's short `gz`, 3.0's long `ap-guangzhou`, and
// the numeric regionId v2 reports. The one table for the API's validation, both clients and the simulator.

export interface RegionNames {
  short: string;
  long: string;
  regionId: number;
}

export const REGIONS: readonly RegionNames[] = [
  { short: 'gz', long: 'ap-guangzhou', regionId: 1 },
  { short: 'sh', long: 'ap-shanghai', regionId: 4 },
  { short: 'hk', long: 'ap-hongkong', regionId: 5 },
  { short: 'ca', long: 'na-toronto', regionId: 6 },
  { short: 'shjr', long: 'ap-shanghai-fsi', regionId: 7 },
  { short: 'bj', long: 'ap-beijing', regionId: 8 },
  { short: 'sg', long: 'ap-singapore', regionId: 9 },
  { short: 'szjr', long: 'ap-shenzhen-fsi', regionId: 11 },
  { short: 'usw', long: 'na-siliconvalley', regionId: 15 },
  { short: 'cd', long: 'ap-chengdu', regionId: 16 },
  { short: 'de', long: 'eu-frankfurt', regionId: 17 },
  { short: 'kr', long: 'ap-seoul', regionId: 18 },
  { short: 'cq', long: 'ap-chongqing', regionId: 19 },
  { short: 'in', long: 'ap-mumbai', regionId: 21 },
  { short: 'use', long: 'na-ashburn', regionId: 22 },
  { short: 'th', long: 'ap-bangkok', regionId: 23 },
  { short: 'ru', long: 'eu-moscow', regionId: 24 },
  { short: 'jp', long: 'ap-tokyo', regionId: 25 },
  { short: 'nj', long: 'ap-nanjing', regionId: 33 },
];

/** Every accepted spelling of a region, short and long. */
export const KNOWN_REGIONS: readonly string[] = REGIONS.flatMap((region) => [region.short, region.long]);

export type Region = string;

function find(name: string): RegionNames | undefined {
  const wanted = name.trim().toLowerCase();
  return REGIONS.find((region) => region.short === wanted || region.long === wanted);
}

export function isKnownRegion(name: string): boolean {
  return find(name) !== undefined;
}

/** v2's short name (`gz`) of a region named either way; null when unknown. */
export function shortRegionName(name: string): string | null {
  return find(name)?.short ?? null;
}

/** 3.0's long name (`ap-guangzhou`) of a region named either way; null when unknown. */
export function longRegionName(name: string): string | null {
  return find(name)?.long ?? null;
}

export function regionIdOf(name: string): number | null {
  return find(name)?.regionId ?? null;
}
