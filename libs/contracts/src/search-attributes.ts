// Search attributes of exports and batches, so that `RedisId = 'crs-...' AND ExportState = 'FAILED'` or
// `BatchId = 'batch-...'` finds them in the Web UI and with `temporal workflow list`.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const RedisIdSearchAttribute = defineSearchAttributeKey('RedisId', SearchAttributeType.KEYWORD);
export const BackupIdSearchAttribute = defineSearchAttributeKey('BackupId', SearchAttributeType.KEYWORD);
export const ExportStateSearchAttribute = defineSearchAttributeKey('ExportState', SearchAttributeType.KEYWORD);
/** A batch and each of its child exports carry the batch's ID: `BatchId = 'batch-...'` lists them all. */
export const BatchIdSearchAttribute = defineSearchAttributeKey('BatchId', SearchAttributeType.KEYWORD);
/** The state of a batch (RESOLVING, RUNNING, PRUNING, SUCCEEDED, FAILED, CANCELLED). */
export const BatchStateSearchAttribute = defineSearchAttributeKey('BatchState', SearchAttributeType.KEYWORD);
/** Set by Temporal on each run a schedule starts (not registered by us): when the run was due. */
export const ScheduledStartTimeSearchAttribute = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);
/** Set by Temporal on each run a schedule starts: the schedule's ID. */
export const ScheduledByIdSearchAttribute = defineSearchAttributeKey(
  'TemporalScheduledById',
  SearchAttributeType.KEYWORD,
);

/** Names and types to register on a namespace (dev server flags, operator service, compose setup). */
export const EXPORT_SEARCH_ATTRIBUTES = [
  RedisIdSearchAttribute,
  BackupIdSearchAttribute,
  ExportStateSearchAttribute,
  BatchIdSearchAttribute,
  BatchStateSearchAttribute,
] as const;
