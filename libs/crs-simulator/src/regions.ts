// Region names: v2's short `gz` and 3.0's long `ap-guangzhou`, and the numeric regionId both report, from the
// one region table of libs/contracts.
import { REGIONS } from '@crs-export/contracts';

/** The short name for a v2 `Region` parameter given either way (`gz` or `ap-guangzhou`); null if unknown. */
export function canonicalRegion(name: string): string | null {
  const region = REGIONS.find((entry) => entry.short === name || entry.long === name);
  return region ? region.short : null;
}

/** The short name for a 3.0 `X-TC-Region`, which only takes long names; null if unknown. */
export function regionOfLongName(name: string): string | null {
  return REGIONS.find((entry) => entry.long === name)?.short ?? null;
}

/** The long name (`ap-guangzhou`) of a short one. */
export function longRegionName(short: string): string {
  return REGIONS.find((entry) => entry.short === short)?.long ?? short;
}

export function regionIdOf(name: string): number | null {
  const short = canonicalRegion(name);
  return REGIONS.find((entry) => entry.short === short)?.regionId ?? null;
}

export function knownRegionNames(): string[] {
  return REGIONS.map((entry) => entry.short);
}
