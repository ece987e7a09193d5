// The command lines the incident fleet tests run again and again, on a fleet
// site: a command that must succeed, a deploy and an incident rollback with a
// short confirm timeout and their JSON, a host's result, the audit log.
import { expect } from 'vitest';
import type { IncidentRun } from '../../src/main/core/incident/run-incident';
import type { IncidentHostResult } from '../../src/main/core/db/incident-types';
import type { AuditRow } from '../../src/main/core/db/audit-log';
import type { FleetSite } from './fleet-site';

export function incidentCli(site: FleetSite) {
  const ok = (args: readonly string[]): string => {
    const r = site.cli(args);
    expect([r.status, r.stderr], args.join(' ')).toEqual([0, '']);
    return r.text;
  };
  return {
    ok,
    deploy: (args: readonly string[]) => site.cli(['deploy', ...args, '--confirm-timeout', '15', '--json']),
    incident: (args: readonly string[]) => {
      const r = site.cli(['incident', 'rollback', ...args, '--confirm-timeout', '15', '--json']);
      return { ...r, run: JSON.parse(r.text || 'null') as IncidentRun };
    },
    byHost: (run: IncidentRun, name: string): IncidentHostResult => run.incident.hosts.find((h) => h.host === name) as IncidentHostResult,
    audit: (): AuditRow[] => JSON.parse(ok(['audit', '--json'])) as AuditRow[],
  };
}
