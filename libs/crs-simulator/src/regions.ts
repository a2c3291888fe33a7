// v2 region names (short `gz` and long `ap-guangzhou`) and the numeric regionId DescribeRedis reports.

const REGIONS: ReadonlyArray<{ short: string; long: string; regionId: number }> = [
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
  { short: 'use', long: 'na-ashburn', regionId: 22 },
  { short: 'th', long: 'ap-bangkok', regionId: 23 },
  { short: 'jp', long: 'ap-tokyo', regionId: 25 },
];

/** The short name for a `Region` parameter given either way (`gz` or `ap-guangzhou`); null if unknown. */
export function canonicalRegion(name: string): string | null {
  const region = REGIONS.find((entry) => entry.short === name || entry.long === name);
  return region ? region.short : null;
}

export function regionIdOf(name: string): number | null {
  const short = canonicalRegion(name);
  return REGIONS.find((entry) => entry.short === short)?.regionId ?? null;
}

export function knownRegionNames(): string[] {
  return REGIONS.map((entry) => entry.short);
}
