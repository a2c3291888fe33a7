// The hand-shaped keys at the start of every generated database: one of each type and layout the file's
// version writes, sized to force each representation (e.g. an element over 64 bytes makes a hash table).
import type { SeededRandom } from './seeded-random';
import type { ShardKeyNames } from './shard-key-names';
import type { StreamEntry, StreamSpec } from './stream-encode';
import {
  hashtableHash,
  intsetSet,
  listpackPairs,
  listpackSet,
  plainCollection,
  quicklist,
  quicklist2,
  scoreText,
  skiplistZset,
  streamValue,
  stringValue,
  valkeyHashWithExpiry,
  ziplistList,
  ziplistPairs,
  type EncodedValue,
  type EntryOptions,
  type QuicklistNode,
} from './value-encode';
import type { VersionLayout } from './version-layout';

/** 2100-01-01T00:00:00Z: expires this far ahead keep every key alive when a server loads the file. */
export const FAR_FUTURE_MS = 4_102_444_800_000;
/** A fixed past instant for stream IDs, delivery and seen times (2023-11-14T22:13:20Z). */
const EPOCH_MS = 1_700_000_000_000;

export interface PlannedKey {
  name: string;
  value: EncodedValue;
  options: EntryOptions;
}

export interface SampleContext {
  layout: VersionLayout;
  random: SeededRandom;
  names: ShardKeyNames;
  /** Which LRU/LFU opcode the "server" writes (its maxmemory-policy), if any. */
  eviction: 'idle' | 'freq' | undefined;
}

const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];

function json(random: SeededRandom, fields: number): string {
  const entries: string[] = [];
  for (let i = 0; i < fields; i++)
    entries.push(`"${random.pick(words)}${i}":"${random.alphanumeric(random.between(4, 12))}"`);
  return `{${entries.join(',')}}`;
}

/** A text of `length` bytes made of repeated words (compressible, as cached HTML is). */
function repetitive(random: SeededRandom, length: number): string {
  let out = '<html><body>';
  while (out.length < length) out += `<p class="${random.pick(words)}">${random.pick(words)} ${random.pick(words)}</p>`;
  return out.slice(0, length);
}

function list(ctx: SampleContext, items: readonly string[], nodes: number, compressMiddle: boolean): EncodedValue {
  const perNode = Math.ceil(items.length / nodes);
  const quicklistNodes: QuicklistNode[] = [];
  for (let i = 0; i < nodes; i++) {
    quicklistNodes.push({
      items: items.slice(i * perNode, (i + 1) * perNode),
      compressed: compressMiddle && i > 0 && i < nodes - 1,
    });
  }
  return ctx.layout.list === 'quicklist2' ? quicklist2(quicklistNodes) : quicklist(quicklistNodes);
}

function smallHash(ctx: SampleContext, pairs: ReadonlyArray<readonly [string, string]>): EncodedValue {
  return ctx.layout.compact === 'listpack' ? listpackPairs(16, pairs) : ziplistPairs(13, pairs);
}

function smallZset(ctx: SampleContext, members: ReadonlyArray<readonly [string, number]>): EncodedValue {
  const sorted = [...members].sort(([ma, sa], [mb, sb]) => sa - sb || (ma < mb ? -1 : ma > mb ? 1 : 0));
  const pairs = sorted.map(([m, s]) => [m, scoreText(s)] as const);
  return ctx.layout.compact === 'listpack' ? listpackPairs(17, pairs) : ziplistPairs(12, pairs);
}

function stream(ctx: SampleContext): StreamSpec {
  const { random } = ctx;
  const order = (i: number): StreamEntry => ({
    id: [EPOCH_MS + i * 1000, i % 3],
    fields: [
      ['order', `o-${1000 + i}`],
      ['amount', String(random.between(1, 999))],
      ['status', random.pick(['new', 'paid', 'shipped'])],
    ],
  });
  const first: StreamEntry[] = [order(0), order(1), { ...order(2), deleted: true }, order(3)];
  // An entry with other fields than the node's master entry is stored with its field names.
  const second: StreamEntry[] = [
    order(4),
    { id: [EPOCH_MS + 5000, 0], fields: [['note', random.letters(20)]] },
    order(6),
  ];
  const lastId = [EPOCH_MS + 6000, 0] as const;
  const pendingA = [first[0], first[1]].map((e) => e?.id ?? lastId);
  const pendingB = [second[0]?.id ?? lastId];
  return {
    nodes: [first, second],
    lastId,
    groups: [
      {
        name: 'billing',
        lastId: second[0]?.id ?? lastId,
        entriesRead: 5,
        pending: [...pendingA, ...pendingB].map((id, i) => ({
          id,
          deliveryTime: EPOCH_MS + 60_000 + i,
          deliveryCount: i + 1,
        })),
        consumers: [
          { name: 'worker-1', seenTime: EPOCH_MS + 61_000, activeTime: EPOCH_MS + 60_500, pending: pendingA },
          { name: 'worker-2', seenTime: EPOCH_MS + 62_000, activeTime: EPOCH_MS + 61_500, pending: pendingB },
          { name: 'worker-idle', seenTime: EPOCH_MS + 50_000, activeTime: EPOCH_MS + 50_000, pending: [] },
        ],
      },
      { name: 'audit', lastId: [0, 0], entriesRead: 0, pending: [], consumers: [] },
    ],
  };
}

