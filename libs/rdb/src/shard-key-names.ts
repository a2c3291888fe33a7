// Key names that belong to one shard of a cluster: a name whose slot falls outside the shard's range gets
// a short salt (inside its {hash tag} when it has one), searched deterministically.
import { keySlot, shardSlotRange, type ShardSpec } from './cluster-slot';

const SALT_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';
const SALT_LENGTH = 4;
const SALTS = SALT_CHARS.length ** SALT_LENGTH;

export class ShardKeyNames {
  private readonly range: { first: number; last: number } | undefined;

  constructor(shard?: ShardSpec) {
    this.range = shard ? shardSlotRange(shard) : undefined;
  }

  get sharded(): boolean {
    return this.range !== undefined;
  }

  /** `base` itself when the shard owns it, else `base:<salt>`. */
  name(base: string): string {
    return this.owns(base) ? base : this.salted((salt) => `${base}:${salt}`);
  }

  /** A name of fixed width: `base:<salt>` whenever the file is for a shard, `base` otherwise. */
  fixedWidth(base: string): string {
    return this.range ? this.salted((salt) => `${base}:${salt}`) : base;
  }

  /** `{tag}rest`, with the salt inside the braces since only the tag decides the slot. */
  tagged(tag: string, rest: string): string {
    const plain = `{${tag}}${rest}`;
    return this.owns(plain) ? plain : this.salted((salt) => `{${tag}:${salt}}${rest}`);
  }

  private owns(key: string): boolean {
    if (!this.range) return true;
    const slot = keySlot(key);
    return slot >= this.range.first && slot <= this.range.last;
  }

  private salted(make: (salt: string) => string): string {
    for (let n = 0; n < SALTS; n++) {
      let salt = '';
      for (let i = 0, rest = n; i < SALT_LENGTH; i++, rest = Math.floor(rest / SALT_CHARS.length)) {
        salt = (SALT_CHARS[rest % SALT_CHARS.length] as string) + salt;
      }
      const candidate = make(salt);
      if (this.owns(candidate)) return candidate;
    }
    throw new Error(`no ${SALT_LENGTH}-character salt puts ${make('????')} into the shard's slots`);
  }
}
