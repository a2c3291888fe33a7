// A planned RDB file as segments in order (prologue, key groups, large values, padding, epilogue, CRC),
// each able to produce its bytes from any offset: so any byte range comes by arithmetic, and the CRC of
// the large values is combined from the CRC of their one repeated block instead of being recomputed.
import { Crc64 } from './crc64';
import type { KeyGroups } from './key-groups';
import { OPCODE, type RdbMagic } from './rdb-opcodes';
import { encodeLength } from './rdb-encoding';
import type { RdbContentSummary } from './rdb-summary';
import type { ShardKeyNames } from './shard-key-names';
import type { VersionLayout } from './version-layout';

export const BLOCK_BYTES = 64 * 1024;
/** Each large value is 1 MiB minus a little, so that its whole entry is about 1 MiB. */
export const FILLER_VALUE_BYTES = 1024 * 1024 - 64;
export const BATCH_BYTES = 64 * 1024;

/** A part of the file: `start` inclusive, `end` exclusive (e.g. what an HTTP Range asks for). */
export interface ByteRange {
  start?: number;
  end?: number;
}

/** What the planner decided; everything but the bytes of the repeated parts. */
export interface GeneratorPlan {
  layout: VersionLayout;
  magic: RdbMagic;
  names: ShardKeyNames;
  /** Magic, AUX fields, functions, SELECTDB/RESIZEDB of db 0 and its sample keys. */
  prologue: Buffer;
  groups: KeyGroups;
  groupCount: number;
  groupsPerBatch: number;
  fillerCount: number;
  fillerName: (index: number) => string;
  paddingName: string;
  paddingValueBytes: number;
  /** The sections of databases 1 and up. */
  epilogue: Buffer;
  block: Buffer;
  blockCrc: Crc64;
  expected: RdbContentSummary;
}

/** A stretch of the file: its size, its bytes from any offset in it, and its share of the CRC. */
interface Segment {
  bytes: number;
  pieces(from: number): Iterable<Buffer>;
  crc(into: Crc64): void;
}

/** The planned file as segments in order, which `emit` walks to produce any range. */
export class FileLayout {
  private readonly segments: Segment[];
  private wholeCrc: Crc64 | undefined;

  constructor(
    private readonly p: GeneratorPlan,
    private readonly sizeBytes: number,
  ) {
    this.segments = [
      bufferSegment(p.prologue),
      this.groupSegment(),
      this.fillerSegment(),
      this.paddingSegment(),
      bufferSegment(Buffer.concat([p.epilogue, Buffer.from([OPCODE.EOF])])),
    ];
    const total = this.segments.reduce((sum, segment) => sum + segment.bytes, 0) + 8;
    if (total !== sizeBytes) throw new Error(`the generator planned ${total} bytes instead of ${sizeBytes}`);
  }

  *emit(range: ByteRange = {}): Generator<Buffer, void, undefined> {
    const start = range.start ?? 0;
    const end = range.end ?? this.sizeBytes;
    if (
      !Number.isSafeInteger(start) ||
      !Number.isSafeInteger(end) ||
      start < 0 ||
      end > this.sizeBytes ||
      start > end
    ) {
      throw new RangeError(`the range ${start}-${end} is not within the ${this.sizeBytes} bytes of the file`);
    }
    // The CRC is kept on the way only for a whole-file pass; a range holding the trailer asks for it.
    const running = start === 0 && end === this.sizeBytes && !this.wholeCrc ? new Crc64() : undefined;
    const block = this.p.block;
    let offset = 0;
    for (const segment of this.segments) {
      const segmentEnd = offset + segment.bytes;
      if (segmentEnd > start && offset < end) {
        let at = Math.max(offset, start);
        for (const piece of segment.pieces(at - offset)) {
          if (running) {
            if (piece === block) running.combine(this.p.blockCrc, block.length);
            else running.update(piece);
          }
          const take = Math.min(piece.length, end - at);
          yield take === piece.length ? piece : piece.subarray(0, take);
          at += take;
          if (at >= end) break;
        }
      }
      offset = segmentEnd;
      if (offset >= end) break;
    }
    if (running) this.wholeCrc = running;
    if (end > offset) {
      const trailer = this.crc().littleEndian();
      yield trailer.subarray(Math.max(0, start - offset), end - offset);
    }
  }

