// Every way a file can be wrong ends the walk with one RdbFormatError that says which check, where, and what.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entry, rdbFile, walk, walkError, withFreshCrc } from '../test/rdb-fixtures';
import { encodeListpack } from './listpack-encode';
import { OPCODE } from './rdb-opcodes';
import { encodeBinaryDouble, type RdbBytes } from './rdb-encoding';
import { RdbFormatError } from './rdb-format-error';
import { RdbWalker } from './rdb-walker';
import { listpackPairs, quicklist2, stringValue, type EncodedValue } from './value-encode';

const key = (out: RdbBytes, name: string, value: EncodedValue): RdbBytes => entry(out, value.type, name, value.bytes);

const sample = rdbFile(10, (out) => {
  out.byte(OPCODE.AUX).string('redis-ver').string('7.0.15');
  out.byte(OPCODE.SELECTDB).len(2);
  key(
    out,
    'user:1',
    listpackPairs(16, [
      ['name', 'ann'],
      ['age', '37'],
    ]),
  );
  key(out, 'greeting', stringValue('hello'));
});

describe('RdbWalker errors', () => {
  it('rejects a file that does not start with REDIS or VALKEY', () => {
    const error = walkError(Buffer.concat([Buffer.from('RDB'), sample.subarray(3)]));
    expect(error).toMatchObject({ check: 'magic', offset: 0 });
    expect(error.message).toMatch(/not REDIS or VALKEY/);
  });

  it('rejects versions it cannot know', () => {
    expect(walkError(Buffer.from('REDIS0013'))).toMatchObject({ check: 'version', offset: 5 });
    expect(walkError(Buffer.from('REDIS0000'))).toMatchObject({ check: 'version' });
    expect(walkError(Buffer.from('REDIS00x1'))).toMatchObject({
      check: 'version',
      message: expect.stringMatching(/not a number/),
    });
    expect(walkError(Buffer.from('VALKEY081'))).toMatchObject({ check: 'version', offset: 6 });
  });

  it('rejects a flipped bit through the CRC, at the trailer offset', () => {
    const flipped = Buffer.from(sample);
    const at = flipped.indexOf('hello');
    flipped[at] = (flipped[at] as number) ^ 0x10;
    // The flipped byte is inside a string payload, so only the checksum can tell.
    const error = walkError(flipped);
    expect(error).toMatchObject({ check: 'crc', offset: sample.length - 8 });
    expect(error.message).toMatch(/stored CRC-64 is [0-9a-f]{16}, the bytes before it give [0-9a-f]{16}/);
    expect(walkError(rdbFile(9, (out) => void key(out, 'k', stringValue('v')), { checksum: 'wrong' }))).toMatchObject({
      check: 'crc',
    });
  });

  it('rejects every truncation, saying what it was reading', () => {
    for (let cut = 0; cut < sample.length; cut++) {
      const error = walkError(sample.subarray(0, cut));
      expect(error.check).toBe('truncated');
      expect(error.offset).toBe(cut);
    }
    expect(walkError(sample.subarray(0, 40)).message).toMatch(/key "user:1" \(db 2, hash-listpack/);
    expect(walkError(sample.subarray(0, sample.length - 3)).message).toMatch(/inside the 8-byte CRC-64/);
  });

  it('rejects bytes after the checksum', () => {
    expect(walkError(Buffer.concat([sample, Buffer.from([0])]))).toMatchObject({
      check: 'trailing-bytes',
      offset: sample.length,
    });
    const walker = new RdbWalker();
    walker.write(sample);
    expect(() => walker.write(Buffer.from('x'))).toThrow(
      `more bytes follow the end of the RDB file, which ended at offset ${sample.length}`,
    );
  });

  it('rejects a corrupted listpack header inside a file whose CRC is right, naming the key and offset', () => {
    const broken = Buffer.from(sample);
    const lp = encodeListpack(['name', 'ann', 'age', '37']);
    const at = broken.indexOf(lp);
    expect(at).toBeGreaterThan(0);
    broken.writeUInt32LE(lp.length + 2, at); // the total-bytes header
    const error = walkError(withFreshCrc(broken));
    expect(error).toMatchObject({ check: 'structure', offset: at });
    expect(error.message).toMatch(
      /key "user:1" \(db 2, hash-listpack, at offset \d+\): the listpack header says \d+ bytes/,
    );
  });

  it('rejects type bytes that are no type, and types the version cannot hold', () => {
    expect(walkError(rdbFile(10, (out) => out.byte(8).string('k')))).toMatchObject({
      check: 'structure',
      message: expect.stringMatching(/0x08 is neither/),
    });
    expect(walkError(rdbFile(9, (out) => void key(out, 'list', quicklist2([{ items: ['a'] }]))))).toMatchObject({
      check: 'structure',
      offset: 9,
      message: expect.stringMatching(/value type 18 \(list-quicklist2\) cannot appear in an RDB version 9 file/),
    });
    expect(walkError(rdbFile(10, (out) => out.byte(OPCODE.SLOT_INFO).len(1).len(1).len(0)))).toMatchObject({
      message: expect.stringMatching(/opcode SLOT_INFO cannot appear in an RDB version 10 file/),
    });
    expect(walkError(rdbFile('valkey', (out) => out.byte(24).string('k')))).toMatchObject({ check: 'structure' });
    expect(walkError(rdbFile(6, (out) => out.byte(OPCODE.AUX).string('a').string('b')))).toMatchObject({
      check: 'structure',
    });
  });

  it('rejects a pre-release module value (type 6), which cannot be walked without its module', () => {
    expect(walkError(rdbFile(9, (out) => out.byte(6).string('k').len(1)))).toMatchObject({
      check: 'structure',
      message: expect.stringMatching(/pre-release format \(type 6\)/),
    });
  });

  it('rejects values that are not what their layout says', () => {
    const file = (build: (out: RdbBytes) => void): Buffer => rdbFile(11, build);
    // A quicklist node container other than 1 or 2.
    expect(walkError(file((out) => out.byte(18).string('l').len(1).len(3)))).toMatchObject({
      message: expect.stringMatching(/container 3/),
    });
    // A stream node key that is not a 16-byte ID.
    expect(walkError(file((out) => out.byte(21).string('s').len(1).string('short')))).toMatchObject({
      message: expect.stringMatching(/master ID is 5 bytes, a stream ID is 16/),
    });
    // A NaN score.
    expect(
      walkError(file((out) => out.byte(5).string('z').len(1).string('m').push(encodeBinaryDouble(NaN)))),
    ).toMatchObject({
      message: expect.stringMatching(/score is NaN/),
    });
    // Invalid LZF data: a back-reference with nothing before it.
    expect(
      walkError(
        file((out) =>
          out
            .byte(0)
            .string('k')
            .push(Buffer.from([0xc3, 0x02, 0x03, 0x20, 0x00])),
        ),
      ),
    ).toMatchObject({
      message: expect.stringMatching(/before the start of the string/),
    });
    // A string encoding that does not exist, and a length encoding that does not exist.
    expect(walkError(file((out) => out.byte(0).string('k').byte(0xc4)))).toMatchObject({
      message: expect.stringMatching(/unknown string encoding 4/),
    });
    expect(walkError(file((out) => out.byte(0).string('k').byte(0x82)))).toMatchObject({
      message: expect.stringMatching(/unknown length encoding 0x82/),
    });
    // A module opcode that does not exist.
    expect(walkError(file((out) => out.byte(7).string('m').len(1).len(9)))).toMatchObject({
      message: expect.stringMatching(/unknown module value opcode 9/),
    });
  });

  it('keeps failing the same way once it has failed', () => {
    const walker = new RdbWalker();
    const broken = Buffer.concat([Buffer.from('XXXXX'), sample.subarray(5)]);
    expect(() => walker.write(broken)).toThrow(RdbFormatError);
    expect(() => walker.write(sample)).toThrow(/not REDIS or VALKEY/);
    expect(() => walker.end()).toThrow(/not REDIS or VALKEY/);
  });

  it('never throws anything but RdbFormatError on random damage', () => {
    fc.assert(
      fc.property(fc.nat(sample.length - 1), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, xor, fixCrc) => {
        const damaged = Buffer.from(sample);
        damaged[at] = (damaged[at] as number) ^ xor;
        const file = fixCrc ? withFreshCrc(damaged) : damaged;
        try {
          walk(file);
        } catch (error) {
          expect(error).toBeInstanceOf(RdbFormatError);
          expect((error as RdbFormatError).offset).toBeLessThanOrEqual(file.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
