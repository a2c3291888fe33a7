// Measures CRC-64, generator and walker (walk + CRC) speed in MB/s on a file of large values and on a file
// of small keys, and what the walk adds to the heap. Files go to the OS temp dir and are removed after.
//   node tools/run-ts.cjs libs/rdb/scripts/measure-speed.ts [GiB of large values, default 1] [MiB of small keys, default 256]
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Crc64, RdbWalker, generateRdb, type RdbGeneratorOptions } from '../src';

const MB = 1e6;
const CHUNK_BYTES = 1 << 20;

function rate(bytes: number, startedAt: bigint): string {
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  return `${(bytes / MB / seconds).toFixed(0)} MB/s (${seconds.toFixed(2)} s)`;
}

async function measure(label: string, options: RdbGeneratorOptions, dir: string): Promise<void> {
  const generated = generateRdb(options);
  const file = join(dir, `${label}.rdb`);
  console.log(`${label}: ${(options.sizeBytes / MB).toFixed(0)} MB, ${generated.expected.keys} keys`);

  let started = process.hrtime.bigint();
  let bytes = 0;
  for (const chunk of generated.chunks()) bytes += chunk.length;
  console.log(`  generator, chunks only       ${rate(bytes, started)}`);
  started = process.hrtime.bigint();
  await pipeline(generated.stream(), createWriteStream(file));
  console.log(`  generator to a file          ${rate(bytes, started)}`);

  started = process.hrtime.bigint();
  const crc = new Crc64();
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) crc.update(chunk as Buffer);
  console.log(`  file to CRC-64 only          ${rate(bytes, started)}`);

  const before = process.memoryUsage();
  let grown = 0;
  let chunks = 0;
  started = process.hrtime.bigint();
  const walker = new RdbWalker();
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    walker.write(chunk as Buffer);
    if (++chunks % 16 === 0) {
      const now = process.memoryUsage();
      grown = Math.max(grown, now.heapUsed - before.heapUsed + now.arrayBuffers - before.arrayBuffers);
    }
  }
  const summary = walker.end();
  console.log(
    `  file to walker (with CRC)    ${rate(bytes, started)}, ${summary.keys} keys, CRC ${summary.checksum.status}`,
  );
  console.log(
    `  heap + buffers, walk         +${(grown / MB).toFixed(0)} MB at most (uncollected read chunks included)`,
  );
  rmSync(file);
}

async function main(): Promise<void> {
  const largeGiB = Number(process.argv[2] ?? 1);
  const smallMiB = Number(process.argv[3] ?? 256);
  const dir = mkdtempSync(join(tmpdir(), 'rdb-speed-'));
  try {
    const base = { rdbVersion: 10, redisVersion: '7.0.15', seed: 'speed' } as const;
    await measure('large-values', { ...base, sizeBytes: Math.round(largeGiB * 2 ** 30) }, dir);
    await measure('small-keys', { ...base, sizeBytes: Math.round(smallMiB * 2 ** 20), fill: 'small-keys' }, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
