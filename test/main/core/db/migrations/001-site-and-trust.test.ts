// Migration 1 (N−1 is the empty database): the site is one row with a valid
// name, and one key can be trusted only once per kind, by name and by bytes.
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../src/main/core/db/migrate';
import { keyPair, openTempDatabase } from '../../../../helpers/site-db';
import { tempDir } from '../../../../helpers/tmp';

const tmp = tempDir('airlock-m001-');

describe('migration 001 site-and-trust', () => {
  it('creates site and trusted_key with their rules', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 0 });
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
    expect(migrate(db, 1)).toBe(1);
    expect(schemaVersion(db)).toBe(1);

    const insertSite = db.prepare("INSERT INTO site (id, name, threshold, created) VALUES (?, ?, ?, '2026-11-20T10:00:00.000Z')");
    expect(() => insertSite.run(1, 'Accel', 1)).toThrow(/CHECK/);
    expect(() => insertSite.run(1, '-accel', 1)).toThrow(/CHECK/);
    expect(() => insertSite.run(1, 'a'.repeat(64), 1)).toThrow(/CHECK/);
    expect(() => insertSite.run(1, 'accel', 0)).toThrow(/CHECK/);
    insertSite.run(1, 'accel-ctl', 2);
    expect(() => insertSite.run(2, 'other', 1)).toThrow(/CHECK/);

    const key = keyPair('build-1').publicKey.key.toString('base64');
    const insertKey = db.prepare("INSERT INTO trusted_key (kind, name, key, added) VALUES (?, ?, ?, '2026-11-20T10:00:00.000Z')");
    insertKey.run('bundle', 'build-1', key);
    insertKey.run('nix', 'build-1', key);
    expect(() => insertKey.run('bundle', 'build-1', keyPair('x').publicKey.key.toString('base64'))).toThrow(/UNIQUE/);
    expect(() => insertKey.run('bundle', 'alias', key)).toThrow(/UNIQUE/);
    expect(() => insertKey.run('other', 'k', key)).toThrow(/CHECK/);
    expect(() => insertKey.run('bundle', 'bad:name', keyPair('y').publicKey.key.toString('base64'))).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) FROM trusted_key').pluck().get()).toBe(2);
    db.close();
  });
});
