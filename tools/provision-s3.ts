// Makes sure the S3 test server can be had: `weed` on PATH, the cached SeaweedFS build, or a fresh build.
import { findOrBuildSeaweedfs, seaweedfsCacheDir, seaweedfsVersion } from '@crs-export/dev-s3';

async function main(): Promise<void> {
  const started = Date.now();
  const weed = await findOrBuildSeaweedfs((line) => process.stdout.write(`${line}\n`));
  if (!weed) {
    process.stderr.write(
      `[s3] no weed on PATH, none cached in ${seaweedfsCacheDir()}, and no Go toolchain to build SeaweedFS with\n`,
    );
    process.exit(1);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`[s3] ${weed.path} (${weed.source}, ${seconds} s): ${seaweedfsVersion(weed.path)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[s3] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
