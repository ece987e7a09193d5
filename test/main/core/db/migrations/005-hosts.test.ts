// Migration 5: everything made at version 4 survives, and hosts hold one row per name with a pinned key.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src/main/core/db/migrate';
import { appendAudit } from '../../../../../src/main/core/db/audit-log';
import { verifyAuditChain } from '../../../../../src/main/core/db/audit-verify';
import { addHost, listHosts, removeHost } from '../../../../../src/main/core/db/hosts';
import { getSetting, setSetting } from '../../../../../src/main/core/db/settings';
import { openTempDatabase, tickingEnv } from '../../../../helpers/site-db';
import { tempDir } from '../../../../helpers/tmp';

const tmp = tempDir('airlock-m005-');
const hostKey = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIG9u', fingerprint: 'SHA256:abc' };

describe('migration 005 hosts', () => {
  it('keeps version-4 data and adds hosts, unique by name, with audited add and remove', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 4 });
    appendAudit(db, { action: 'test.before', subject: 'm005', outcome: 'ok' });
    setSetting(db, 'last-cache', '/media/op/STICK/airlock');
    expect(() => db.prepare('SELECT * FROM host').all()).toThrow(/no such table/);

    expect(migrate(db, 5)).toBe(5);
    expect(getSetting(db, 'last-cache')).toBe('/media/op/STICK/airlock');
    const env = tickingEnv();
    addHost(db, { name: 'ctl01', address: '10.0.0.1', port: 22, user: 'root', tags: ['rack-a'], hostKey }, env);
    expect(() => addHost(db, { name: 'ctl01', address: '10.0.0.2', port: 22, user: 'root', tags: [], hostKey }, env)).toThrow(
      /already exists/,
    );
    expect(listHosts(db)).toEqual([
      { name: 'ctl01', address: '10.0.0.1', port: 22, user: 'root', tags: ['rack-a'], hostKey, added: '2026-11-20T10:00:00.000Z' },
    ]);
    expect(() =>
      db
        .prepare(
          "INSERT INTO host (name, address, port, user, tags, host_key_type, host_key, host_key_fingerprint, added) VALUES ('x', 'a', 0, 'root', '[]', 't', 'k', 'SHA256:f', 'now')",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO host (name, address, port, user, tags, host_key_type, host_key, host_key_fingerprint, added) VALUES ('x', 'a', 22, 'root', '{}', 't', 'k', 'SHA256:f', 'now')",
        )
        .run(),
    ).toThrow(/CHECK/);

    removeHost(db, 'ctl01', env);
    expect(() => removeHost(db, 'ctl01', env)).toThrow(/no host named 'ctl01'/);
    expect(listHosts(db)).toEqual([]);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 5 });
    db.close();
  });
});
