// The site: its name, its bundle threshold and the keys it trusts, set up once
// by initSite and read as the plain data bundle verification needs (SiteTrust).
import type { SiteDb } from './open-database';
import type { SiteTrust } from '../bundle/site-trust';
import type { PublicKey } from '../nix/signing';
import { auditedChange } from './audited-change';
import { NoSiteError, SiteRefusal } from './db-errors';
import { systemEnv, type StoreEnv } from './store-env';
import { insertTrustedKey, keyText, listTrustedKeys, toPublicKey, type TrustedKey } from './trusted-keys';

/** bundle-format.md: a bundle's `site` follows the same rule. */
export const SITE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface Site {
  readonly name: string;
  readonly threshold: number;
  readonly created: string;
  readonly bundleKeys: readonly TrustedKey[];
  readonly nixKeys: readonly TrustedKey[];
}

export interface NewSite {
  readonly name: string;
  readonly bundleKeys: readonly PublicKey[];
  readonly threshold: number;
  readonly nixKeys: readonly PublicKey[];
}

interface SiteRow {
  readonly name: string;
  readonly threshold: number;
  readonly created: string;
}

function checkNewSite(db: SiteDb, site: NewSite): void {
  const existing = db.prepare('SELECT name FROM site').pluck().get() as string | undefined;
  if (existing !== undefined) throw new SiteRefusal(`this data folder already holds site '${existing}'; a site is set up only once`);
  if (!SITE_NAME.test(site.name)) {
    throw new SiteRefusal(`site name '${site.name}' must be 1 to 63 lower-case letters, digits or '-', not starting with '-'`);
  }
  if (site.bundleKeys.length === 0) throw new SiteRefusal('a site needs at least one trusted bundle key');
  if (site.nixKeys.length === 0) throw new SiteRefusal('a site needs at least one trusted Nix key');
  if (!Number.isInteger(site.threshold) || site.threshold < 1 || site.threshold > site.bundleKeys.length) {
    throw new SiteRefusal(
      `the threshold must be a whole number from 1 to ${site.bundleKeys.length} (the number of bundle keys), not ${site.threshold}`,
    );
  }
}

export function initSite(db: SiteDb, site: NewSite, env: StoreEnv = systemEnv): Site {
  const details = {
    threshold: site.threshold,
    bundleKeys: site.bundleKeys.map(keyText),
    nixKeys: site.nixKeys.map(keyText),
  };
  return auditedChange(
    db,
    { action: 'site.init', subject: site.name, details },
    (created) => {
      checkNewSite(db, site);
      db.prepare('INSERT INTO site (id, name, threshold, created) VALUES (1, ?, ?, ?)').run(site.name, site.threshold, created);
      for (const key of site.bundleKeys) insertTrustedKey(db, 'bundle', key, created);
      for (const key of site.nixKeys) insertTrustedKey(db, 'nix', key, created);
      return { result: getSite(db) as Site };
    },
    env,
  );
}

export function getSite(db: SiteDb): Site | undefined {
  const row = db.prepare('SELECT name, threshold, created FROM site WHERE id = 1').get() as SiteRow | undefined;
  if (!row) return undefined;
  return { ...row, bundleKeys: listTrustedKeys(db, 'bundle'), nixKeys: listTrustedKeys(db, 'nix') };
}

export function requireSite(db: SiteDb): Site {
  const site = getSite(db);
  if (!site) throw new NoSiteError();
  return site;
}

/** What bundle verification checks signatures against (rules 2, 3 and 6). */
export function siteTrust(db: SiteDb): SiteTrust {
  const site = requireSite(db);
  return {
    site: site.name,
    bundleKeys: site.bundleKeys.map(toPublicKey),
    threshold: site.threshold,
    nixKeys: site.nixKeys.map(toPublicKey),
  };
}
