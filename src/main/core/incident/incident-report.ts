// The incident report, in Markdown, for the post-mortem: reason, operator,
// times, every host with its generation before, its target and what it ran
// after, health check results, the packages that went back, and a timeline
// that IS the audit log's rows for the incident (ids, times, hashes), so
// report and log can be checked against each other. Pure: the same record
// and rows always give the same text.
import type { AuditRow } from '../db/audit-log';
import type { PackageChange } from '../remote/closure-diff';
import type { IncidentHostResult, IncidentRecord, SystemRef } from '../db/incident-types';
import { rolledBack } from '../db/incident-types';
import { mdCode, mdTable, mdText } from './markdown';

const STATUS_WORDS: Readonly<Record<IncidentHostResult['status'], string>> = {
  'rolled-back': 'rolled back',
  unchanged: 'already there',
  failed: 'FAILED',
  'left-out': 'LEFT OUT',
  'not-started': 'NOT TOUCHED',
};

const gen = (s: SystemRef | null): string => (s === null ? 'unreachable' : s.generation === null ? '-' : String(s.generation));
const yesNo = (b: boolean | null): string => (b === null ? '-' : b ? 'yes' : 'no');
const versions = (v: readonly string[]): string => v.filter(Boolean).join(', ') || '(no version)';
const change = (c: PackageChange): string => `${mdText(c.name)} ${mdText(versions(c.from))} → ${mdText(versions(c.to))}`;

function hostsTable(hosts: readonly IncidentHostResult[]): string {
  return mdTable(
    ['Host', 'Result', 'Before', 'Target (last known good)', 'After', 'Reboot needed', 'Note'],
    hosts.map((h) => [
      `${mdText(h.host)}${h.profile === undefined ? '' : ` (profile ${mdCode(h.profile)})`}${h.canary ? ' (canary)' : ''}`,
      STATUS_WORDS[h.status],
      gen(h.before),
      h.target ? `${h.target.generation} (${targetOrigin(h.target)})` : '-',
      gen(h.after),
      yesNo(h.rebootNeeded),
      mdText(h.reason ?? ''),
    ]),
  );
}

function hostDetail(h: IncidentHostResult): string[] {
  const lines = [
    `### ${mdText(h.host)}`,
    '',
    ...(h.profile === undefined ? [] : [`- Profile: ${mdCode(h.profile)} (the host has no NixOS system)`]),
    `- Before: ${mdCode(h.before.toplevel ?? '-')}`,
    `- Target: ${mdCode(h.target?.toplevel ?? '-')}`,
    `- After: ${mdCode(h.after?.toplevel ?? 'unknown (unreachable at the end)')}`,
  ];
  if (h.deploymentId !== null) lines.push(`- Deployment record: ${h.deploymentId}`);
  if (h.diff) {
    const d = h.diff;
    lines.push(`- Packages going back: ${d.changed.length} changed, ${d.added.length} added, ${d.removed.length} removed`);
    for (const c of d.changed) lines.push(`  - changed: ${change(c)}`);
    for (const c of d.added) lines.push(`  - added: ${change(c)}`);
    for (const c of d.removed) lines.push(`  - removed: ${change(c)}`);
  }
  lines.push(h.health.length === 0 ? '- Health checks: none ran' : '- Health checks:');
  for (const c of h.health) lines.push(`  - ${c.ok ? 'passed' : 'FAILED'} ${mdCode(c.check)}: ${mdText(c.detail)}`);
  return [...lines, ''];
}

function auditDetail(row: AuditRow): string {
  const d = (row.details ?? {}) as Record<string, unknown>;
  const g = (v: unknown): string => String((v as { generation?: unknown } | null)?.generation ?? '-');
  if (row.action === 'incident.start') return `reason: ${String(d.reason)}`;
  if (row.action === 'incident.end') return `outcome: ${String(d.outcome)}`;
  if ('deployment' in d)
    return `deployment ${String(d.deployment)}: generation ${g(d.from)} → ${g(d.to)}, ${String(d.outcome)}${d.why ? `: ${String(d.why)}` : ''}`;
  if ('rooted' in d) return `GC roots for generations ${(d.rooted as { generation: number }[]).map((r) => r.generation).join(', ')}`;
  return String(d.reason ?? d.why ?? '');
}

export function renderIncidentReport(incident: IncidentRecord, audit: readonly AuditRow[]): string {
  const good = incident.hosts.filter(rolledBack).length;
  const run = incident.mode === 'canary' ? 'canary first, then the rest' : `all at once, at most ${incident.parallel} at a time`;
  const facts = mdTable(
    ['', ''],
    [
      ['Reason', mdText(incident.reason)],
      ['Operator', mdText(incident.operator)],
      ['Started', incident.startedAt],
      ['Finished', incident.finishedAt ?? 'still running'],
      ['Hosts chosen', mdText(incident.selection)],
      ['Run', run],
      ['Outcome', `${incident.outcome}: ${good} of ${incident.hosts.length} host(s) on their last known good generation`],
    ],
  );
  const timeline = mdTable(
    ['Audit row', 'Time', 'User', 'Action', 'Subject', 'Outcome', 'Detail'],
    audit.map((r) => [String(r.id), r.time, mdText(r.user), r.action, mdText(r.subject), r.outcome, mdText(auditDetail(r))]),
  );
  const chain =
    audit.length === 0
      ? ''
      : `Audit rows ${audit[0]?.id ?? ''}–${audit.at(-1)?.id ?? ''}; hash of the last: ${mdCode(audit.at(-1)?.hash ?? '')}.`;
  return [
    `# Incident ${incident.id}: ${mdText(incident.reason)}`,
    '',
    facts,
    '',
    '## Hosts',
    '',
    hostsTable(incident.hosts),
    '',
    '## Per host',
    '',
    ...incident.hosts.flatMap(hostDetail),
    '## Timeline',
    '',
    timeline,
    '',
    chain,
    '',
  ].join('\n');
}

/** Where a target's "known good" came from, for the report's table. */
function targetOrigin(t: { readonly source?: string; readonly confirmedAt: string; readonly deploymentId: number | null }): string {
  if (t.source === 'adopted') return `adopted ${t.confirmedAt}, when the host was added`;
  if (t.source === 'picked') return `picked by the operator ${t.confirmedAt}`;
  return `confirmed ${t.confirmedAt}, deployment ${t.deploymentId ?? '-'}`;
}
