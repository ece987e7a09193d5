// Incident mode for the app (issue 6): which hosts a selection names, the plan
// with preflight (nothing changes), the run as an operation of kind
// 'incident' followed through 'operation' events, and the records and their
// Markdown reports. The engine (core/incident) does the work, exactly as
// `airlock incident rollback` calls it; this file only adapts it to the faces.
import type { ApiHandlers } from '../../../shared/api';
import type { IncidentHostResult } from '../db/incident-types';
import type { HostOutcome, HostOutcomeKind } from '../operations/host-outcome';
import type { ServiceContext } from './context';
import type { OperationRunner } from './operations';
import { incidentReport, listIncidents, planIncident, prepareIncident, selectForIncident } from '../usecases/incident';

type IncidentHandlers = Pick<ApiHandlers, 'incidentSelect' | 'incidentPlan' | 'incidentStart' | 'incidentsList' | 'incidentReport'>;

const OUTCOME: Readonly<Record<IncidentHostResult['status'], HostOutcomeKind>> = {
  'rolled-back': 'succeeded',
  unchanged: 'unchanged',
  failed: 'failed',
  'left-out': 'failed',
  'not-started': 'cancelled',
};

/** An incident host's result as the operation's per-host outcome, so progress bars end like a deploy's do. */
function outcomeOf(r: IncidentHostResult): HostOutcome {
  const ref = (s: IncidentHostResult['before'] | null) => ({ generation: s?.generation ?? null, toplevel: s?.toplevel ?? null });
  return {
    host: r.host,
    outcome: OUTCOME[r.status],
    reason: r.reason,
    deploymentId: r.deploymentId,
    from: ref(r.before),
    to: ref(r.after),
    pushMethod: null,
    pathsSent: 0,
    bytesSent: 0,
    pushMs: null,
    activationMs: null,
    health: r.health,
    activationLog: '',
    rebootNeeded: r.rebootNeeded,
  };
}

export function incidentHandlers(ctx: ServiceContext, operations: OperationRunner): IncidentHandlers {
  return {
    incidentSelect: async (sel) => {
      const chosen = selectForIncident(ctx.uc, sel);
      return { hosts: chosen.hosts.map((h) => h.name), selection: chosen.selection };
    },
    incidentPlan: async (sel) => planIncident(ctx.uc, sel),
    incidentStart: async ({ selection, reason, mode, parallel }) => {
      // Chosen now, so an empty tag or no deployment on record is refused at once, not as a failed operation.
      const prepared = prepareIncident(ctx.uc, { selection, reason, mode, parallel });
      const names = prepared.chosen.hosts.map((h) => h.name);
      const subject = `incident rollback of ${names.join(', ')} (${prepared.chosen.selection}${mode === 'canary' ? ', canary first' : ''})`;
      return operations.start('incident', subject, names, async (hooks) => {
        const run = await prepared.run({ ...hooks, onPlan: (_plans, incident) => hooks.annotate({ incidentId: incident.id }) });
        return run.incident.hosts.map(outcomeOf);
      });
    },
    incidentsList: async () => listIncidents(ctx.uc),
    incidentReport: async ({ id }) => {
      const { record, markdown } = incidentReport(ctx.uc, id);
      return { id, fileName: `incident-${id}.md`, file: record.reportFile, markdown };
    },
  };
}
