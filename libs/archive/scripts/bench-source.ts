// The download source of the archive benchmark, in a process of its own: the CRS simulator serving one
// backup's files. Prints one JSON line ({ files: [{ shard, url, sizeBytes }] }) and serves until stdin closes.
// Run by measure-archive-speed.ts: node tools/run-ts.cjs libs/archive/scripts/bench-source.ts <bytes per shard>...
import { startSimulatedBackup } from '../test/support/simulated-backup';

async function main(): Promise<void> {
  const shardSizes = process.argv.slice(2).map(Number);
  if (shardSizes.length === 0 || shardSizes.some((size) => !Number.isSafeInteger(size) || size <= 0)) {
    throw new Error('usage: bench-source.ts <bytes of shard 1> [<bytes of shard 2> ...]');
  }
  const backup = await startSimulatedBackup({ shardSizes });
  const files = (await backup.files()).map((file) => ({
    shard: file.shard,
    url: file.extranetUrl,
    sizeBytes: file.sizeBytes,
  }));
  process.stdout.write(`${JSON.stringify({ files })}\n`);
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  await backup.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