  private crc(): Crc64 {
    if (!this.wholeCrc) {
      const crc = new Crc64();
      for (const segment of this.segments) segment.crc(crc);
      this.wholeCrc = crc;
    }
    return this.wholeCrc;
  }

  private groupSegment(): Segment {
    const { groups, groupCount, groupsPerBatch } = this.p;
    const size = groups.groupBytes;
    const batches = function* (from: number): Generator<Buffer> {
      const firstGroup = Math.floor(from / size);
      for (let first = firstGroup; first < groupCount; first += groupsPerBatch) {
        const last = Math.min(groupCount, first + groupsPerBatch);
        const batch = Buffer.allocUnsafe((last - first) * size);
        for (let i = first; i < last; i++) groups.renderInto(batch, (i - first) * size, i);
        yield first === firstGroup ? batch.subarray(from - firstGroup * size) : batch;
      }
    };
    return {
      bytes: groupCount * size,
      pieces: batches,
      crc: (into) => {
        for (const batch of batches(0)) into.update(batch);
      },
    };
  }

  /** Each large value: type, name, length, then the 64 KiB block repeated and a tail of it. */
  private fillerSegment(): Segment {
    const { fillerCount, fillerName, block, blockCrc } = this.p;
    const header = (i: number): Buffer =>
      Buffer.concat([
        Buffer.from([0]),
        encodeLength(Buffer.byteLength(fillerName(i))),
        Buffer.from(fillerName(i)),
        encodeLength(FILLER_VALUE_BYTES),
      ]);
    const headerBytes = fillerCount > 0 ? header(0).length : 0;
    const entryBytes = headerBytes + FILLER_VALUE_BYTES;
    const whole = Math.floor(FILLER_VALUE_BYTES / BLOCK_BYTES);
    const tail = block.subarray(0, FILLER_VALUE_BYTES - whole * BLOCK_BYTES);
    return {
      bytes: fillerCount * entryBytes,
      pieces: function* (from) {
        for (let i = Math.floor(from / entryBytes), skip = from % entryBytes; i < fillerCount; i++, skip = 0) {
          if (skip < headerBytes) yield header(i).subarray(skip);
          const inValue = Math.max(0, skip - headerBytes);
          for (let b = Math.floor(inValue / BLOCK_BYTES); b < whole; b++) {
            yield b * BLOCK_BYTES < inValue ? block.subarray(inValue - b * BLOCK_BYTES) : block;
          }
          const tailFrom = Math.max(0, inValue - whole * BLOCK_BYTES);
          if (tailFrom < tail.length) yield tail.subarray(tailFrom);
        }
      },
      crc: (into) => {
        for (let i = 0; i < fillerCount; i++)
          into.update(header(i)).combineRepeated(blockCrc, BLOCK_BYTES, whole).update(tail);
      },
    };
  }

  private paddingSegment(): Segment {
    const { paddingName, paddingValueBytes, block } = this.p;
    const header = Buffer.concat([
      Buffer.from([0]),
      encodeLength(Buffer.byteLength(paddingName)),
      Buffer.from(paddingName),
      encodeLength(paddingValueBytes),
    ]);
    const value = (): Buffer[] => {
      const pieces: Buffer[] = [];
      for (let done = 0; done < paddingValueBytes; done += BLOCK_BYTES) {
        pieces.push(Buffer.from(block.subarray(0, Math.min(BLOCK_BYTES, paddingValueBytes - done))));
      }
      // A short padding value must not read as an integer (Redis would have stored it int-encoded).
      if (pieces[0]) pieces[0][0] = 0x78;
      return pieces;
    };
    const all = (): Buffer[] => [header, ...value()];
    return {
      bytes: header.length + paddingValueBytes,
      pieces: (from) => sliceFrom(all(), from),
      crc: (into) => {
        for (const piece of all()) into.update(piece);
      },
    };
  }
}

function bufferSegment(bytes: Buffer): Segment {
  return { bytes: bytes.length, pieces: (from) => [bytes.subarray(from)], crc: (into) => void into.update(bytes) };
}

/** The pieces from byte `from` of their concatenation on. */
function sliceFrom(pieces: Buffer[], from: number): Buffer[] {
  const out: Buffer[] = [];
  let skip = from;
  for (const piece of pieces) {
    if (skip >= piece.length) {
      skip -= piece.length;
      continue;
    }
    out.push(skip > 0 ? piece.subarray(skip) : piece);
    skip = 0;
  }
  return out;
}
