// Makes sure a Temporal server can be had: TEMPORAL_ADDRESS, a CLI on PATH, the cached build, or a fresh build.
import { findOrBuildTemporalCli, temporalCacheDir, temporalCliVersion } from '@crs-export/dev-temporal';

async function main(): Promise<void> {
  if (process.env['TEMPORAL_ADDRESS']) {
    process.stdout.write(`[temporal] using the server at TEMPORAL_ADDRESS=${process.env['TEMPORAL_ADDRESS']}\n`);
    return;
  }
  const started = Date.now();
  const cli = await findOrBuildTemporalCli();
  if (!cli) {
    process.stdout.write(
      `[temporal] no temporal on PATH, none cached in ${temporalCacheDir()}, and no Go toolchain: ` +
        'the tests fall back to the SDK download of the dev server (needs internet access)\n',
    );
    return;
  }
  process.stdout.write(
    `[temporal] ${cli.path} (${cli.source}, ${Date.now() - started} ms): ${temporalCliVersion(cli.path)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`[temporal] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
