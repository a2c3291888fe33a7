// `crs-export verify <archive URL>`: reads every object of an archive back and checks it against its manifest
// (size, SHA-256, the RDB's structure, CRC-64 and key counts); one line per file, exit 0 when all match, 1
// otherwise. Reads the store directly, as the worker writes it: S3 settings from the worker's variables.
import { parseArgs } from 'node:util';
import {
  ArchiveDestinationError,
  ArchiveStoreError,
  verifyArchive,
  type ArchiveVerification,
  type FileVerification,
} from '@crs-export/archive';
import { UsageError } from './cli-args';
import type { GroupContext } from './command-groups';

export const VERIFY_USAGE = `verify <archive URL> [--s3-endpoint URL] [--s3-region R] [--path-style]
                                                       read an archive back and check every file against its manifest
                                                       (exit 0 all match, 1 a mismatch; S3 defaults: ARCHIVE_S3_ENDPOINT,
                                                       ARCHIVE_S3_REGION, ARCHIVE_S3_FORCE_PATH_STYLE; credentials: the AWS chain)`;

const OPTIONS = {
  's3-endpoint': { type: 'string' },
  's3-region': { type: 'string' },
  'path-style': { type: 'boolean' },
} as const;

const EXIT_MISMATCH = 1;
const EXIT_UNREACHABLE = 3;

function fileLine(file: FileVerification): string {
  const size = file.sizeBytes === null ? '' : `  ${file.sizeBytes} bytes`;
  if (file.ok) return `OK    ${file.name}${size}  sha256 ${file.sha256?.slice(0, 16) ?? ''}…`;
  return `FAIL  ${file.name}${size}  ${file.problems.join('; ')}`;
}

function report(verification: ArchiveVerification): string {
  const lines = [...verification.problems.map((problem) => `FAIL  ${problem}`)];
  lines.push(...verification.files.map(fileLine));
  for (const name of verification.unexpected) lines.push(`NOTE  ${name}  is not in the manifest`);
  const failed = verification.files.filter((file) => !file.ok).length;
  lines.push(
    verification.ok
      ? `archive ${verification.url} verified: ${verification.files.length} file(s) match the manifest`
      : `archive ${verification.url} does NOT match: ${failed} of ${verification.files.length} file(s) failed${
          verification.problems.length > 0 ? `, ${verification.problems.length} problem(s)` : ''
        }`,
  );
  return lines.join('\n');
}

export async function runVerify(argv: readonly string[], context: GroupContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [url, ...extra] = parsed.positionals;
  if (!url || extra.length > 0) throw new UsageError('verify takes one archive URL (file://… or s3://…)');
  const { env } = context.io;
  const endpoint = parsed.values['s3-endpoint'] ?? env['ARCHIVE_S3_ENDPOINT'];
  const region = parsed.values['s3-region'] ?? env['ARCHIVE_S3_REGION'];
  const pathStyle = parsed.values['path-style'] ?? env['ARCHIVE_S3_FORCE_PATH_STYLE'] === 'true';
  let verification: ArchiveVerification;
  try {
    verification = await verifyArchive(url, {
      s3: { ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}), forcePathStyle: pathStyle },
    });
  } catch (error) {
    if (error instanceof ArchiveDestinationError) throw new UsageError(error.message);
    if (error instanceof ArchiveStoreError) {
      context.io.err.write(`crs-export: cannot read the archive: ${error.message}\n`);
      return EXIT_UNREACHABLE;
    }
    throw error;
  }
  context.print(verification, report(verification));
  return verification.ok ? 0 : EXIT_MISMATCH;
}
