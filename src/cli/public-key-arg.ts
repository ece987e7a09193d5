// PUBKEY arguments (cli.md): a public key `name:base64`, or a file holding one,
// such as the .pub file of `airlock keys generate` or `nix key convert-secret-to-public`.
import { existsSync, readFileSync } from 'node:fs';
import type { CommandContext } from './command';
import { RefusedError, UsageError } from './cli-error';
import type { PublicKey } from '../main/core/usecases/bundles';

/** A secret key has 64 bytes after the name; say so instead of "must be 32 bytes". */
function looksSecret(text: string): boolean {
  const body = text.trim().split(':')[1] ?? '';
  return Buffer.from(body, 'base64').length === 64;
}

async function parseOrExplain(
  text: string,
  flag: string,
  source: string,
  Err: typeof UsageError | typeof RefusedError,
): Promise<PublicKey> {
  if (looksSecret(text)) {
    throw new Err(
      `${flag} ${source} is a secret key; give its public key (airlock keys generate writes one, or nix key convert-secret-to-public)`,
    );
  }
  // The use cases load only when a key is given: `--help` loads none of the engine.
  const { parsePublicKey } = await import('../main/core/usecases/bundles');
  try {
    return parsePublicKey(text);
  } catch (err) {
    throw new Err(`${flag} ${source}: ${(err as Error).message}`);
  }
}

export async function readPublicKeyArg(arg: string, flag: string): Promise<PublicKey> {
  if (existsSync(arg)) {
    let text: string;
    try {
      text = readFileSync(arg, 'utf8');
    } catch (err) {
      throw new RefusedError(`${flag} ${arg}: cannot read it: ${(err as Error).message}`);
    }
    return parseOrExplain(text, flag, `(file ${arg})`, RefusedError);
  }
  if (!arg.includes(':')) throw new UsageError(`${flag} ${arg}: no such file, and not a public key NAME:BASE64`);
  return parseOrExplain(arg, flag, `'${arg.slice(0, 60)}'`, UsageError);
}

/** Every value of a repeatable (`multiple: true`) option, in order. */
export function stringList(ctx: CommandContext, name: string): readonly string[] {
  const value = ctx.options[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

export async function publicKeysOption(ctx: CommandContext, name: string): Promise<readonly PublicKey[]> {
  const keys: PublicKey[] = [];
  for (const arg of stringList(ctx, name)) keys.push(await readPublicKeyArg(arg, `--${name}`));
  return keys;
}
