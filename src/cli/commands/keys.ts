// `airlock keys generate`: a Nix signing key pair, usable by Nix itself
// (`nix store sign --key-file`, `trusted-public-keys`) and by Airlock.
import { open } from 'node:fs/promises';
import type { Command } from '../command';
import { requiredString } from '../options';
import { printJson, printLine } from '../output';
import { RefusedError, UsageError } from '../cli-error';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/keys');

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Writes a new file; never replaces one, because a lost secret key cannot be recovered. */
async function writeNewFile(path: string, text: string, mode: number): Promise<void> {
  const file = await open(path, 'wx', mode).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') throw new RefusedError(`${path} already exists; Airlock never overwrites a key file`);
    throw new RefusedError(`cannot create ${path}: ${err.message}`);
  });
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

export const keysGenerate: Command = {
  words: ['keys', 'generate'],
  usage: 'keys generate --name NAME --secret-key FILE --public-key FILE',
  summary: 'make a Nix signing key pair (secret key file readable by its owner only)',
  options: { name: { type: 'string' }, 'secret-key': { type: 'string' }, 'public-key': { type: 'string' } },
  optionHelp: {
    name: { value: 'NAME', does: 'the key name, e.g. accel-ctl-build-1 (required)' },
    'secret-key': { value: 'FILE', does: 'where to write the secret key; never overwritten (required)' },
    'public-key': { value: 'FILE', does: 'where to write the public key; never overwritten (required)' },
  },
  positionals: 0,
  async run(ctx) {
    const name = requiredString(ctx, 'name');
    if (!KEY_NAME.test(name)) {
      throw new UsageError(`key name '${name}' must be letters, digits, '.', '_' or '-' (e.g. accel-ctl-build-1)`);
    }
    const secretFile = requiredString(ctx, 'secret-key');
    const publicFile = requiredString(ctx, 'public-key');
    const { generateKeyPair } = await useCases();
    const { secretKey, publicKey } = generateKeyPair(name);
    await writeNewFile(secretFile, `${secretKey}\n`, 0o600);
    await writeNewFile(publicFile, `${publicKey}\n`, 0o644);
    if (ctx.global.json) printJson(ctx, { name, publicKey, secretKeyFile: secretFile, publicKeyFile: publicFile });
    else printLine(ctx, publicKey);
  },
};
