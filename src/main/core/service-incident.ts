// Incident mode for the app (issue 6): which hosts a selection names, the plan
// with preflight (nothing changes), the run as an operation of kind
// 'incident' followed through 'operation' events, and the records and their
// Markdown reports. The engine (core/incident) does the work, exactly as
// `airlock incident rollback` calls it; this file only adapts it to the faces.
import type { ApiHandlers } from '../../shared/api';
import type { IncidentSelectionView } from '../../shared/schemas';
import { getIncident, listIncidents } from './db/incidents';
import { planIncident } from './incident/incident-plan';
import { incidentReport } from './incident/incident-report-file';
import type { IncidentHostResult } from './incident/incident-types';
import { runIncident } from './incident/run-incident';
import { selectIncidentHosts, type SelectedHosts } from './incident/select-hosts';
import type { HostOutcome, HostOutcomeKind } from './remote/deploy/host-outcome';
import { validateTag } from './remote/validate';
import type { ServiceContext } from './service-context';
import { ACTIVATION_DEFAULTS, hostsContext } from './service-deploy';
import type { OperationRunner } from './service-operations';

type IncidentHandlers = Pick<ApiHandlers, 'incidentSelect' | 'incidentPlan' | 'incidentStart' | 'incidentsList' | 'incidentReport'>;

function select(ctx: ServiceContext, sel: IncidentSelectionView): SelectedHosts {
  // A tag is checked the way `airlock incident rollback --tag` checks it.
  return selectIncidentHosts(ctx.db(), sel.kind === 'tag' ? { kind: 'tag', tag: validateTag(sel.tag) } : sel);
}

const OUTCOME: Readonly<Record<IncidentHostResult['status'], HostOutcomeKind>> = {
  'rolled-back': 'succeeded', unchanged: 'unchanged', failed: 'failed', 'left-out': 'failed', 'not-started': 'cancelled',
};

/** An incident host's result as the operation's per-host outcome, so progress bars end like a deploy's do. */
function outcomeOf(r: IncidentHostResult): HostOutcome {
  const ref = (s: IncidentHostResult['before'] | null) => ({ generation: s?.generation ?? null, toplevel: s?.toplevel ?? null });
  return {
    host: r.host, outcome: OUTCOME[r.status], reason: r.reason, deploymentId: r.deploymentId, from: ref(r.before), to: ref(r.after),
    pushMethod: null, pathsSent: 0, bytesSent: 0, pushMs: null, activationMs: null, health: r.health, activationLog: '', rebootNeeded: r.rebootNeeded,
  };
}

export function incidentHandlers(ctx: ServiceContext, operations: OperationRunner): IncidentHandlers {
  return {
    incidentSelect: async (sel) => {
      const chosen = select(ctx, sel);
      return { hosts: chosen.hosts.map((h) => h.name), selection: chosen.selection };
    },
    incidentPlan: async (sel) => {
      const chosen = select(ctx, sel);
      const plans = await planIncident(hostsContext(ctx), chosen.hosts, chosen.before ? { before: chosen.before } : {});
      return { selection: chosen.selection, hosts: plans };
    },
    incidentStart: async ({ selection, reason, mode, parallel }) => {
      // Chosen now, so an empty tag or no deployment on record is refused at once, not as a failed operation.
      const chosen = select(ctx, selection);
      const names = chosen.hosts.map((h) => h.name);
      const subject = `incident rollback of ${names.join(', ')} (${chosen.selection}${mode === 'canary' ? ', canary first' : ''})`;
      return operations.start('incident', subject, names, async (hooks) => {
        const run = await runIncident(
          hostsContext(ctx, hooks),
          { ...ACTIVATION_DEFAULTS, hosts: chosen.hosts, reason, selection: chosen.selection, mode, parallel, ...(chosen.before ? { before: chosen.before } : {}) },
          { onPlan: (_plans, incident) => hooks.annotate({ incidentId: incident.id }) },
        );
        return run.incident.hosts.map(outcomeOf);
      });
    },
    incidentsList: async () => listIncidents(ctx.db()),
    incidentReport: async ({ id }) => {
      const db = ctx.db();
      return { id, fileName: `incident-${id}.md`, file: getIncident(db, id).reportFile, markdown: incidentReport(db, id) };
    },
  };
}
