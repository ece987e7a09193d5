// Migration 7: version-6 data survives; health checks per host or per tag,
// each added and removed with an audit row; a host gets its own and its tags'.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src/main/core/db/migrate';
import { listAudit } from '../../../../../src/main/core/db/audit-log';
import { startDeployment, getDeployment } from '../../../../../src/main/core/db/deployments';
import { addHealthCheck, healthChecksOf, listHealthChecks, removeHealthCheck } from '../../../../../src/main/core/db/health-checks';
import { openTempDatabase, tickingEnv } from '../../../../helpers/site-db';
import { tempDir } from '../../../../helpers/tmp';

const tmp = tempDir('airlock-m007-');

describe('migration 007 health checks', () => {
  it('keeps version-6 deployments and holds checks per host or tag', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 6 });
    const env = tickingEnv();
    const id = startDeployment(
      db,
      {
        host: 'ioc1',
        kind: 'deploy',
        action: 'switch',
        fromGeneration: 1,
        fromToplevel: null,
        toGeneration: null,
        toToplevel: '/nix/store/x',
      },
      env,
    );
    expect(() => db.prepare('SELECT * FROM health_check').all()).toThrow(/no such table/);
    expect(migrate(db, 7)).toBe(7);
    expect(getDeployment(db, id)).toMatchObject({ host: 'ioc1', outcome: 'running' });

    const own = addHealthCheck(
      db,
      { host: 'ioc1' },
      { kind: 'command', command: 'systemctl is-active epics-ioc', expectStatus: 0, timeoutSeconds: 10 },
      env,
    );
    addHealthCheck(db, { tag: 'rack-a' }, { kind: 'tcp', port: 5064, timeoutSeconds: 3 }, env);
    addHealthCheck(db, { tag: 'rack-b' }, { kind: 'tcp', port: 22, timeoutSeconds: 3 }, env);
    expect(healthChecksOf(db, { name: 'ioc1', tags: ['rack-a'] }).map((c) => (c.kind === 'tcp' ? c.port : c.command))).toEqual([
      'systemctl is-active epics-ioc',
      5064,
    ]);
    expect(healthChecksOf(db, { name: 'ioc2', tags: [] })).toEqual([]);
    expect(() =>
      db.prepare("INSERT INTO health_check (host, tag, kind, command, added) VALUES ('a', 'b', 'command', 'true', 'now')").run(),
    ).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO health_check (host, kind, port, added) VALUES ('a', 'command', 22, 'now')").run()).toThrow(
      /CHECK/,
    );

    removeHealthCheck(db, own.id, env);
    expect(() => removeHealthCheck(db, own.id, env)).toThrow(/no health check/);
    expect(listHealthChecks(db)).toHaveLength(2);
    expect(listAudit(db).map((a) => [a.action, a.outcome])).toEqual([
      ['check.add', 'ok'],
      ['check.add', 'ok'],
      ['check.add', 'ok'],
      ['check.remove', 'ok'],
      ['check.remove', 'refused'],
    ]);
    db.close();
  });
});
