// Migration 3: everything made at version 2 survives, and the new audit log
// takes appends but refuses UPDATE and DELETE.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src/main/core/db/migrate';
import { appendAudit, listAudit } from '../../../../../src/main/core/db/audit-log';
import { verifyAuditChain } from '../../../../../src/main/core/db/audit-verify';
import { keyPair, openTempDatabase, tickingEnv } from '../../../../helpers/site-db';
import { tempDir } from '../../../../helpers/tmp';

const tmp = tempDir('airlock-m003-');

describe('migration 003 audit-log', () => {
  it('keeps version-2 data and adds an append-only, chained audit log', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 2 });
    const key = keyPair('build-1').publicKey.key.toString('base64');
    db.prepare("INSERT INTO site (id, name, threshold, created) VALUES (1, 'accel-ctl', 1, '2026-11-20T10:00:00.000Z')").run();
    db.prepare("INSERT INTO trusted_key (kind, name, key, added) VALUES ('nix', 'build-1', ?, '2026-11-20T10:00:00.000Z')").run(key);
    db.prepare(
      "INSERT INTO accepted_bundle (site, sequence, created, manifest_sha256, accepted_at) VALUES ('accel-ctl', 7, '2026-11-20T10:00:00Z', ?, '2026-11-21T00:00:00.000Z')",
    ).run('cd'.repeat(32));

    expect(migrate(db, 3)).toBe(3);
    expect(db.prepare('SELECT name FROM site').pluck().get()).toBe('accel-ctl');
    expect(db.prepare('SELECT key FROM trusted_key').pluck().get()).toBe(key);
    expect(db.prepare('SELECT sequence FROM accepted_bundle').pluck().get()).toBe(7);

    const env = tickingEnv();
    appendAudit(db, { action: 'site.init', subject: 'accel-ctl', outcome: 'ok', details: { note: 'migrated' } }, env);
    appendAudit(db, { action: 'trust.add', subject: 'build-2', outcome: 'refused' }, env);
    expect(listAudit(db).map((r) => [r.id, r.action, r.outcome])).toEqual([
      [1, 'site.init', 'ok'],
      [2, 'trust.add', 'refused'],
    ]);
    expect(() => db.prepare("UPDATE audit_log SET subject = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO audit_log (time, os_user, action, subject, outcome, details, prev_hash, hash) VALUES ('t', 'u', 'a', 's', 'maybe', '{}', ?, ?)",
        )
        .run('0'.repeat(64), '1'.repeat(64)),
    ).toThrow(/CHECK/);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 2 });
    db.close();
  });
});
