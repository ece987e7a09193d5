// Incident mode: choose hosts (by name, tag, or those the latest deployment
// changed), plan with preflight (nothing changes), and run: every chosen host
// back to its last known good generation, all at once or canary first, with a
// record and a Markdown report. An incident always confirms each host and
// runs its health checks, so magic rollback cannot be turned off here.
import { SiteRefusal } from '../db/db-errors';
import { getIncident, listIncidents as listIncidentRecords } from '../db/incidents';
import { planIncident as planIncidentHosts } from '../incident/incident-plan';
import { incidentReport as incidentReportText } from '../incident/incident-report-file';
import type { IncidentHostPlan, IncidentMode, IncidentRecord } from '../db/incident-types';
import { runIncident, type IncidentHooks, type IncidentRun } from '../incident/run-incident';
import { selectIncidentHosts, type IncidentSelection, type SelectedHosts } from '../incident/select-hosts';
import { validateTag } from '../remote/validate';
import type { UseCaseContext } from './context';
import { DEFAULT_PARALLEL } from './deploy';
import { profileActivateOf } from './profiles';
import { activationOptions, hostsContextOf, type ActivationChoice, type RunHooks } from './run-hooks';

export type { IncidentSelection } from '../incident/select-hosts';
export { rolledBack } from '../db/incident-types';
export type { IncidentHostPlan, IncidentHostResult, IncidentRecord, PickableGeneration, SystemRef } from '../db/incident-types';

/** The hosts a selection names; a tag is checked as everywhere else. */
export function selectForIncident(uc: UseCaseContext, selection: IncidentSelection): SelectedHosts {
  return selectIncidentHosts(uc.db(), selection.kind === 'tag' ? { kind: 'tag', tag: validateTag(selection.tag) } : selection);
}

/** Per host name, the generation the operator picked as its target; each host must be among the chosen. */
export type IncidentPicks = Readonly<Record<string, number>>;

function picksFor(chosen: SelectedHosts, picks: IncidentPicks | undefined): ReadonlyMap<string, number> | undefined {
  if (picks === undefined || Object.keys(picks).length === 0) return undefined;
  const names = new Set(chosen.hosts.map((h) => h.name));
  for (const [host, generation] of Object.entries(picks)) {
    if (!names.has(host))
      throw new SiteRefusal(`a target was picked for ${host}, which is not among the chosen hosts (${chosen.selection})`);
    if (!Number.isSafeInteger(generation) || generation < 1)
      throw new SiteRefusal(`the generation picked for ${host} must be a whole number from 1`);
  }
  return new Map(Object.entries(picks));
}

/** Targets, diffs, reboot and preflight per host; nothing changes. */
export async function planIncident(
  uc: UseCaseContext,
  selection: IncidentSelection,
  picks?: IncidentPicks,
): Promise<{ selection: string; hosts: IncidentHostPlan[] }> {
  const chosen = selectForIncident(uc, selection);
  const picked = picksFor(chosen, picks);
  const hosts = await planIncidentHosts(hostsContextOf(uc), chosen.hosts, {
    ...(chosen.before ? { before: chosen.before } : {}),
    ...(picked ? { picks: picked } : {}),
  });
  return { selection: chosen.selection, hosts };
}

export interface IncidentRequest extends Omit<ActivationChoice, 'magicRollback'> {
  readonly selection: IncidentSelection;
  readonly reason: string;
  readonly mode: IncidentMode;
  readonly parallel?: number;
  /** Targets the operator picked for hosts, by name (see planIncident). */
  readonly picks?: IncidentPicks;
}

export interface PreparedIncident {
  readonly chosen: SelectedHosts;
  run(hooks?: RunHooks & IncidentHooks): Promise<IncidentRun>;
}

/** Checks the selection and the reason at once; the run is long work with progress per host. */
export function prepareIncident(uc: UseCaseContext, req: IncidentRequest): PreparedIncident {
  const reason = req.reason.trim();
  if (reason === '') throw new SiteRefusal('an incident needs a reason: say what is wrong, in a few words');
  const chosen = selectForIncident(uc, req.selection);
  const picks = picksFor(chosen, req.picks);
  return {
    chosen,
    run: ({ onPlan, ...hooks } = {}) =>
      runIncident(
        hostsContextOf(uc, hooks),
        {
          ...activationOptions(req),
          hosts: chosen.hosts,
          reason,
          selection: chosen.selection,
          mode: req.mode,
          parallel: req.parallel ?? DEFAULT_PARALLEL,
          ...(chosen.before ? { before: chosen.before } : {}),
          ...(picks ? { picks } : {}),
          profileActivate: (host, profile) => profileActivateOf(uc, host, profile),
        },
        onPlan ? { onPlan } : {},
      ),
  };
}

export function listIncidents(uc: UseCaseContext): IncidentRecord[] {
  return listIncidentRecords(uc.db());
}

export function incidentReport(uc: UseCaseContext, id: number): { record: IncidentRecord; markdown: string } {
  const db = uc.db();
  return { record: getIncident(db, id), markdown: incidentReportText(db, id) };
}
