// The bulk of a generated file's small keys: groups of five keys of one user (a string with an expire, a
// hash, a list, a set, a sorted set) whose encoded size is the same for every group, so that a file of any
// size is planned by arithmetic instead of by encoding millions of keys twice.
import { FAR_FUTURE_MS, type PlannedKey } from './sample-keys';
import type { ShardKeyNames } from './shard-key-names';
import {
  encodeEntry,
  intsetSet,
  listpackPairs,
  listpackSet,
  quicklist,
  quicklist2,
  stringValue,
  ziplistList,
  ziplistPairs,
  type EncodedValue,
} from './value-encode';
import type { VersionLayout } from './version-layout';
import type { RdbValueKind } from './rdb-opcodes';

export const KEYS_PER_GROUP = 5;

/** The kinds and RDB type codes of a group's keys, in order, for the planner's summary. */
export function groupKeyTypes(
  layout: VersionLayout,
): ReadonlyArray<{ kind: RdbValueKind; code: number; expires: boolean }> {
  const compact = layout.compact === 'listpack';
  return [
    { kind: 'string', code: 0, expires: true },
    { kind: 'hash', code: compact ? 16 : 13, expires: false },
    { kind: 'list', code: layout.list === 'quicklist2' ? 18 : layout.list === 'quicklist' ? 14 : 10, expires: false },
    { kind: 'set', code: layout.setListpack ? 20 : 11, expires: false },
    { kind: 'zset', code: compact ? 17 : 12, expires: false },
  ];
}

/**
 * Renders group `index`. Every variable part has a fixed length (zero-padded index, fixed-size slices of
 * a letter pool, scores "d.5", intset members in the 16-bit range) and nothing is LZF-compressed, so a
 * group is a byte template with a few fields patched: names, text slices, the expire time, intset members.
 */
export class KeyGroups {
  readonly groupBytes: number;
  private readonly template: Buffer;
  private readonly namePatches: Array<{ at: number; suffix: string }> = [];
  private readonly textPatches: Array<{ at: number; n: number; salt: number }> = [];
  private readonly intsetAt: number;

  constructor(
    private readonly layout: VersionLayout,
    private readonly names: ShardKeyNames,
    /** Letters only, so no slice is ever an integer. */
    private readonly pool: string,
  ) {
    if (pool.length < 1024) throw new RangeError('the letter pool of key groups needs at least 1 KiB');
    // Sentinel text: a run of one capital letter per slice, found back in the template to locate it.
    const sentinel = (n: number, salt: number): string => String.fromCharCode(65 + salt).repeat(n);
    this.template = this.encode(0, sentinel);
    this.groupBytes = this.template.length;
    for (const key of this.keys(0, sentinel)) {
      this.namePatches.push({
        at: this.uniqueOffset(Buffer.from(key.name, 'latin1')),
        suffix: key.name.split(':')[2] ?? '',
      });
    }
    for (const [n, salt] of TEXT_SLICES[layout.setListpack ? 'listpack' : 'intset']) {
      this.textPatches.push({ at: this.uniqueOffset(Buffer.from(sentinel(n, salt), 'latin1')), n, salt });
    }
    this.intsetAt = layout.setListpack ? -1 : this.uniqueOffset(Buffer.from([2, 0, 0, 0, 4, 0, 0, 0, 0xe8, 0x03])) + 8;
    for (const index of [0, 1, 99_999]) {
      const fast = Buffer.alloc(this.groupBytes);
      this.renderInto(fast, 0, index);
      if (!fast.equals(this.encode(index, (n, salt) => this.slice(index, n, salt)))) {
        throw new Error(`the key group template renders group ${index} wrong`);
      }
    }
  }