/** The full sample set of database 0: every type and layout of the version. */
export function sampleKeysOfDb0(ctx: SampleContext): PlannedKey[] {
  const { layout, random, names } = ctx;
  const keys: PlannedKey[] = [];
  const add = (name: string, value: EncodedValue, options: EntryOptions = {}): void => {
    keys.push({ name: names.name(name), value, options });
  };
  const expire = (seconds: number): EntryOptions => ({ expireAtMs: FAR_FUTURE_MS + seconds * 1000 });
  const evict = (n: number): EntryOptions =>
    ctx.eviction === 'idle' ? { idle: 30 + n } : ctx.eviction === 'freq' ? { freq: 5 + n } : {};

  // Strings: 8, 16 and 32-bit integers, a number too big for 32 bits (raw digits), raw, LZF, binary, empty.
  add('counter:small', stringValue('42'), evict(1));
  add('counter:medium', stringValue('-12345'));
  add('counter:visits', stringValue(String(random.between(100_000, 2_000_000_000))), evict(2));
  add('counter:bytes', stringValue('98765432109876'));
  add(`session:${random.hex(16)}`, stringValue(json(random, 3)), expire(3600));
  add('page:cache:/home', stringValue(repetitive(random, 2048)), expire(600));
  add('blob:thumbnail', stringValue(random.bytes(300), false));
  add('flag:empty', stringValue(''));
  keys.push({
    name: names.tagged(`order:${random.between(1000, 9999)}`, ':status'),
    value: stringValue('paid'),
    options: {},
  });

  // Lists: a small one, and one with an element over 64 bytes (a linked list before quicklists).
  const jobs = ['resize', 'email', '17', 'thumbnail', '-3', 'report', 'index', '255', 'purge', 'sync'];
  const events = Array.from({ length: 24 }, (_, i) => `event ${i} ${random.pick(words)} ${random.pick(words)}`);
  events[5] = `long event ${random.letters(90)}`;
  if (layout.list === 'ziplist') {
    add('queue:jobs', ziplistList(jobs));
    add('log:events', plainCollection(1, events));
  } else {
    add('queue:jobs', list(ctx, jobs, 1, false));
    add('log:events', list(ctx, events, 3, true), expire(86_400));
  }
  if (layout.list === 'quicklist2') {
    // A node holding one element as is (container 1), as Redis 7 stores elements over its packed threshold.
    const plain: QuicklistNode = { items: [], plain: Buffer.from(`plain ${random.letters(4000)}`) };
    add('list:attachments', quicklist2([{ items: ['header'] }, plain, { items: ['footer'] }]));
  }

  // Sets: intsets of 16 and 64-bit members, strings in a hash table (and a listpack from 7.2).
  add('set:user-ids', intsetSet(Array.from({ length: 20 }, (_, i) => i * 37 - 100)));
  add('set:big-ids', intsetSet([1, -5_000_000_000, 9_007_199_254_740_000, 77]));
  const tags = Array.from({ length: 8 }, () => `${random.pick(words)}-${random.letters(5)}`);
  tags.push(`a tag longer than sixty-four bytes ${random.letters(40)}`);
  add('set:tags', plainCollection(2, [...new Set(tags)]));
  if (layout.setListpack) add('set:colors', listpackSet(['red', 'green', 'blue', 'cyan', 'magenta']));

  // Sorted sets: a compact one, and a skiplist (a member over 64 bytes) with infinities.
  add(
    'rank:daily',
    smallZset(ctx, [
      ['ann', 12],
      ['bob', 7.5],
      ['cy', 30],
      ['dee', -2],
    ]),
  );
  add(
    'rank:all-time',
    skiplistZset(
      [
        ['ann', 1200],
        ['bob', 75.25],
        [`a member longer than sixty-four bytes ${random.letters(40)}`, 3],
        ['floor', -Infinity],
        ['ceiling', Infinity],
      ],
      layout.binaryScores,
    ),
    evict(3),
  );

  // Hashes: a compact one, and a hash table (a value over 64 bytes).
  add(
    'user:1000',
    smallHash(ctx, [
      ['name', 'Ann'],
      ['age', '37'],
      ['city', random.pick(words)],
      ['visits', '12345'],
    ]),
  );
  add(
    'user:1001:profile',
    hashtableHash([
      ['name', 'Bob'],
      ['bio', `a biography longer than sixty-four bytes ${random.letters(60)}`],
      ['email', `${random.letters(8)}@example.com`],
    ]),
    expire(7200),
  );
  if (layout.fieldExpiry) {
    add(
      'user:1002:tokens',
      valkeyHashWithExpiry([
        ['access', random.hex(32), FAR_FUTURE_MS + 300_000],
        ['refresh', random.hex(32), FAR_FUTURE_MS + 86_400_000],
        ['device', 'phone', -1],
      ]),
    );
  }

  // Streams with consumer groups, a PEL, and an entry deleted by XDEL.
  if (layout.stream !== undefined) {
    add('events:orders', streamValue(stream(ctx), layout.stream));
    add('events:trimmed', streamValue({ nodes: [], lastId: [EPOCH_MS, 5], groups: [] }, layout.stream));
  }
  return keys;
}

/** The few keys of databases other than 0 (a cache and a counter per database). */
export function sampleKeysOfOtherDb(ctx: SampleContext, db: number): PlannedKey[] {
  const { random, names } = ctx;
  return [
    {
      name: names.name(`cache:${db}:${random.hex(8)}`),
      value: stringValue(json(random, 2)),
      options: { expireAtMs: FAR_FUTURE_MS + db * 1000 },
    },
    {
      name: names.name(`stats:${db}`),
      value: smallHash(ctx, [
        ['hits', String(random.between(1, 99999))],
        ['misses', '7'],
      ]),
      options: {},
    },
    { name: names.name(`counter:${db}`), value: stringValue(String(db * 1000 + 7)), options: {} },
  ];
}
