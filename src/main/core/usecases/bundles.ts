// Closure bundles: seal one on the build side (the closures of the given
// systems, signed), add a signature, verify one against the site's trust
// (rules 1–9, changing nothing), and inspect what one holds. Importing is the
// offline cache's verb (cache.ts).
import { createBundle, type CreateBundleOptions, type CreatedBundle } from '../bundle/create-bundle';
import { inspectBundle as inspectBundleFolder, type BundleInspection } from '../bundle/inspect-bundle';
import { signBundle, type SignedBundle } from '../bundle/sign-bundle';
import { verifyBundle, type VerifiedBundle, type VerifyProgress } from '../bundle/verify-bundle';
import { cacheLookup } from '../cache/cached-paths';
import { openCache } from '../cache/init-cache';
import { siteFloor } from '../db/accepted-bundles';
import { getSite, siteTrust } from '../db/site-store';
import { toPublicKey } from '../db/trusted-keys';
import type { PublicKey, SecretKey } from '../nix/signing';
import type { UseCaseContext } from './context';

export type { BundleSource, CreatedBundle } from '../bundle/create-bundle';
export type { BundleInspection } from '../bundle/inspect-bundle';
export type { VerifiedBundle, VerifyProgress } from '../bundle/verify-bundle';
export { BundleRefusal, shown } from '../bundle/refusal';
export { SITE_NAME } from '../bundle/manifest-schema';
export { parseSystemSpec } from '../bundle/system-spec';
export { parseProfileSpec } from '../bundle/profile-spec';
export { WRITABLE_COMPRESSIONS, type WritableCompression } from '../nix/compression';
export { parsePublicKey, parseSecretKey, type PublicKey, type SecretKey } from '../nix/signing';

/** Seals the closures of the given systems into a signed bundle folder (build side; needs no site). */
export function sealBundle(options: CreateBundleOptions): Promise<CreatedBundle> {
  return createBundle(options);
}

/** Adds one signature; the manifest itself never changes. */
export function addSignature(dir: string, key: SecretKey): Promise<SignedBundle> {
  return signBundle(dir, key);
}

export interface VerifyForSiteOptions {
  /** Rule 8 (paths a delta bundle leaves out) is checked against this offline cache when given. */
  readonly cacheRoot?: string;
  readonly onProgress?: (p: VerifyProgress) => void;
  readonly signal?: AbortSignal;
}

/** Checks a bundle against the site's trust and floor; changes nothing. A refusal throws BundleRefusal naming its rule. */
export async function verifyBundleForSite(uc: UseCaseContext, dir: string, options: VerifyForSiteOptions = {}): Promise<VerifiedBundle> {
  const db = uc.siteDb();
  const cache = options.cacheRoot === undefined ? undefined : cacheLookup(await openCache(options.cacheRoot));
  return verifyBundle(dir, {
    trust: siteTrust(db),
    floor: siteFloor(db),
    now: new Date(),
    ...(cache ? { cache } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** What a bundle holds and who signed it, checked against `keys`, else the site's bundle keys when there is a site. */
export function inspectBundle(uc: UseCaseContext, dir: string, keys?: readonly PublicKey[]): Promise<BundleInspection> {
  const site = keys === undefined ? getSite(uc.db()) : undefined;
  return inspectBundleFolder(dir, keys ?? site?.bundleKeys.map(toPublicKey) ?? []);
}
