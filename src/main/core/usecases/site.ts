// The site: set it up once (its name, the keys that sign bundles and
// narinfos, the threshold), show it, and change whom it trusts. Every change
// goes through the site store, which writes its audit row, refused or done.
import { siteFloor } from '../db/accepted-bundles';
import type { SiteFloor } from '../bundle/site-trust';
import { getSite, initSite as initSiteRecord, requireSite, type NewSite, type Site } from '../db/site-store';
import { addTrustedKey, removeTrustedKey, setThreshold as setSiteThreshold } from '../db/trust-changes';
import type { KeyKind, TrustedKey } from '../db/trusted-keys';
import { parsePublicKey, type PublicKey } from '../nix/signing';
import type { UseCaseContext } from './context';
import { parsePublicKeyText } from './keys';

export type { KeyKind, TrustedKey } from '../db/trusted-keys';
export { SITE_NAME } from '../db/site-store';

export interface SiteState extends Site {
  readonly floor: SiteFloor;
  readonly dataDir: string;
}

/** The site of this data folder, or null before `site init`. */
export function showSite(uc: UseCaseContext): SiteState | null {
  const db = uc.db();
  const site = getSite(db);
  return site ? { ...site, floor: siteFloor(db), dataDir: uc.dataDir } : null;
}

export function initSite(uc: UseCaseContext, site: NewSite): SiteState {
  initSiteRecord(uc.db(), site);
  return showSite(uc) as SiteState;
}

/** What the app's first run asks for: the site's name, its bundle keys as pasted or read from files, the threshold. */
export interface SiteSetUp {
  readonly name: string;
  readonly bundleKeys: readonly string[];
  readonly threshold: number;
}

/** `site init` from text: the bundle keys also sign narinfos, as `site init` without --nix-trust has it. */
export function setUpSite(uc: UseCaseContext, input: SiteSetUp): SiteState {
  const keys = input.bundleKeys.map((text, i) => parsePublicKeyText(text, `bundle key ${i + 1}`));
  return initSite(uc, { name: input.name.trim(), bundleKeys: keys, threshold: input.threshold, nixKeys: keys });
}

/** A public key as typed or pasted (`name:base64`). */
export function trustKey(uc: UseCaseContext, kind: KeyKind, key: PublicKey | string): TrustedKey {
  return addTrustedKey(uc.siteDb(), kind, typeof key === 'string' ? parsePublicKey(key.trim()) : key);
}

export function untrustKey(uc: UseCaseContext, kind: KeyKind, name: string): TrustedKey {
  return removeTrustedKey(uc.siteDb(), kind, name);
}

/** How many distinct trusted bundle keys must sign a bundle; returns the old and new values and the keys there are. */
export function setThreshold(uc: UseCaseContext, threshold: number): { from: number; to: number; keys: number } {
  const db = uc.siteDb();
  const from = setSiteThreshold(db, threshold);
  return { from, to: threshold, keys: requireSite(db).bundleKeys.length };
}
