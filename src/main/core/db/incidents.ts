// Incident records (migration 008). An incident starts with its row and an
// 'incident.start' audit row in one transaction, and ends with its results
// and an 'incident.end' audit row in another, so the record and the log
// always agree on when it ran and what it did.
import type { IncidentHostResult, IncidentMode, IncidentOutcome, IncidentRecord } from './incident-types';
import { appendAudit } from './audit-log';
import { SiteRefusal } from './db-errors';
import type { SiteDb } from './open-database';
import { systemEnv, type StoreEnv } from './store-env';

export interface NewIncident {
  readonly reason: string;
  readonly mode: IncidentMode;
  readonly parallel: number;
  readonly selection: string;
  /** The plan as preflight left it: each host's status is what it is before the run. */
  readonly hosts: readonly IncidentHostResult[];
}

interface Row {
  readonly id: number;
  readonly reason: string;
  readonly operator: string;
  readonly mode: IncidentMode;
  readonly parallel: number;
  readonly selection: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly outcome: IncidentOutcome;
  readonly hosts: string;
  readonly start_audit_id: number;
  readonly end_audit_id: number | null;
  readonly report_file: string | null;
}

const fromRow = (r: Row): IncidentRecord => ({
  id: r.id,
  reason: r.reason,
  operator: r.operator,
  mode: r.mode,
  parallel: r.parallel,
  selection: r.selection,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  outcome: r.outcome,
  hosts: JSON.parse(r.hosts) as IncidentHostResult[],
  startAuditId: r.start_audit_id,
  endAuditId: r.end_audit_id,
  reportFile: r.report_file,
});

const brief = (h: IncidentHostResult) => ({
  host: h.host,
  status: h.status,
  reason: h.reason,
  before: h.before.generation,
  target: h.target?.generation ?? null,
  after: h.after?.generation ?? null,
  deployment: h.deploymentId,
});

export function startIncident(db: SiteDb, i: NewIncident, env: StoreEnv = systemEnv): IncidentRecord {
  if (i.reason.trim() === '') throw new SiteRefusal('an incident needs a reason: say what is wrong, in a few words');
  return db
    .transaction(() => {
      const next = ((db.prepare('SELECT MAX(id) AS id FROM incident').get() as { id: number | null }).id ?? 0) + 1;
      const audit = appendAudit(
        db,
        {
          action: 'incident.start',
          subject: `incident-${next}`,
          outcome: 'ok',
          details: { reason: i.reason, mode: i.mode, parallel: i.parallel, selection: i.selection, hosts: i.hosts.map(brief) },
        },
        env,
      );
      db.prepare(
        `INSERT INTO incident (id, reason, operator, mode, parallel, selection, started_at, hosts, start_audit_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(next, i.reason, audit.user, i.mode, i.parallel, i.selection, audit.time, JSON.stringify(i.hosts), audit.id);
      return getIncident(db, next);
    })
    .immediate();
}

export function finishIncident(db: SiteDb, id: number, hosts: readonly IncidentHostResult[], env: StoreEnv = systemEnv): IncidentRecord {
  const good = hosts.filter((h) => h.status === 'rolled-back' || h.status === 'unchanged').length;
  const outcome: IncidentOutcome = good === hosts.length ? 'succeeded' : good === 0 ? 'failed' : 'partial';
  return db
    .transaction(() => {
      const audit = appendAudit(
        db,
        {
          action: 'incident.end',
          subject: `incident-${id}`,
          outcome: outcome === 'succeeded' ? 'ok' : 'failed',
          details: { outcome, hosts: hosts.map(brief) },
        },
        env,
      );
      db.prepare("UPDATE incident SET finished_at = ?, outcome = ?, hosts = ?, end_audit_id = ? WHERE id = ? AND outcome = 'running'").run(
        audit.time,
        outcome,
        JSON.stringify(hosts),
        audit.id,
        id,
      );
      return getIncident(db, id);
    })
    .immediate();
}

export function setIncidentReportFile(db: SiteDb, id: number, file: string): void {
  db.prepare('UPDATE incident SET report_file = ? WHERE id = ?').run(file, id);
}

export function getIncident(db: SiteDb, id: number): IncidentRecord {
  const row = db.prepare('SELECT * FROM incident WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new SiteRefusal(`no incident ${id} (see \`airlock incident ls\`)`);
  return fromRow(row);
}

/** Newest first. */
export function listIncidents(db: SiteDb): IncidentRecord[] {
  return (db.prepare('SELECT * FROM incident ORDER BY id DESC').all() as Row[]).map(fromRow);
}
