// Signatures on narinfos: Nix signs a fingerprint of the path's metadata, not the
// narinfo text, so URL, Compression and FileHash can change (recompressing a cache)
// without invalidating `Sig:` lines.
import { formatHash } from './hash';
import type { NarInfo } from './narinfo';
import { signDetached, trustedSigner, type PublicKey, type SecretKey } from './signing';
import { printStorePath } from './store-path';

export type FingerprintFields = Pick<NarInfo, 'storePath' | 'narHash' | 'narSize' | 'references'>;

/**
 * `1;<StorePath>;<NarHash>;<NarSize>;<references, full paths, sorted, comma-separated>`,
 * as NixOS/nix src/libstore/path-info.cc `ValidPathInfo::fingerprint` builds it.
 */
export function narInfoFingerprint(info: FingerprintFields): string {
  // Nix refuses too: a size of zero means "unknown", and signing it would vouch for nothing.
  if (info.narSize === 0) throw new Error(`cannot fingerprint ${printStorePath(info.storePath)}: its NarSize is unknown`);
  // Store paths are ASCII, so string order is the byte order of Nix's std::set.
  const refs = [...new Set(info.references.map(printStorePath))].sort();
  return `1;${printStorePath(info.storePath)};${formatHash(info.narHash)};${info.narSize};${refs.join(',')}`;
}

/** The narinfo with a signature by `key`; an older `Sig:` by a key of the same name is replaced. */
export function signNarInfo(info: NarInfo, key: SecretKey): NarInfo {
  const sig = signDetached(key, narInfoFingerprint(info));
  const others = info.sigs.filter((s) => !s.startsWith(`${key.name}:`));
  return { ...info, sigs: [...others, sig] };
}

/** The distinct trusted keys with a valid `Sig:` on this narinfo; each key counts once. */
export function narInfoSigners(info: NarInfo, trusted: readonly PublicKey[]): readonly PublicKey[] {
  const fingerprint = narInfoFingerprint(info);
  const signers: PublicKey[] = [];
  for (const line of info.sigs) {
    const key = trustedSigner(fingerprint, line, trusted);
    if (key && !signers.some((k) => k.name === key.name && k.key.equals(key.key))) signers.push(key);
  }
  return signers;
}

export function countValidSignatures(info: NarInfo, trusted: readonly PublicKey[]): number {
  return narInfoSigners(info, trusted).length;
}
