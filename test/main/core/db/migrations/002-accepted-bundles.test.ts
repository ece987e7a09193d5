// Migration 2: a site and its keys made at version 1 survive, and accepted
// bundles can then be recorded only for that site, once per sequence.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src/main/core/db/migrate';
import { keyPair, openTempDatabase } from '../../../../helpers/site-db';
import { tempDir } from '../../../../helpers/tmp';

const tmp = tempDir('airlock-m002-');
const SHA = 'ab'.repeat(32);

describe('migration 002 accepted-bundles', () => {
  it('keeps the version-1 site and adds accepted_bundle tied to it', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 1 });
    const key = keyPair('build-1').publicKey.key.toString('base64');
    db.prepare("INSERT INTO site (id, name, threshold, created) VALUES (1, 'accel-ctl', 1, '2026-11-20T10:00:00.000Z')").run();
    db.prepare("INSERT INTO trusted_key (kind, name, key, added) VALUES ('bundle', 'build-1', ?, '2026-11-20T10:00:00.000Z')").run(key);

    expect(migrate(db, 2)).toBe(2);
    expect(db.prepare('SELECT name, threshold FROM site').get()).toEqual({ name: 'accel-ctl', threshold: 1 });
    expect(db.prepare('SELECT key FROM trusted_key').pluck().get()).toBe(key);

    const insert = db.prepare(
      "INSERT INTO accepted_bundle (site, sequence, created, expires, manifest_sha256, accepted_at) VALUES (?, ?, '2026-11-20T10:00:00Z', NULL, ?, '2026-11-21T00:00:00.000Z')",
    );
    insert.run('accel-ctl', 1, SHA);
    expect(() => insert.run('accel-ctl', 1, SHA)).toThrow(/UNIQUE/);
    expect(() => insert.run('other-site', 2, SHA)).toThrow(/FOREIGN KEY/);
    expect(() => insert.run('accel-ctl', 0, SHA)).toThrow(/CHECK/);
    expect(() => insert.run('accel-ctl', 2 ** 53, SHA)).toThrow(/CHECK/);
    expect(() => insert.run('accel-ctl', 3, 'AB'.repeat(32))).toThrow(/CHECK/);
    expect(() => insert.run('accel-ctl', 3, 'ab')).toThrow(/CHECK/);
    expect(db.prepare('SELECT sequence FROM accepted_bundle').pluck().all()).toEqual([1]);
    db.close();
  });
});
