// Search attributes of an export, so that `RedisId = 'crs-...' AND ExportState = 'FAILED'` finds it.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const RedisIdSearchAttribute = defineSearchAttributeKey('RedisId', SearchAttributeType.KEYWORD);
export const BackupIdSearchAttribute = defineSearchAttributeKey('BackupId', SearchAttributeType.KEYWORD);
export const ExportStateSearchAttribute = defineSearchAttributeKey('ExportState', SearchAttributeType.KEYWORD);

/** Names and types to register on a namespace (dev server flags, operator service, compose setup). */
export const EXPORT_SEARCH_ATTRIBUTES = [
  RedisIdSearchAttribute,
  BackupIdSearchAttribute,
  ExportStateSearchAttribute,
] as const;
