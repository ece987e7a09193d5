// Setting up the site and changing its trust: the rules that keep a site able
// to accept bundles, the SiteTrust that verification reads, and an audit row
// for every change, refused ones included.
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../../../src/main/core/db/audit-log';
import { verifyAuditChain } from '../../../../src/main/core/db/audit-verify';
import { NoSiteError, SiteRefusal } from '../../../../src/main/core/db/db-errors';
import { getSite, initSite, siteTrust } from '../../../../src/main/core/db/site-store';
import { addTrustedKey, removeTrustedKey, setThreshold } from '../../../../src/main/core/db/trust-changes';
import { signDetached, trustedSigner } from '../../../../src/main/core/nix/signing';
import { keyPair, openTempDatabase, tickingEnv } from '../../../helpers/site-db';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-site-');
const [b1, b2, b3, n1] = ['build-1', 'build-2', 'build-3', 'nix-1'].map(keyPair) as [
  ReturnType<typeof keyPair>,
  ReturnType<typeof keyPair>,
  ReturnType<typeof keyPair>,
  ReturnType<typeof keyPair>,
];

function siteOfTwo(threshold = 2): ReturnType<typeof openTempDatabase> {
  const opened = openTempDatabase(tmp);
  initSite(opened.db, { name: 'accel-ctl', bundleKeys: [b1.publicKey, b2.publicKey], threshold, nixKeys: [n1.publicKey] }, tickingEnv());
  return opened;
}

describe('initSite', () => {
  it('stores the site once and hands verification keys that verify real signatures', () => {
    const { db } = siteOfTwo();
    const site = getSite(db);
    expect(site).toMatchObject({ name: 'accel-ctl', threshold: 2, created: '2026-11-20T10:00:00.000Z' });
    expect(site?.bundleKeys.map((k) => k.name)).toEqual(['build-1', 'build-2']);
    const trust = siteTrust(db);
    expect(trust.site).toBe('accel-ctl');
    expect(trust.threshold).toBe(2);
    expect(trust.nixKeys.map((k) => k.name)).toEqual(['nix-1']);
    expect(trustedSigner('manifest', signDetached(b2.secret, 'manifest'), trust.bundleKeys)?.name).toBe('build-2');
    expect(trustedSigner('manifest', signDetached(n1.secret, 'manifest'), trust.bundleKeys)).toBeUndefined();
    expect(listAudit(db).map((r) => [r.action, r.subject, r.outcome])).toEqual([['site.init', 'accel-ctl', 'ok']]);
    expect(() => initSite(db, { name: 'other', bundleKeys: [b3.publicKey], threshold: 1, nixKeys: [b3.publicKey] })).toThrow(
      /already holds site 'accel-ctl'/,
    );
    expect(getSite(db)?.name).toBe('accel-ctl');
    expect(listAudit(db).map((r) => [r.action, r.outcome])).toEqual([
      ['site.init', 'ok'],
      ['site.init', 'refused'],
    ]);
    db.close();
  });

  it('refuses a bad name, an impossible threshold and one key under two names, storing nothing', () => {
    const { db } = openTempDatabase(tmp);
    const base = { name: 'accel-ctl', bundleKeys: [b1.publicKey, b2.publicKey], threshold: 1, nixKeys: [n1.publicKey] };
    expect(() => initSite(db, { ...base, name: 'Accel_Ctl' })).toThrow(SiteRefusal);
    expect(() => initSite(db, { ...base, threshold: 3 })).toThrow(/from 1 to 2/);
    expect(() => initSite(db, { ...base, threshold: 0 })).toThrow(/from 1 to 2/);
    expect(() => initSite(db, { ...base, bundleKeys: [] })).toThrow(/at least one trusted bundle key/);
    const alias = { name: 'alias', key: b1.publicKey.key };
    expect(() => initSite(db, { ...base, bundleKeys: [b1.publicKey, alias], threshold: 2 })).toThrow(
      /already trusted as 'build-1'.*count twice/,
    );
    expect(() => initSite(db, { ...base, bundleKeys: [b1.publicKey, { name: 'build-1', key: b2.publicKey.key }] })).toThrow(
      /named 'build-1'/,
    );
    expect(getSite(db)).toBeUndefined();
    expect(db.prepare('SELECT count(*) FROM trusted_key').pluck().get()).toBe(0);
    expect(listAudit(db).every((r) => r.outcome === 'refused')).toBe(true);
    expect(listAudit(db)).toHaveLength(6);
    expect(() => siteTrust(db)).toThrow(NoSiteError);
    db.close();
  });

  it('refuses to trust a key edited into the database by hand', () => {
    const { db } = siteOfTwo(1);
    db.prepare("UPDATE trusted_key SET key = ? WHERE name = 'build-2'").run(Buffer.alloc(32).toString('base64'));
    expect(() => siteTrust(db)).toThrow(/'build-2' stored in the database is unusable/);
    db.close();
  });
});

describe('trust changes', () => {
  it('adds and removes keys and moves the threshold, each audited, within the rules', () => {
    const { db } = siteOfTwo(2);
    expect(() => removeTrustedKey(db, 'bundle', 'build-1')).toThrow(/lower the threshold first/);
    expect(() => setThreshold(db, 3)).toThrow(/from 1 to 2/);
    addTrustedKey(db, 'bundle', b3.publicKey);
    expect(() => addTrustedKey(db, 'bundle', b3.publicKey)).toThrow(/'build-3' is already trusted/);
    expect(setThreshold(db, 3)).toBe(2);
    expect(siteTrust(db).threshold).toBe(3);
    expect(setThreshold(db, 1)).toBe(3);
    expect(removeTrustedKey(db, 'bundle', 'build-1').name).toBe('build-1');
    expect(() => removeTrustedKey(db, 'bundle', 'nobody')).toThrow(/no trusted bundle key is named 'nobody'/);
    expect(() => removeTrustedKey(db, 'nix', 'nix-1')).toThrow(/last trusted Nix key/);
    addTrustedKey(db, 'nix', b1.publicKey);
    removeTrustedKey(db, 'nix', 'nix-1');
    const trust = siteTrust(db);
    expect(trust.bundleKeys.map((k) => k.name)).toEqual(['build-2', 'build-3']);
    expect(trust.nixKeys.map((k) => k.name)).toEqual(['build-1']);
    expect(listAudit(db).map((r) => `${r.action}:${r.subject}:${r.outcome}`)).toEqual([
      'site.init:accel-ctl:ok',
      'trust.remove:build-1:refused',
      'trust.threshold:accel-ctl:refused',
      'trust.add:build-3:ok',
      'trust.add:build-3:refused',
      'trust.threshold:accel-ctl:ok',
      'trust.threshold:accel-ctl:ok',
      'trust.remove:build-1:ok',
      'trust.remove:nobody:refused',
      'trust.remove:nix-1:refused',
      'trust.add:build-1:ok',
      'trust.remove:nix-1:ok',
    ]);
    expect(listAudit(db)[5]?.details).toEqual({ to: 3, from: 2 });
    expect(verifyAuditChain(db).ok).toBe(true);
    db.close();
  });

  it('needs a site', () => {
    const { db } = openTempDatabase(tmp);
    expect(() => addTrustedKey(db, 'bundle', b1.publicKey)).toThrow(NoSiteError);
    expect(() => setThreshold(db, 1)).toThrow(NoSiteError);
    db.close();
  });
});
