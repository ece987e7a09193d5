// Migration 4: everything made at version 3 survives, and settings are one value per key.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src/main/core/db/migrate';
import { getSetting, setSetting } from '../../../../../src/main/core/db/settings';
import { appendAudit } from '../../../../../src/main/core/db/audit-log';
import { verifyAuditChain } from '../../../../../src/main/core/db/audit-verify';
import { openTempDatabase } from '../../../../helpers/site-db';
import { tempDir } from '../../../../helpers/tmp';

const tmp = tempDir('airlock-m004-');

describe('migration 004 settings', () => {
  it('keeps the version-3 audit log and adds settings with one value per key', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 3 });
    appendAudit(db, { action: 'test.before', subject: 'm004', outcome: 'ok' });
    expect(() => db.prepare('SELECT * FROM setting').all()).toThrow(/no such table/);

    expect(migrate(db, 4)).toBe(4);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 1 });
    expect(getSetting(db, 'last-cache')).toBeUndefined();
    setSetting(db, 'last-cache', '/media/op/STICK/airlock');
    setSetting(db, 'last-cache', '/media/op/OTHER/airlock');
    expect(getSetting(db, 'last-cache')).toBe('/media/op/OTHER/airlock');
    expect(db.prepare('SELECT count(*) FROM setting').pluck().get()).toBe(1);
    expect(() => db.prepare("INSERT INTO setting (key, value) VALUES ('', 'x')").run()).toThrow(/CHECK/);
    db.close();
  });
});
