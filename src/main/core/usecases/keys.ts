// Nix signing keys for bundles and narinfos (the same format `nix key
// generate-secret` makes): a new key pair as the text of its two files, and
// public keys as an operator hands them in (pasted, or a .pub file on a stick).
import { readFile, stat } from 'node:fs/promises';
import { formatPublicKey, formatSecretKey, generateSecretKey, parsePublicKey, toPublicKey, type PublicKey } from '../nix/signing';
import { BadInputError } from './refusals';

export function generateKeyPair(name: string): { secretKey: string; publicKey: string } {
  const secret = generateSecretKey(name);
  return { secretKey: formatSecretKey(secret), publicKey: formatPublicKey(toPublicKey(secret)) };
}

/** A key file is one line; anything much larger is not one (and is not read whole into memory). */
const MAX_KEY_FILE_BYTES = 4096;

/** A secret key has 64 bytes after the name; say so instead of "must be 32 bytes". */
function looksSecret(text: string): boolean {
  const body = text.trim().split(':')[1] ?? '';
  return Buffer.from(body, 'base64').length === 64;
}

/** A public key `name:base64` as pasted or read from `source`; bad input says what it is and what to give instead. */
export function parsePublicKeyText(text: string, source = 'the key'): PublicKey {
  if (looksSecret(text)) {
    throw new BadInputError(
      `${source} is a secret key: give its public key (airlock keys generate writes one next to it, or nix key convert-secret-to-public)`,
    );
  }
  try {
    return parsePublicKey(text.trim());
  } catch (err) {
    throw new BadInputError(`${source}: ${(err as Error).message}`);
  }
}

/** The public key a file holds (the .pub of `airlock keys generate` or Nix), as `name:base64`. */
export async function readPublicKeyFile(path: string): Promise<string> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new BadInputError(`${path} is not a file: give the public key file (for example build.pub)`);
    if (info.size > MAX_KEY_FILE_BYTES) throw new BadInputError(`${path} is ${info.size} bytes, too large for a key file`);
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof BadInputError) throw err;
    throw new BadInputError(`cannot read the key file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return formatPublicKey(parsePublicKeyText(text, `the key file ${path}`));
}
