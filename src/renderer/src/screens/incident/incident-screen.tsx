// Incident mode: bring hosts back to the last state that worked, in five
// steps read top to bottom (which hosts; targets and preflight; why; run;
// result and report). Once a run starts, the steps give way to its live
// progress and then its result, so the screen never shows a stale plan.
import { ErrorNote } from '../../components/error-note';
import { OperationPanel } from '../../components/operation-panel';
import { useApp } from '../../store/use-app';
import { IncidentSummary } from './incident-summary';
import { PastIncidents } from './past-incidents';
import { PickHostsStep } from './pick-hosts-step';
import { PlanStep } from './plan-step';
import { RunSteps } from './run-steps';

export function IncidentScreen() {
  const plan = useApp((s) => s.incidentPlan);
  const error = useApp((s) => s.incidentError);
  const op = useApp((s) => (s.incidentOperationId ? s.operations[s.incidentOperationId] : undefined));
  const record = useApp((s) => s.incidentRecord);
  const reset = useApp((s) => s.resetIncident);
  const showing = op !== undefined || record !== null;
  return (
    <>
      <h1 id="screen-title">Incident: roll back hosts</h1>
      <p className="muted">
        Brings each chosen host back to its last known good generation: the newest one confirmed healthy before its latest change. Every
        step is recorded for the post-mortem.
      </p>
      <ErrorNote text={error} title="Incident" />
      {showing ? null : (
        <>
          <PickHostsStep />
          {plan ? (
            <>
              <PlanStep plans={plan.hosts} selection={plan.selection} />
              <RunSteps plans={plan.hosts} />
            </>
          ) : null}
        </>
      )}
      {op ? <OperationPanel op={op} title="Incident progress" showResults={false} /> : null}
      {record ? <IncidentSummary incident={record} /> : null}
      {showing && (op === undefined || op.status === 'finished') ? (
        <div className="toolbar">
          <button type="button" onClick={reset}>
            Start a new incident
          </button>
        </div>
      ) : null}
      {showing ? null : <PastIncidents />}
    </>
  );
}
