// How the walker says where it is, for its error messages: the key (name, database, layout, offset) or the
// top-level item it is in, and, for a truncation, what it was reading when the bytes ran out.
import { valueType } from './rdb-opcodes';
import { PROGRAMS } from './walk-programs';
import type { WalkState } from './walk-state';

/** `key "name" (db 0, hash-listpack, at offset 123)`, `the AUX item at offset 9`, or '' between items. */
export function describeContext(st: WalkState, liveKeyName: string): string {
  if (st.key) {
    const type = valueType(st.magic, st.key.type);
    const name = st.key.name || liveKeyName;
    const layout = type?.encoding ?? `type ${st.key.type}`;
    return `${name ? `key ${name}` : 'a key'} (db ${st.key.db}, ${layout}, at offset ${st.key.start})`;
  }
  if (st.item) return `the ${st.item} item at offset ${st.itemStart}`;
  return '';
}

/** What was being read when the file ended, e.g. `inside the hash value (3 of 10 bytes) of key "k" (...)`. */
export function describeTruncation(st: WalkState, context: string): string {
  if (st.phase === 'magic') return 'inside the 9-byte header';
  if (st.phase === 'checksum') return 'inside the 8-byte CRC-64 after the EOF opcode';
  const top = st.stack[st.stack.length - 1];
  let inner = 'before the EOF opcode';
  if (top?.k === 's') {
    const done = top.lzf ? top.lzf.produced : top.len - top.rem;
    inner = top.len > 0 ? `inside the ${top.what} (${done} of ${top.len} bytes)` : `inside the ${top.what}`;
  } else if (top?.k === 'p') {
    const op = PROGRAMS[top.p][top.pc];
    if (op && 'what' in op) inner = `reading the ${op.what}`;
    else if (op?.op === 'score') inner = 'reading a zset score';
    else if (op?.op === 'module') inner = 'inside module data';
  }
  return context ? `${inner} of ${context}` : inner;
}

export function formatName(st: WalkState): string {
  return st.magic === 'VALKEY' ? `a Valkey RDB ${st.version} file` : `an RDB version ${st.version} file`;
}
