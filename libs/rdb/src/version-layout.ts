// Which layouts a server of each RDB version writes for each kind of value (from rdbSaveObjectType of
// Redis 2.8, 3.2, 4.0, 5.0/6.x, 7.0, 7.2 and Valkey 9), and which header items it emits.
import { VALKEY_RDB_VERSION } from './rdb-opcodes';

export type GeneratedRdbVersion = 6 | 7 | 8 | 9 | 10 | 11 | typeof VALKEY_RDB_VERSION;

export const GENERATED_RDB_VERSIONS: readonly GeneratedRdbVersion[] = [6, 7, 8, 9, 10, 11, VALKEY_RDB_VERSION];

export interface VersionLayout {
  version: GeneratedRdbVersion;
  valkey: boolean;
  /** AUX fields and RESIZEDB (RDB 7, Redis 3.2). */
  auxAndResize: boolean;
  /** Lists: a lone ziplist or linked list (2.8), quicklist of ziplists (3.2-6.2), quicklist of listpacks (7.0+). */
  list: 'ziplist' | 'quicklist' | 'quicklist2';
  /** Small hashes and zsets: ziplist (up to 6.2) or listpack (7.0+). */
  compact: 'ziplist' | 'listpack';
  /** Small sets of strings: listpack from 7.2, a hashtable before. */
  setListpack: boolean;
  /** Binary double scores for skiplist zsets (RDB 8, Redis 4.0). */
  binaryScores: boolean;
  /** Stream type code, if the version has streams. */
  stream: 15 | 19 | 21 | undefined;
  /** FUNCTION2 libraries (7.0). */
  functions: boolean;
  /** IDLE / FREQ opcodes (RDB 9). */
  lruOpcodes: boolean;
  /** Hash fields with expire times (Valkey 9's type 22). */
  fieldExpiry: boolean;
}

export function versionLayout(version: GeneratedRdbVersion): VersionLayout {
  const valkey = version === VALKEY_RDB_VERSION;
  const level = valkey ? 11 : version;
  return {
    version,
    valkey,
    auxAndResize: level >= 7,
    list: level >= 10 ? 'quicklist2' : level >= 7 ? 'quicklist' : 'ziplist',
    compact: level >= 10 ? 'listpack' : 'ziplist',
    setListpack: level >= 11,
    binaryScores: level >= 8,
    stream: level >= 11 ? 21 : level >= 10 ? 19 : level >= 9 ? 15 : undefined,
    functions: level >= 10,
    lruOpcodes: level >= 9,
    fieldExpiry: valkey,
  };
}
