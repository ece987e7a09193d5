// Migration 8: version-7 data survives; an incident starts and ends with its
// audit rows, its per-host results are kept whole, and a blank reason is refused.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src/main/core/db/migrate';
import { listAudit } from '../../../../../src/main/core/db/audit-log';
import { verifyAuditChain } from '../../../../../src/main/core/db/audit-verify';
import { addHealthCheck, listHealthChecks } from '../../../../../src/main/core/db/health-checks';
import { finishIncident, getIncident, listIncidents, startIncident } from '../../../../../src/main/core/db/incidents';
import type { IncidentHostResult } from '../../../../../src/main/core/db/incident-types';
import { openTempDatabase, tickingEnv } from '../../../../helpers/site-db';
import { tempDir } from '../../../../helpers/tmp';

const tmp = tempDir('airlock-m008-');
const top = (n: number): string => `/nix/store/${String(n).repeat(32).slice(0, 32)}-nixos-system-ioc1-24.05.${n}`;
const pending = (host: string): IncidentHostResult => ({
  host,
  status: 'not-started',
  reason: null,
  canary: false,
  before: { generation: 4, toplevel: top(4) },
  target: { generation: 2, toplevel: top(2), deploymentId: 7, confirmedAt: '2026-11-19T10:00:00.000Z' },
  after: null,
  deploymentId: null,
  health: [],
  rebootNeeded: false,
  diff: null,
});

describe('migration 008 incidents', () => {
  it('keeps version-7 health checks and records incidents with their start and end audit rows', () => {
    const { db } = openTempDatabase(tmp, { migrateTo: 7 });
    const env = tickingEnv();
    addHealthCheck(db, { host: 'ioc1' }, { kind: 'command', command: 'true', expectStatus: 0, timeoutSeconds: 5 }, env);
    expect(() => db.prepare('SELECT * FROM incident').all()).toThrow(/no such table/);
    expect(migrate(db, 8)).toBe(8);
    expect(listHealthChecks(db)).toHaveLength(1);

    const started = startIncident(
      db,
      { reason: 'PLC timeouts', mode: 'canary', parallel: 4, selection: 'tag rack-a', hosts: [pending('ioc1'), pending('ioc2')] },
      env,
    );
    expect(started).toMatchObject({ id: 1, outcome: 'running', operator: 'operator', finishedAt: null, endAuditId: null });
    const start = listAudit(db).at(-1);
    expect(start).toMatchObject({
      id: started.startAuditId,
      action: 'incident.start',
      subject: 'incident-1',
      details: { reason: 'PLC timeouts', mode: 'canary' },
    });
    expect(start?.time).toBe(started.startedAt);

    const done = finishIncident(
      db,
      1,
      [
        { ...pending('ioc1'), status: 'rolled-back', after: { generation: 2, toplevel: top(2) } },
        { ...pending('ioc2'), status: 'left-out', reason: 'unreachable' },
      ],
      env,
    );
    expect(done).toMatchObject({
      outcome: 'partial',
      hosts: [
        { host: 'ioc1', status: 'rolled-back', after: { generation: 2 } },
        { host: 'ioc2', status: 'left-out' },
      ],
    });
    expect(listAudit(db).at(-1)).toMatchObject({
      id: done.endAuditId,
      action: 'incident.end',
      outcome: 'failed',
      details: { outcome: 'partial' },
    });
    // Finishing twice changes nothing: the record keeps its first end.
    finishIncident(db, 1, [], env);
    expect(getIncident(db, 1).hosts).toHaveLength(2);

    expect(() => startIncident(db, { reason: '  ', mode: 'parallel', parallel: 1, selection: 'x', hosts: [] }, env)).toThrow(
      /needs a reason/,
    );
    expect(() =>
      db
        .prepare(
          "INSERT INTO incident (reason, operator, mode, parallel, selection, started_at, start_audit_id) VALUES (' ', 'a', 'parallel', 1, 'x', 'now', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO incident (reason, operator, mode, parallel, selection, started_at, start_audit_id) VALUES ('r', 'a', 'sometimes', 1, 'x', 'now', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(listIncidents(db).map((i) => i.id)).toEqual([1]);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
    db.close();
  });
});
