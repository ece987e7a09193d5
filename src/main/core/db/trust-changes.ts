// Changing whom a site trusts after it was set up. Each change is audited, and
// none may leave the site unable to accept a bundle: the threshold stays within
// the number of bundle keys, and at least one Nix key remains.
import type { SiteDb } from './open-database';
import type { PublicKey } from '../nix/signing';
import { auditedChange } from './audited-change';
import { SiteRefusal } from './db-errors';
import { getSite, requireSite } from './site-store';
import { systemEnv, type StoreEnv } from './store-env';
import { countTrustedKeys, describeKind, insertTrustedKey, keyText, type KeyKind, type TrustedKey } from './trusted-keys';

export function addTrustedKey(db: SiteDb, kind: KeyKind, key: PublicKey, env: StoreEnv = systemEnv): TrustedKey {
  return auditedChange(
    db,
    { action: 'trust.add', subject: key.name, details: { kind, publicKey: keyText(key) } },
    (at) => {
      requireSite(db);
      return { result: insertTrustedKey(db, kind, key, at) };
    },
    env,
  );
}

export function removeTrustedKey(db: SiteDb, kind: KeyKind, name: string, env: StoreEnv = systemEnv): TrustedKey {
  return auditedChange(
    db,
    { action: 'trust.remove', subject: name, details: { kind } },
    () => {
      const site = requireSite(db);
      const key = (kind === 'bundle' ? site.bundleKeys : site.nixKeys).find((k) => k.name === name);
      if (!key) throw new SiteRefusal(`no trusted ${describeKind(kind)} is named '${name}'`);
      const left = countTrustedKeys(db, kind) - 1;
      if (kind === 'bundle' && left < site.threshold) {
        throw new SiteRefusal(
          `removing '${name}' would leave ${left} bundle key(s) for a threshold of ${site.threshold}: lower the threshold first`,
        );
      }
      if (kind === 'nix' && left === 0) throw new SiteRefusal(`'${name}' is the last trusted Nix key; add another before removing it`);
      db.prepare('DELETE FROM trusted_key WHERE kind = ? AND name = ?').run(kind, name);
      return { result: key, details: { publicKey: keyText(key) } };
    },
    env,
  );
}

/** Returns the previous threshold. */
export function setThreshold(db: SiteDb, threshold: number, env: StoreEnv = systemEnv): number {
  return auditedChange(
    db,
    { action: 'trust.threshold', subject: getSite(db)?.name ?? '(no site)', details: { to: threshold } },
    () => {
      const { threshold: from, bundleKeys } = requireSite(db);
      if (!Number.isInteger(threshold) || threshold < 1 || threshold > bundleKeys.length) {
        throw new SiteRefusal(
          `the threshold must be a whole number from 1 to ${bundleKeys.length} (the number of bundle keys), not ${threshold}`,
        );
      }
      db.prepare('UPDATE site SET threshold = ? WHERE id = 1').run(threshold);
      return { result: from, details: { from } };
    },
    env,
  );
}
