// Where things are in an offline cache on a medium (bundle-format.md):
//   <root>/cache/      a Nix binary cache: nix-cache-info, <hash>.narinfo, nar/…
//   <root>/bundles/    every accepted manifest: <site>-<sequence>.json and .json.sig
// Unfinished writes carry the `.partial-` prefix; Nix never reads them (no
// narinfo names them) and the next import removes them.
import { join } from 'node:path';

export { PARTIAL_PREFIX } from '../files/durable-write';
export const NIX_CACHE_INFO = 'StoreDir: /nix/store\n';

export interface CacheLayout {
  readonly root: string;
  readonly cacheDir: string;
  readonly narDir: string;
  readonly bundlesDir: string;
}

export function cacheLayout(root: string): CacheLayout {
  const cacheDir = join(root, 'cache');
  return { root, cacheDir, narDir: join(cacheDir, 'nar'), bundlesDir: join(root, 'bundles') };
}

export function narinfoPath(layout: CacheLayout, hashPart: string): string {
  return join(layout.cacheDir, `${hashPart}.narinfo`);
}

/** A narinfo URL is `nar/<name>`; checked where narinfos are read (rule 5). */
export function narFilePath(layout: CacheLayout, url: string): string {
  return join(layout.cacheDir, url);
}

export function manifestPaths(layout: CacheLayout, site: string, sequence: number): { json: string; sig: string } {
  const base = join(layout.bundlesDir, `${site}-${sequence}`);
  return { json: `${base}.json`, sig: `${base}.json.sig` };
}
