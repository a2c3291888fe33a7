// Manages a payload codec keys file: `generate <file>` (a new file, one key), `rotate <file>` (a new active key,
// the old ones kept for reading), `list <file>` (ids and dates). Prints key ids only, never a key.
import { generateCodecKeyFile, readCodecKeyFile, rotateCodecKeyFile } from '@crs-export/payload-codec';

const USAGE = `usage: node tools/run-ts.cjs apps/codec-server/src/codec-keys.ts generate|rotate|list <keys file>
  generate  creates the file (mode 0600) with one random AES-256 key; refuses to overwrite an existing file
  rotate    adds a new random key and makes it the active one; the old keys stay, so old payloads stay readable
  list      shows the key ids, their dates and which one is active`;

async function run(command: string | undefined, file: string | undefined): Promise<number> {
  if (!file || (command !== 'generate' && command !== 'rotate' && command !== 'list')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const result =
    command === 'list'
      ? (await readCodecKeyFile(file)).describe()
      : command === 'generate'
        ? await generateCodecKeyFile(file)
        : await rotateCodecKeyFile(file);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (command === 'rotate') {
    process.stdout.write('restart the worker, the API and the codec server to encrypt with the new key\n');
  }
  return 0;
}

run(process.argv[2], process.argv[3]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
