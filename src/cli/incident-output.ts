// How `airlock incident rollback` shows its plan (with preflight) and its
// summary on a terminal; --json prints one document at the end instead.
import type { CommandContext } from './command';
import { printLine } from './output';
import { formatTable } from './table';
import type { IncidentHostPlan, IncidentHostResult, IncidentRecord, SystemRef } from '../main/core/usecases/incident';

const gen = (s: SystemRef | null): string => (s === null ? 'unreachable' : s.generation === null ? '-' : String(s.generation));

function changes(p: IncidentHostPlan): string {
  if (p.problem !== null || p.unchanged) return '-';
  if (!p.diff) return 'unknown';
  const { changed, added, removed } = p.diff;
  const names = changed
    .slice(0, 3)
    .map((c) => `${c.name} ${c.from.join(',')}→${c.to.join(',')}`)
    .join('; ');
  return `${changed.length} changed, ${added.length} added, ${removed.length} removed${names ? ` (${names}${changed.length > 3 ? '; …' : ''})` : ''}`;
}

export function printIncidentPlan(ctx: CommandContext, incident: IncidentRecord, plans: readonly IncidentHostPlan[]): void {
  printLine(
    ctx,
    `incident ${incident.id}: ${incident.reason} (${incident.selection}, ${incident.mode === 'canary' ? 'canary first' : `at most ${incident.parallel} at once`})`,
  );
  const canary = incident.hosts.find((h) => h.canary)?.host;
  const rows = plans.map((p) => [
    `${p.host}${p.profile === undefined ? '' : ` profile ${p.profile}`}${p.host === canary ? ' (canary)' : ''}`,
    gen(p.current),
    p.target
      ? `${p.target.generation} (${p.target.source === 'adopted' ? 'adopted' : p.target.source === 'picked' ? 'picked' : 'confirmed'} ${p.target.confirmedAt})`
      : '-',
    changes(p),
    p.problem === null ? (p.rebootNeeded ? 'yes' : 'no') : '-',
    p.problem ?? (p.unchanged ? 'ok: already runs it' : 'ok'),
  ]);
  ctx.stdout.write(formatTable(['HOST', 'NOW', 'LAST KNOWN GOOD', 'PACKAGES BACK', 'REBOOT', 'PREFLIGHT'], rows));
  // A host left out for want of a target says what could be picked for it next time.
  for (const p of plans) {
    if (p.target !== null || p.choices.length === 0) continue;
    const listed = p.choices.map((c) => `${c.generation}${c.current ? ' (runs now)' : ''}${c.date ? ` ${c.date.slice(0, 10)}` : ''}`);
    printLine(ctx, `${p.host}: pick a target with --pick ${p.host}=GENERATION; its generations: ${listed.join(', ')}`);
  }
}

const WORDS: Readonly<Record<IncidentHostResult['status'], string>> = {
  'rolled-back': 'rolled back',
  unchanged: 'already there',
  failed: 'failed',
  'left-out': 'left out',
  'not-started': 'not touched',
};

export function printIncidentSummary(ctx: CommandContext, incident: IncidentRecord): void {
  const rows = incident.hosts.map((h) => [
    h.profile === undefined ? h.host : `${h.host} profile ${h.profile}`,
    WORDS[h.status],
    gen(h.before),
    gen(h.after),
    h.rebootNeeded ? 'reboot needed' : '',
    h.reason ?? '',
  ]);
  ctx.stdout.write(formatTable(['HOST', 'RESULT', 'BEFORE', 'AFTER', 'REBOOT', 'WHY'], rows));
}

export const statusWords = (h: IncidentHostResult): string => WORDS[h.status];
