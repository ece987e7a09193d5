// Migration 13: version-12 deployment rows survive whole (station and profile
// too); a deployment can then end 'inhibited', audited as refused; the table's
// other rules and its index still hold.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src/main/core/db/migrate';
import { listAudit } from '../../../../../src/main/core/db/audit-log';
import { finishDeployment, getDeployment, startDeployment } from '../../../../../src/main/core/db/deployments';
import { openTempDatabase, tickingEnv } from '../../../../helpers/site-db';
import { tempDir } from '../../../../helpers/tmp';

const tmp = tempDir('airlock-m013-');
const top = (n: number): string => `/nix/store/${String(n).repeat(32)}-nixos-system-host1-24.05.${n}`;
const end = { confirmed: false, pathsSent: 0, bytesSent: 0, health: [] } as const;

describe('migration 013 deployment inhibited', () => {
  it('keeps version-12 rows and lets a deployment end inhibited', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 12 });
    const env = tickingEnv();
    const base = { host: 'host1', kind: 'deploy', action: 'switch', fromGeneration: 1, fromToplevel: top(1), toGeneration: null } as const;
    const old = startDeployment(db, { ...base, toToplevel: top(2), profile: '/nix/var/nix/profiles/per-user/epics/ioc' }, env);
    finishDeployment(db, old, { ...end, outcome: 'succeeded', toGeneration: 2 }, env);
    db.prepare('UPDATE deployment SET station = ? WHERE id = ?').run('station-b', old);
    expect(() => db.prepare("UPDATE deployment SET outcome = 'inhibited' WHERE id = ?").run(old)).toThrow(/CHECK/);
    const before = db.prepare('SELECT * FROM deployment').all();

    expect(migrate(db, 13)).toBe(13);
    expect(db.prepare('SELECT * FROM deployment').all()).toEqual(before);
    expect(getDeployment(db, old)).toMatchObject({
      outcome: 'succeeded',
      station: 'station-b',
      profile: '/nix/var/nix/profiles/per-user/epics/ioc',
    });

    const id = startDeployment(db, { ...base, toToplevel: top(3) }, env);
    const done = finishDeployment(db, id, { ...end, outcome: 'inhibited', outcomeReason: 'dbus-implementation : dbus -> broker' }, env);
    expect(done).toMatchObject({ outcome: 'inhibited', outcomeReason: 'dbus-implementation : dbus -> broker' });
    expect(listAudit(db).at(-1)).toMatchObject({
      action: 'host.deploy',
      subject: 'host1',
      outcome: 'refused',
      details: { outcome: 'inhibited' },
    });
    expect(() => db.prepare("UPDATE deployment SET outcome = 'bogus' WHERE id = ?").run(id)).toThrow(/CHECK/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deployment'").all()).toEqual([
      { name: 'deployment_by_host' },
    ]);
  });
});