  /** Writes group `index` at `at` of `out` (groupBytes bytes). */
  renderInto(out: Buffer, at: number, index: number): void {
    this.template.copy(out, at);
    const id = String(index).padStart(10, '0');
    for (const patch of this.namePatches) {
      out.write(this.names.fixedWidth(`user:${id}:${patch.suffix}`), at + patch.at, 'latin1');
    }
    for (const patch of this.textPatches) out.write(this.slice(index, patch.n, patch.salt), at + patch.at, 'latin1');
    const expire = FAR_FUTURE_MS + index * 1000;
    out.writeUInt32LE(expire % 2 ** 32, at + 1);
    out.writeUInt32LE(Math.floor(expire / 2 ** 32), at + 5);
    if (this.intsetAt >= 0) {
      for (const [i, member] of intsetMembers(index).entries()) out.writeInt16LE(member, at + this.intsetAt + 2 * i);
    }
  }

  /** The group encoded key by key (the reference the template is checked against). */
  render(index: number): Buffer {
    return this.encode(index, (n, salt) => this.slice(index, n, salt));
  }

  keys(
    index: number,
    text: (n: number, salt: number) => string = (n, salt) => this.slice(index, n, salt),
  ): PlannedKey[] {
    const id = String(index).padStart(10, '0');
    const name = (suffix: string): string => this.names.fixedWidth(`user:${id}:${suffix}`);
    const layout = this.layout;
    const compact = layout.compact === 'listpack';
    const hash = [
      ['theme', text(8, 1)],
      ['lang', text(8, 2)],
      ['tz', text(8, 3)],
    ] as const;
    const recent = [text(12, 4), text(12, 5), text(12, 6), text(12, 7)];
    const scores = [1, 2, 3].map((d) => [`${text(6, 7 + d)}${d}`, `${d}.5`] as const);
    const list: EncodedValue =
      layout.list === 'quicklist2'
        ? quicklist2([{ items: recent }], false)
        : layout.list === 'quicklist'
          ? quicklist([{ items: recent }], false)
          : ziplistList(recent, false);
    const set = layout.setListpack
      ? listpackSet(
          [text(6, 11), text(6, 12), text(6, 13)].map((t, i) => `${t}${i}`),
          false,
        )
      : intsetSet(intsetMembers(index), false);
    const raw = { encodeName: false } as const;
    return [
      {
        name: name('name'),
        value: stringValue(text(24, 0), false),
        options: { ...raw, expireAtMs: FAR_FUTURE_MS + index * 1000 },
      },
      {
        name: name('prefs'),
        value: compact ? listpackPairs(16, hash, false) : ziplistPairs(13, hash, false),
        options: raw,
      },
      { name: name('recent'), value: list, options: raw },
      { name: name('tags'), value: set, options: raw },
      {
        name: name('scores'),
        value: compact ? listpackPairs(17, scores, false) : ziplistPairs(12, scores, false),
        options: raw,
      },
    ];
  }

  private encode(index: number, text: (n: number, salt: number) => string): Buffer {
    return Buffer.concat(this.keys(index, text).map((k) => encodeEntry(k.name, k.value, k.options)));
  }

  private slice(index: number, n: number, salt: number): string {
    const at = (index * 7919 + salt * 131) % (this.pool.length - n);
    return this.pool.slice(at, at + n);
  }

  private uniqueOffset(needle: Buffer): number {
    const at = this.template.indexOf(needle);
    if (at < 0 || this.template.indexOf(needle, at + 1) >= 0)
      throw new Error('a key group field is not unique in its template');
    return at;
  }
}

/** The (length, salt) of every text slice of a group, by set layout. */
const COMMON_SLICES: ReadonlyArray<readonly [number, number]> = [
  [24, 0],
  [8, 1],
  [8, 2],
  [8, 3],
  [12, 4],
  [12, 5],
  [12, 6],
  [12, 7],
  [6, 8],
  [6, 9],
  [6, 10],
];
const TEXT_SLICES = {
  intset: COMMON_SLICES,
  listpack: [...COMMON_SLICES, [6, 11], [6, 12], [6, 13]] as ReadonlyArray<readonly [number, number]>,
};

/** Four members in the 16-bit range, distinct and ascending for any index. */
function intsetMembers(index: number): number[] {
  return [1000, 2000, 3000, 4000].map((m, i) => m + ((index * (i + 3)) % 997));
}
