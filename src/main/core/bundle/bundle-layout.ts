// The names inside a bundle folder (bundle-format.md): the manifest, its
// signatures, and a Nix binary cache under cache/.

export const MANIFEST_FILE = 'airlock-bundle.json';
export const SIGNATURES_FILE = 'airlock-bundle.json.sig';
export const CACHE_DIR = 'cache';
/** Below CACHE_DIR, where narinfo URLs point. */
export const NAR_DIR = 'nar';
export const NIX_CACHE_INFO_FILE = 'nix-cache-info';

/**
 * Exactly what Nix 2.x writes when it creates a file:// binary cache
 * (BinaryCacheStore::init); WantMassQuery and Priority keep Nix's defaults.
 */
export const NIX_CACHE_INFO = 'StoreDir: /nix/store\n';

/** Rule 1: the manifest is at most 64 MiB. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
/** The signature file and each narinfo are small; a larger one is no honest bundle. */
export const MAX_SIGNATURES_BYTES = 1024 * 1024;
export const MAX_NARINFO_BYTES = 4 * 1024 * 1024;

export function narInfoFileName(hashPart: string): string {
  return `${hashPart}.narinfo`;
}
