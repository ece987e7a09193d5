// Nix signing keys for bundles and narinfos (the same format `nix key
// generate-secret` makes): a new key pair as the text of its two files.
import { formatPublicKey, formatSecretKey, generateSecretKey, toPublicKey } from '../nix/signing';

export function generateKeyPair(name: string): { secretKey: string; publicKey: string } {
  const secret = generateSecretKey(name);
  return { secretKey: formatSecretKey(secret), publicKey: formatPublicKey(toPublicKey(secret)) };
}
