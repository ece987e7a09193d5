// Nix signing keys and detached signatures, in the text forms that
// `nix key generate-secret`, `nix key convert-secret-to-public`,
// `trusted-public-keys` and narinfo `Sig:` lines use:
//   secret key  NAME:BASE64(32-byte seed ‖ 32-byte public key)   (libsodium's layout)
//   public key  NAME:BASE64(32 bytes)
//   signature   NAME:BASE64(64 bytes)
import {
  ED25519_PUBLIC_KEY_BYTES,
  ED25519_SEED_BYTES,
  ED25519_SIGNATURE_BYTES,
  ed25519Generate,
  ed25519PublicKeyOf,
  ed25519Sign,
  ed25519Verify,
  publicKeyObject,
} from './ed25519';

export interface SecretKey {
  readonly name: string;
  readonly seed: Buffer;
  readonly publicKey: Buffer;
}

export interface PublicKey {
  readonly name: string;
  readonly key: Buffer;
}

export interface Signature {
  readonly keyName: string;
  readonly signature: Buffer;
}

// Nix splits at the first colon; whitespace would break `trusted-public-keys` (a space-separated list).
const KEY_NAME = /^[^\s:]+$/;

function checkName(name: string, what: string): void {
  if (!KEY_NAME.test(name)) throw new Error(`${what} name ${JSON.stringify(name)} must be non-empty, without ':' or spaces`);
}

/** Splits `NAME:BASE64` and decodes exactly `size` bytes of canonical base64. */
function splitKeyText(text: string, size: number, what: string): { readonly name: string; readonly bytes: Buffer } {
  // Key files usually end with a newline; Nix ignores it too.
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0) throw new Error(`a ${what} has the form NAME:BASE64, got ${JSON.stringify(trimmed.slice(0, 40))}`);
  const name = trimmed.slice(0, colon);
  const body = trimmed.slice(colon + 1);
  checkName(name, what);
  const bytes = Buffer.from(body, 'base64');
  if (bytes.toString('base64') !== body) throw new Error(`${what} ${JSON.stringify(name)} is not valid base64`);
  if (bytes.length !== size) throw new Error(`${what} ${JSON.stringify(name)} must be ${size} bytes, got ${bytes.length}`);
  return { name, bytes };
}

export function parseSecretKey(text: string): SecretKey {
  const { name, bytes } = splitKeyText(text, ED25519_SEED_BYTES + ED25519_PUBLIC_KEY_BYTES, 'secret key');
  const seed = bytes.subarray(0, ED25519_SEED_BYTES);
  const publicKey = bytes.subarray(ED25519_SEED_BYTES);
  // Nix copies the stored public half without checking it; a mismatch would sign with
  // one key while advertising another, so refuse it here.
  if (!ed25519PublicKeyOf(seed).equals(publicKey)) {
    throw new Error(`secret key ${JSON.stringify(name)} is inconsistent: its public half does not belong to its seed`);
  }
  return { name, seed, publicKey };
}

export function parsePublicKey(text: string): PublicKey {
  const { name, bytes } = splitKeyText(text, ED25519_PUBLIC_KEY_BYTES, 'public key');
  try {
    publicKeyObject(bytes);
  } catch (err) {
    throw new Error(`public key ${JSON.stringify(name)} is unusable: ${(err as Error).message}`, { cause: err });
  }
  return { name, key: bytes };
}

export function parseSignature(text: string): Signature {
  const { name, bytes } = splitKeyText(text, ED25519_SIGNATURE_BYTES, 'signature');
  return { keyName: name, signature: bytes };
}

export function formatSecretKey(key: SecretKey): string {
  return `${key.name}:${Buffer.concat([key.seed, key.publicKey]).toString('base64')}`;
}

export function formatPublicKey(key: PublicKey): string {
  return `${key.name}:${key.key.toString('base64')}`;
}

export function formatSignature(sig: Signature): string {
  return `${sig.keyName}:${sig.signature.toString('base64')}`;
}

/** A fresh key pair, as `nix key generate-secret --key-name NAME` makes. */
export function generateSecretKey(name: string): SecretKey {
  checkName(name, 'key');
  return { name, ...ed25519Generate() };
}

/** The public key, as `nix key convert-secret-to-public` prints it. */
export function toPublicKey(secret: SecretKey): PublicKey {
  return { name: secret.name, key: secret.publicKey };
}

/** Signs `data`; returns the `NAME:BASE64` line Nix writes after `Sig: `. */
export function signDetached(secret: SecretKey, data: Uint8Array | string): string {
  return formatSignature({ keyName: secret.name, signature: ed25519Sign(secret.seed, Buffer.from(data)) });
}

/**
 * The trusted key that made `signatureLine` over `data`, or undefined. As in Nix the
 * key is found by name; a malformed line or an unknown name is simply not valid
 * (a narinfo may carry signatures by keys this site does not know).
 */
export function trustedSigner(data: Uint8Array | string, signatureLine: string, trusted: readonly PublicKey[]): PublicKey | undefined {
  let sig: Signature;
  try {
    sig = parseSignature(signatureLine);
  } catch {
    return undefined;
  }
  const bytes = Buffer.from(data);
  return trusted.find((k) => k.name === sig.keyName && ed25519Verify(k.key, bytes, sig.signature));
}

export function verifyDetached(data: Uint8Array | string, signatureLine: string, trusted: readonly PublicKey[]): boolean {
  return trustedSigner(data, signatureLine, trusted) !== undefined;
}
