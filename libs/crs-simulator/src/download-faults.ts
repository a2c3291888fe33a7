// Which body fault a download gets (the "download" key's `files` of the fault config): the first rule
// that matches the file and wins its roll; a rule with `times` fires that many times, then never again
// (e.g. "the first download of shard 2 truncated, the retry fine").
import type { DownloadFault, FaultConfig } from './fault-schema';
import { DOWNLOAD_FAULT_KEY } from './fault-decision';
import type { Random } from './seeded-random';

export interface DownloadTarget {
  api: 'v2' | 'v3';
  redisId: string;
  backupId: string;
  /** 1-based. */
  shard: number;
}

export class DownloadFaultPicker {
  /** Rules are replaced with the configuration, so counting by object forgets old rules by itself. */
  private readonly fired = new WeakMap<DownloadFault, number>();

  pick(config: FaultConfig, target: DownloadTarget, random: Random): DownloadFault | null {
    for (const rule of config[DOWNLOAD_FAULT_KEY]?.files ?? []) {
      if (rule.api !== undefined && rule.api !== target.api) continue;
      if (rule.redisId !== undefined && rule.redisId !== target.redisId) continue;
      if (rule.backupId !== undefined && rule.backupId !== target.backupId) continue;
      if (rule.shard !== undefined && rule.shard !== target.shard) continue;
      const fired = this.fired.get(rule) ?? 0;
      if (rule.times !== undefined && fired >= rule.times) continue;
      if (rule.rate !== undefined && rule.rate < 1 && !(random() < rule.rate)) continue;
      this.fired.set(rule, fired + 1);
      return rule;
    }
    return null;
  }
}
