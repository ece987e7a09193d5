// Where an incident's report lives and what it is made of: the incident row
// and the audit rows between its start and end rows that concern it (its own
// rows, and the rollback and GC-root rows of its hosts; another operator's
// work on other hosts meanwhile is not part of it).
import { renameSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toAuditRow, type AuditRow, type StoredAuditRow } from '../db/audit-log';
import { getIncident, setIncidentReportFile } from '../db/incidents';
import type { SiteDb } from '../db/open-database';
import type { IncidentRecord } from '../db/incident-types';
import { renderIncidentReport } from './incident-report';

const HOST_ACTIONS = new Set(['host.rollback', 'host.lkg-roots']);

export function incidentAuditRows(db: SiteDb, incident: IncidentRecord): AuditRow[] {
  const last = incident.endAuditId ?? Number.MAX_SAFE_INTEGER;
  const hosts = new Set(incident.hosts.map((h) => h.host));
  const own = `incident-${incident.id}`;
  const rows = db
    .prepare('SELECT * FROM audit_log WHERE id BETWEEN ? AND ? ORDER BY id')
    .all(incident.startAuditId, last) as StoredAuditRow[];
  return rows.map(toAuditRow).filter((r) => r.subject === own || (hosts.has(r.subject) && HOST_ACTIONS.has(r.action)));
}

export function incidentReport(db: SiteDb, id: number): string {
  const incident = getIncident(db, id);
  return renderIncidentReport(incident, incidentAuditRows(db, incident));
}

export const incidentReportPath = (dataDir: string, id: number): string => join(dataDir, 'incidents', `incident-${id}.md`);

/** Writes the report whole (temp file, then rename) under <dataDir>/incidents/ and records where. Returns the path. */
export function saveIncidentReport(db: SiteDb, dataDir: string, id: number): string {
  const file = incidentReportPath(dataDir, id);
  mkdirSync(join(dataDir, 'incidents'), { recursive: true });
  writeFileSync(`${file}.tmp`, incidentReport(db, id), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  setIncidentReportFile(db, id, file);
  return file;
}
